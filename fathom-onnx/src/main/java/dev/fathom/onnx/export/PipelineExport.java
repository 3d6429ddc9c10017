package dev.fathom.onnx.export;

import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * A fitted {@link Pipeline} as one ONNX model that turns raw columns into predictions: the
 * preprocessing ({@link PreprocessingExport}), then the estimator ({@link EstimatorExport}).
 *
 * <p>Outputs: a classifier gives {@code label} (string {@code [N]}, the class names, what
 * {@code predictColumn} gives) and {@code probabilities} (float32 {@code [N, classes]}, column c
 * the class {@code classes().get(c)}); a regressor gives {@code prediction} (float32
 * {@code [N, targets]}). An image pipeline takes {@code images} {@code [N, channels, height, width]}
 * scaled as in training. The metadata_props hold {@code fathom.classes} and {@code fathom.schema}
 * (JSON), {@code fathom.columns} (JSON, the column names, as {@code OnnxPipelineReader} reads them),
 * {@code fathom.target}, {@code fathom.task} and, for images, {@code fathom.pixel_scale}.
 */
final class PipelineExport {
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String PREDICTION = "prediction";

    private PipelineExport() {}

    static ModelProto export(Pipeline p) {
        EstimatorExport.requireSupported(p.estimator());
        OnnxGraph g = new OnnxGraph("fathom_pipeline");
        Value features;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("fathom.kind", "pipeline");
        meta.put("fathom.target", p.target());
        meta.put("fathom.task", p.isClassifier() ? "classification" : "regression");
        if (p.inputKind() == Pipeline.InputKind.IMAGES) {
            int[] shape = p.imageShape();
            String name = g.reserve("images");
            g.input(name, Value.FLOAT, shape, "images [N, channels, height, width], pixels multiplied by " + p.pixelScale());
            features = Value.floats(name, shape);
            meta.put("fathom.pixel_scale", Double.toString(p.pixelScale()));
            meta.put("fathom.schema", Json.writeCompact(Map.of("images", List.of(shape[0], shape[1], shape[2]))));
        } else {
            if (!PreprocessingExport.allNumeric(p.inputs())) {
                for (InputColumn c : p.inputs()) {
                    if (List.of(LABEL, PROBABILITIES, PREDICTION).contains(c.name())) {
                        throw new IllegalArgumentException("the pipeline reads a column named '" + c.name() + "', which is the"
                                + " name of an output of the ONNX file (each column is an input of its own name); rename the"
                                + " column in the training table and fit the pipeline again");
                    }
                }
            }
            features = PreprocessingExport.write(g, p.inputs(), p.preprocessor()).features();
            meta.put("fathom.columns", jsonList(p.inputs().stream().map(InputColumn::name).toList()));
            meta.put("fathom.schema", jsonList(schema(p.inputs())));
            meta.put("fathom.inputs", PreprocessingExport.allNumeric(p.inputs()) ? "one float32 input 'input' [N, "
                    + p.inputs().size() + "] in the schema's column order" : "one input per column, named as the column, [N, 1]");
        }
        String scores = EstimatorExport.write(g, p.estimator(), features);
        if (p.isClassifier()) {
            List<String> classes = p.classes();
            meta.put("fathom.classes", jsonList(classes));
            g.scope("label");
            String best = g.op("ArgMax", List.of(scores), attrs("axis", 1, "keepdims", 0));
            long[] keys = new long[classes.size()];
            for (int i = 0; i < keys.length; i++) keys[i] = i;
            String label = g.ml("LabelEncoder", best, attrs("keys_int64s", keys, "values_strings", classes.toArray(String[]::new),
                    "default_string", ""));
            g.scope(null);
            g.rename(label, g.reserve(LABEL));
            g.output(LABEL, Value.STRING, new int[0], "the predicted class name, as Pipeline.predictColumn");
            g.rename(scores, g.reserve(PROBABILITIES));
            g.output(PROBABILITIES, Value.FLOAT, new int[] {classes.size()}, "class probabilities; column c is class c of"
                    + " fathom.classes, as Pipeline.predictProba");
        } else {
            g.rename(scores, g.reserve(PREDICTION));
            int targets = EstimatorExport.targets(p.estimator());
            g.output(PREDICTION, Value.FLOAT, new int[] {targets}, "the predicted values, as Pipeline.predict");
        }
        return OnnxExport.assemble(g.build(), g.usesMl(), meta);
    }

    /** A JSON array, through the project's JSON writer (which writes objects): the value of a one-key object. */
    static String jsonList(List<?> values) {
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put("v", values);
        String object = Json.writeCompact(wrapper);
        return object.substring(object.indexOf(':') + 1, object.length() - 1);
    }

    private static List<Object> schema(List<InputColumn> inputs) {
        List<Object> out = new ArrayList<>();
        for (InputColumn c : inputs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type().name().toLowerCase(java.util.Locale.ROOT));
            if (!c.categories().isEmpty()) m.put("categories", c.categories());
            out.add(m);
        }
        return out;
    }
}
