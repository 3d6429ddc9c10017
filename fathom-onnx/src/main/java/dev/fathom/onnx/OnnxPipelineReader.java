package dev.fathom.onnx;

import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Functional;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineReader;
import dev.fathom.saving.Json;
import dev.fathom.saving.ModelFileException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code .onnx} file as a {@link Pipeline}, so {@code fathom predict}, {@code evaluate} and
 * {@code serve} take ONNX files (found by {@link java.util.ServiceLoader} behind {@link Pipeline#load}).
 *
 * <p>The network is imported with {@link Onnx#load}. What a pipeline adds comes from the file's
 * {@code metadata_props} when they say it, otherwise from the shapes:
 * <ul>
 *   <li>input {@code [batch, channels, height, width]}: an image classifier, pixels scaled by
 *       {@code fathom.pixel_scale} (default 1/255, pixels to [0, 1]);</li>
 *   <li>input {@code [batch, features]}: a table of numeric columns named by {@code fathom.columns}
 *       (a JSON list; default {@code x0, x1, ...}), the target named {@code fathom.target}
 *       (default the graph's output name);</li>
 *   <li>an output of two or more values per sample: a classifier of those classes, named by
 *       {@code fathom.classes} (a JSON list; default {@code 0, 1, ...}), whose outputs are taken as
 *       logits unless the graph ends in Softmax; one value: a regressor.</li>
 * </ul>
 */
public final class OnnxPipelineReader implements PipelineReader {
    @Override
    public boolean reads(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Pipeline read(Path file) {
        ModelProto proto = OnnxFile.read(file);
        Functional model = OnnxImporter.importModel(proto, file);
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) meta.put(e.getKey(), e.getValue());
        int[] in = model.inputShape();
        int[] out = model.outputShape();
        int outputs = out.length == 0 ? 1 : out[out.length - 1];
        if (out.length > 1) throw bad(file, "its output has " + out.length + " axes per sample; a pipeline predicts one value or one row of class scores");
        boolean classifier = outputs >= 2;
        List<NodeProto> nodes = proto.getGraph().getNodeList();
        boolean probabilities = !nodes.isEmpty() && nodes.getLast().getOpType().equals("Softmax");
        model.compile(new Adam(1e-3), classifier ? new SparseCategoricalCrossentropy(!probabilities) : new MeanSquaredError());
        try {
            List<String> classes = classifier ? names(meta, "fathom.classes", outputs, "", file) : null;
            if (in.length == 3) {
                if (!classifier) throw bad(file, "it takes images but predicts one value; Fathom reads image classifiers");
                double scale = meta.containsKey("fathom.pixel_scale") ? Double.parseDouble(meta.get("fathom.pixel_scale")) : 1 / 255.0;
                return Pipeline.forImages(in[0], in[1], in[2], scale, classes, NetworkClassifier.trained(model, outputs));
            }
            if (in.length != 1) {
                throw bad(file, "its input has samples of shape " + java.util.Arrays.toString(in) + "; a pipeline reads a table"
                        + " [batch, features] or images [batch, channels, height, width]; use Onnx.load for other networks");
            }
            List<String> columns = names(meta, "fathom.columns", in[0], "x", file);
            String target = meta.getOrDefault("fathom.target", proto.getGraph().getOutput(0).getName());
            List<NumericColumn> schema = new ArrayList<>();
            for (String c : columns) schema.add(NumericColumn.of(c, 0.0));
            Table table = Table.of(schema);
            Preprocessor pre = Preprocessor.builder().numeric(columns).build().fit(table);
            Estimator estimator = classifier ? NetworkClassifier.trained(model, outputs) : NetworkRegressor.trained(model, 1);
            return Pipeline.of(table, target, pre, classifier ? labels(target, classes) : null, estimator);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static LabelEncoder labels(String target, List<String> classes) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "LabelEncoder");
        config.put("column", target);
        config.put("classes", classes);
        return LabelEncoder.fromConfig(config);
    }

    /** The names in metadata {@code key} (a JSON list of {@code count} strings), or prefix + index. */
    private static List<String> names(Map<String, String> meta, String key, int count, String prefix, Path file) {
        List<String> names = new ArrayList<>();
        if (meta.containsKey(key)) {
            Object list = Json.parse("{\"v\": " + meta.get(key) + "}", file + " metadata " + key).get("v");
            if (!(list instanceof List<?> l) || l.size() != count) {
                throw bad(file, "metadata " + key + " must be a JSON list of " + count + " names, got " + meta.get(key));
            }
            for (Object o : l) names.add(String.valueOf(o));
            return names;
        }
        for (int i = 0; i < count; i++) names.add(prefix + i);
        return names;
    }

    private static ModelFileException bad(Path file, String message) {
        return OnnxTensors.bad(file, message);
    }
}
