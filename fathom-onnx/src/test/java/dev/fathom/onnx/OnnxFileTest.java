package dev.fathom.onnx;

import dev.fathom.onnx.proto.OnnxProto.GraphProto;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.fathom.saving.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxFileTest {
    @TempDir
    Path dir;

    static ModelProto tinyModel() {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(GraphProto.newBuilder().setName("g")
                        .addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu0").addInput("x").addOutput("y")))
                .build();
    }

    @Test
    void readsAModel() throws IOException {
        Path f = dir.resolve("tiny.onnx");
        Files.write(f, tinyModel().toByteArray());
        ModelProto back = OnnxFile.read(f);
        assertEquals(tinyModel(), back);
    }

    @Test
    void refusesAFileThatIsNotOnnxNamingIt() throws IOException {
        Path f = dir.resolve("notes.onnx");
        Files.writeString(f, "id,label\n1,cat\n2,dog\n");
        ModelFileException e = assertThrows(ModelFileException.class, () -> OnnxFile.read(f));
        assertTrue(e.getMessage().startsWith("cannot load ONNX file '" + f + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] whole = tinyModel().toByteArray();
        Path f = dir.resolve("cut.onnx");
        Files.write(f, Arrays.copyOf(whole, whole.length - 3));
        ModelFileException e = assertThrows(ModelFileException.class, () -> OnnxFile.read(f));
        assertTrue(e.getMessage().contains("'" + f + "'") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesAnEmptyOrMissingFile() throws IOException {
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(ModelFileException.class, () -> OnnxFile.read(empty)).getMessage().contains("empty"));
        Path missing = dir.resolve("missing.onnx");
        assertTrue(assertThrows(ModelFileException.class, () -> OnnxFile.read(missing)).getMessage().contains("no such file"));
    }
}
