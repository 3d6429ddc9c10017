package dev.fathom.onnx.export;

import dev.fathom.models.Model;
import dev.fathom.onnx.proto.OnnxProto.GraphProto;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.fathom.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.AtomicFiles;
import dev.fathom.saving.ModelFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fathom models and pipelines as ONNX models: the entry point behind {@code Onnx.save}. Files
 * declare opset {@value #OPSET} of the default domain (and {@value #ML_OPSET} of ai.onnx.ml when a
 * pipeline's preprocessing needs it), IR version {@value #IR_VERSION}, a dynamic batch axis
 * {@code N}, and are written atomically.
 *
 * <pre>{@code
 * ModelProto proto = OnnxExport.model(model);
 * OnnxExport.write(proto, Path.of("net.onnx"), "the model");
 * }</pre>
 */
public final class OnnxExport {
    /** The opset of the default ONNX domain the files declare. */
    public static final int OPSET = 17;
    /** The opset of the ai.onnx.ml domain, for the preprocessing operators. */
    public static final int ML_OPSET = 3;
    /** The IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    /** The name of a model's output. */
    public static final String OUTPUT = "output";

    private OnnxExport() {}

    /**
     * {@code model} as an ONNX model: its inputs under their names ({@code input} for a Sequential,
     * the Inputs' names for a Functional), float32 (int64 token ids for an input only Embedding
     * layers read), its output {@code output}, what {@code model.predict} computes.
     *
     * @throws IllegalArgumentException naming the layer that has no ONNX form, or when the model is not built
     */
    public static ModelProto model(Model model) {
        OnnxGraph g = new OnnxGraph("fathom_model");
        ModelExport.Exported e = ModelExport.write(g, model, null);
        g.rename(e.output().name(), g.reserve(OUTPUT));
        g.output(OUTPUT, Value.FLOAT, e.output().shape(), "what Model.predict returns");
        return assemble(g.build(), g.usesMl(), Map.of("fathom.kind", "model"));
    }

    /**
     * {@code pipeline} as an ONNX model that turns raw columns into predictions ({@link PipelineExport}).
     *
     * @throws IllegalArgumentException naming the step or estimator that has no ONNX form
     */
    public static ModelProto pipeline(Pipeline pipeline) {
        return PipelineExport.export(pipeline);
    }

    static ModelProto assemble(GraphProto graph, boolean usesMl, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Fathom")
                .setProducerVersion("0.1.0").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (usesMl) m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML).setVersion(ML_OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * Writes {@code proto} to {@code path} atomically: readers see the old file or the whole new one.
     *
     * @param what what is written, for messages ("the model", "the pipeline")
     * @throws ModelFileException naming the file when it cannot be written, or the model is over
     *     the 2 GB one protobuf message holds
     */
    public static void write(ModelProto proto, Path path, String what) {
        String where = "cannot export " + what + " to '" + path + "'";
        long size = proto.getSerializedSize();
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new ModelFileException(where + ": it is over the 2 GB one ONNX file (a protobuf message) can hold");
        }
        try {
            AtomicFiles.write(path, proto::writeTo);
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
    }
}
