package dev.fathom.onnx;

import com.google.protobuf.CodedInputStream;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.saving.ModelFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an ONNX file into its protobuf message, refusing what is not a whole ONNX model: a file
 * that does not parse, is cut short, or lacks the graph and operator sets every model declares.
 * Errors are {@link ModelFileException}s of one line naming the file.
 *
 * <p>The parse holds the file's bytes once and allocates nothing a field's length claims beyond
 * what the file holds (protobuf checks each length against the bytes left), so a hostile file
 * costs at most about twice its size in memory. Tensor sizes are checked against their bytes
 * later, by {@link OnnxTensors}.
 *
 * <pre>{@code
 * ModelProto proto = OnnxFile.read(Path.of("resnet18.onnx"));
 * }</pre>
 */
final class OnnxFile {
    /** Protobuf's own limit for one message; a larger model keeps its weights as external data. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Nesting deeper than this (graphs in attributes in graphs...) is refused; ONNX models nest a few levels. */
    private static final int RECURSION_LIMIT = 64;

    private OnnxFile() {
    }

    /** Parses {@code path} as an ONNX model. */
    static ModelProto read(Path path) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ModelFileException("cannot load ONNX file '" + path + "': it is " + size + " bytes, more than the"
                        + " 2 GB one protobuf message can hold; save the model with its weights as external data"
                        + " (onnx.save_model(..., save_as_external_data=True))");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("cannot load ONNX file '" + path + "': no such file", e);
        } catch (IOException e) {
            throw new ModelFileException("cannot load ONNX file '" + path + "': " + e, e);
        }
        return parse(bytes, path);
    }

    /** Parses {@code bytes} (the contents of {@code path}) as an ONNX model. */
    static ModelProto parse(byte[] bytes, Path path) {
        if (bytes.length == 0) throw new ModelFileException("cannot load ONNX file '" + path + "': the file is empty");
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(RECURSION_LIMIT);
            in.setSizeLimit(bytes.length);
            model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (IOException e) {
            // InvalidProtocolBufferException; a byte array has no other I/O to fail.
            String why = e.getMessage() != null && e.getMessage().contains("truncated")
                    ? "the file is truncated (it ends inside a message)"
                    : "it is not an ONNX model (protobuf: " + e.getMessage() + ")";
            throw new ModelFileException("cannot load ONNX file '" + path + "': " + why, e);
        } catch (RuntimeException e) {
            throw new ModelFileException("cannot load ONNX file '" + path + "': it is not an ONNX model (" + e + ")", e);
        }
        // Random bytes can parse as a message of unknown fields; a model declares its IR version,
        // operator sets and graph.
        if (model.getIrVersion() <= 0 || model.getOpsetImportCount() == 0 || !model.hasGraph()) {
            throw new ModelFileException("cannot load ONNX file '" + path + "': it is not an ONNX model (no "
                    + (model.getIrVersion() <= 0 ? "ir_version" : model.getOpsetImportCount() == 0 ? "opset_import" : "graph")
                    + "); export it with torch.onnx.export, tf2onnx or skl2onnx");
        }
        return model;
    }
}
