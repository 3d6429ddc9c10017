package dev.fathom.onnx;

import dev.fathom.models.Functional;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.saving.ModelFileException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns a parsed ONNX model into a Fathom {@link Functional} model. */
final class OnnxImporter {
    /** The operators the importer maps; the skeleton maps none yet. */
    static final Set<String> SUPPORTED = Set.of();

    private OnnxImporter() {
    }

    static Functional importModel(ModelProto model, Path path) {
        Map<String, Integer> unsupported = new TreeMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!SUPPORTED.contains(n.getOpType())) unsupported.merge(n.getOpType(), 1, Integer::sum);
        }
        throw new ModelFileException("cannot load ONNX file '" + path + "': unsupported operators " + unsupported);
    }
}
