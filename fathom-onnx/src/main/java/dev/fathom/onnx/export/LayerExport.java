package dev.fathom.onnx.export;

import dev.fathom.layers.Activation;
import dev.fathom.layers.Add;
import dev.fathom.layers.Average;
import dev.fathom.layers.AveragePool2D;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Conv1D;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GRU;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.GlobalAveragePooling2D;
import dev.fathom.layers.GlobalMaxPooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerNormalization;
import dev.fathom.layers.Masking;
import dev.fathom.layers.MaxPool1D;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Merge;
import dev.fathom.layers.MultiHeadAttention;
import dev.fathom.layers.Multiply;
import dev.fathom.layers.Normalization;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.Rescaling;
import dev.fathom.layers.Reshape;
import dev.fathom.layers.SimpleRNN;
import dev.fathom.layers.TimeDistributed;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * Every built-in layer as ONNX operators, and the masks of padded steps they make and pass on
 * (Fathom's {@code computeMask}), for the model exporter. The layers of this file map to one or a
 * few operators each; convolutions and pooling are in {@link ConvolutionExport}, the recurrent
 * layers in {@link RecurrentExport}, attention and the Transformer block in {@link AttentionExport}. A layer of a type not listed (a user's own) is refused,
 * named, before anything is written.
 */
final class LayerExport {
    /** The layer types this exporter writes, for messages. */
    static final List<String> SUPPORTED = List.of("Dense", "Activation", "Dropout", "Flatten", "Reshape", "Conv1D", "Conv2D",
            "MaxPool1D", "MaxPool2D", "AveragePool2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D",
            "BatchNormalization", "LayerNormalization", "Normalization", "Rescaling", "Embedding", "Masking", "SimpleRNN", "LSTM",
            "GRU", "Bidirectional", "TimeDistributed", "MultiHeadAttention", "PositionalEmbedding", "TransformerEncoder", "Add", "Average",
            "Multiply", "Concatenate");

    private LayerExport() {}

    /** Throws, naming the layer, when {@code layer} (or a layer it wraps) has no ONNX form here. */
    static void requireSupported(Layer layer) {
        Layer inner = switch (layer) {
            case TimeDistributed t -> t.layer();
            default -> null;
        };
        if (inner != null) requireSupported(inner);
        if (layer.getClass().getPackageName().equals("dev.fathom.layers") && SUPPORTED.contains(layer.getClass().getSimpleName())) {
            return;
        }
        if (layer.getClass().getPackageName().equals("dev.fathom.onnx.layers")) {
            if (ImportedLayerExport.supports(layer)) return;
            throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.typeName() + ") came from an ONNX import"
                    + " (Onnx.load) and is not exported again: of the imported layers, export writes "
                    + ImportedLayerExport.SUPPORTED + " (average pooling without ceil mode), besides Fathom's built-in layers;"
                    + " use the original .onnx file");
        }
        throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.getClass().getName() + ") has no ONNX form:"
                + " ONNX export writes Fathom's built-in layers " + SUPPORTED + "; replace it with built-in layers, or export"
                + " the model without it");
    }

    /** The output of {@code layer} applied to {@code in} (one value, several for a merge), honouring {@code mask} (null for none). */
    static Value apply(OnnxGraph g, Layer layer, List<Value> in, String mask) {
        if (layer instanceof Merge merge) return merge(g, merge, in);
        Value x = in.getFirst();
        return switch (layer) {
            case Dense d -> dense(g, d, x);
            case Activation a -> Value.floats(ActivationExport.apply(g, new LayerConfig(a).string("activation", "linear"), x.name(), -1),
                    a.outputShape());
            case Dropout d -> x;   // inference: the identity
            case Flatten f -> Value.floats(g.op("Flatten", List.of(x.name()), attrs("axis", 1)), f.outputShape());
            case Reshape r -> reshape(g, x.name(), 0, r.outputShape(), r.outputShape());
            case Conv1D c -> ConvolutionExport.conv1d(g, c, x);
            case Conv2D c -> ConvolutionExport.conv2d(g, c, x);
            case MaxPool1D p -> ConvolutionExport.maxPool1d(g, p, x);
            case MaxPool2D p -> ConvolutionExport.maxPool2d(g, p, x);
            case AveragePool2D p -> ConvolutionExport.averagePool2d(g, p, x);
            case GlobalAveragePooling2D p -> Value.floats(g.op("ReduceMean", List.of(x.name()),
                    attrs("axes", new int[] {2, 3}, "keepdims", new LayerConfig(p).bool("keepDims", false) ? 1 : 0)), p.outputShape());
            case GlobalAveragePooling1D p -> globalPooling1d(g, p, x, mask, false);
            case GlobalMaxPooling1D p -> globalPooling1d(g, p, x, mask, true);
            case BatchNormalization b -> batchNormalization(g, b, x);
            case LayerNormalization l -> layerNormalization(g, l, x);
            case Normalization n -> normalization(g, n, x);
            case Rescaling r -> rescaling(g, r, x);
            case Embedding e -> Value.floats(g.op("Gather", List.of(g.weight(new LayerConfig(e).weight("embeddings"), "embeddings"),
                    ids(g, x)), attrs("axis", 0)), e.outputShape());
            case Masking m -> Value.floats(g.op("Mul", x.name(), keepSteps(g, m, x, true)), m.outputShape());
            case SimpleRNN r -> RecurrentExport.recurrent(g, r, x, mask);
            case LSTM r -> RecurrentExport.recurrent(g, r, x, mask);
            case GRU r -> RecurrentExport.recurrent(g, r, x, mask);
            case Bidirectional b -> RecurrentExport.bidirectional(g, b, x, mask);
            case TimeDistributed t -> timeDistributed(g, t, x);
            case MultiHeadAttention a -> AttentionExport.multiHeadAttention(g, a, x, mask);
            case PositionalEmbedding p -> AttentionExport.positionalEmbedding(g, p, x);
            case TransformerEncoder t -> AttentionExport.transformerEncoder(g, t, x, mask);
            default -> {
                requireSupported(layer);
                yield ImportedLayerExport.apply(g, layer, x);
            }
        };
    }

    /**
     * The mask of padded steps {@code layer}'s output carries ({@code [N, T]} float32, 1 for a real
     * step), given its inputs and their masks: Fathom's {@code computeMask}.
     */
    static String mask(OnnxGraph g, Layer layer, List<Value> in, List<String> masks) {
        if (layer instanceof Merge) {
            String all = null;
            for (String m : masks) if (m != null) all = all == null ? m : g.op("Mul", all, m);
            return all;
        }
        Value x = in.getFirst();
        String mask = masks.getFirst();
        return switch (layer) {
            case Embedding e -> e.maskZero()
                    ? g.op("Cast", List.of(g.op("Not", g.op("Equal", ids(g, x), g.longs("zero", new long[] {0}, new long[0])))),
                            attrs("to", Value.FLOAT))
                    : null;
            case Masking m -> keepSteps(g, m, x, false);
            case SimpleRNN r -> new LayerConfig(r).bool("returnSequences", false) ? mask : null;
            case LSTM r -> new LayerConfig(r).bool("returnSequences", false) ? mask : null;
            case GRU r -> new LayerConfig(r).bool("returnSequences", false) ? mask : null;
            case Bidirectional b -> new LayerConfig(b.forwardLayer()).bool("returnSequences", false) ? mask : null;
            case GlobalAveragePooling1D p -> null;
            case GlobalMaxPooling1D p -> null;
            default -> mask;
        };
    }

    // ---- the layers ------------------------------------------------------------------------------

    static Value dense(OnnxGraph g, Dense d, Value x) {
        LayerConfig c = new LayerConfig(d);
        String y = g.op("MatMul", x.name(), g.weight(c.weight("kernel"), "kernel"));
        Tensor bias = c.weight("bias");
        if (bias != null) y = g.op("Add", y, g.weight(bias, "bias"));
        return Value.floats(ActivationExport.apply(g, c.string("activation", "linear"), y, -1), d.outputShape());
    }

    /** {@code x} reshaped to {@code [batch, ...shape]}; {@code batch} 0 copies the input's batch size, -1 infers it. */
    private static Value reshape(OnnxGraph g, String x, long batch, int[] shape, int[] perSample) {
        long[] target = new long[shape.length + 1];
        target[0] = batch;
        for (int i = 0; i < shape.length; i++) target[i + 1] = shape[i];
        return Value.floats(g.op("Reshape", x, g.longs(target)), perSample);
    }

    private static Value globalPooling1d(OnnxGraph g, Layer p, Value x, String mask, boolean max) {
        int keepDims = new LayerConfig(p).bool("keepDims", false) ? 1 : 0;
        var a = attrs("axes", new int[] {1}, "keepdims", keepDims);
        if (mask == null) return Value.floats(g.op(max ? "ReduceMax" : "ReduceMean", List.of(x.name()), a), p.outputShape());
        String keep = g.op("Unsqueeze", mask, g.longs(2));                               // [N, T, 1]
        String real = g.op("Cast", List.of(keep), attrs("to", Value.BOOL));
        if (!max) {
            // The mean of the real steps; at least 1 in the count, so an all-padding sequence gives 0, as in Fathom.
            String count = g.op("Max", g.op("ReduceSum", List.of(keep, g.longs(1)), attrs("keepdims", keepDims)), g.scalar(1));
            String sum = g.op("ReduceSum", List.of(g.op("Where", real, x.name(), g.scalar(0)), g.longs(1)), attrs("keepdims", keepDims));
            return Value.floats(g.op("Div", sum, count), p.outputShape());
        }
        String best = g.op("ReduceMax", List.of(g.op("Where", real, x.name(), g.scalar(Double.NEGATIVE_INFINITY))), a);
        String any = g.op("Cast", List.of(g.op("ReduceMax", List.of(keep), a)), attrs("to", Value.BOOL));
        return Value.floats(g.op("Where", any, best, g.scalar(0)), p.outputShape());
    }

    private static Value batchNormalization(OnnxGraph g, BatchNormalization b, Value x) {
        LayerConfig c = new LayerConfig(b);
        int features = b.inputShape()[0];
        String gamma = c.weight("gamma") != null ? g.weight(c.weight("gamma"), "gamma") : g.floats("ones", filled(features, 1), features);
        String beta = c.weight("beta") != null ? g.weight(c.weight("beta"), "beta") : g.floats("zeros", filled(features, 0), features);
        String y = g.op("BatchNormalization", List.of(x.name(), gamma, beta, g.weight(b.movingMean(), "moving_mean"),
                g.weight(b.movingVariance(), "moving_variance")), attrs("epsilon", (float) c.number("epsilon", 1e-3)));
        return Value.floats(y, b.outputShape());
    }

    static Value layerNormalization(OnnxGraph g, LayerNormalization l, Value x) {
        LayerConfig c = new LayerConfig(l);
        int[] in = l.inputShape();
        int rank = in.length + 1;
        int[] axes = c.integers("axis", 1, new int[] {-1});
        boolean[] chosen = new boolean[rank];
        for (int a : axes) chosen[a < 0 ? a + rank : a] = true;
        int first = rank;
        for (int a = rank - 1; a >= 1 && chosen[a]; a--) first = a;
        int count = 0;
        for (boolean ch : chosen) if (ch) count++;
        Tensor gammaW = c.weight("gamma");
        Tensor betaW = c.weight("beta");
        float epsilon = (float) c.number("epsilon", 1e-3);
        int[] paramShape = new int[in.length];
        for (int a = 1; a < rank; a++) paramShape[a - 1] = chosen[a] ? in[a - 1] : 1;
        if (count == rank - first) {
            // The normalized axes are the trailing ones: ONNX's LayerNormalization says it in one node.
            int[] normalized = Arrays.copyOfRange(in, first - 1, in.length);
            int size = Arrays.stream(normalized).reduce(1, (p, q) -> p * q);
            String gamma = gammaW != null ? g.floats("gamma", gammaW.toFloatArray(), OnnxGraph.toLongs(normalized))
                    : g.floats("ones", filled(size, 1), OnnxGraph.toLongs(normalized));
            List<String> args = new ArrayList<>(List.of(x.name(), gamma));
            if (betaW != null) args.add(g.floats("beta", betaW.toFloatArray(), OnnxGraph.toLongs(normalized)));
            return Value.floats(g.op("LayerNormalization", args, attrs("axis", first, "epsilon", epsilon)), l.outputShape());
        }
        int[] reduce = new int[count];
        for (int a = 0, k = 0; a < rank; a++) if (chosen[a]) reduce[k++] = a;
        String mean = g.op("ReduceMean", List.of(x.name()), attrs("axes", reduce, "keepdims", 1));
        String centered = g.op("Sub", x.name(), mean);
        String variance = g.op("ReduceMean", List.of(g.op("Mul", centered, centered)), attrs("axes", reduce, "keepdims", 1));
        String y = g.op("Div", centered, g.op("Sqrt", g.op("Add", variance, g.scalar(epsilon))));
        if (gammaW != null) y = g.op("Mul", y, g.floats("gamma", gammaW.toFloatArray(), OnnxGraph.toLongs(paramShape)));
        if (betaW != null) y = g.op("Add", y, g.floats("beta", betaW.toFloatArray(), OnnxGraph.toLongs(paramShape)));
        return Value.floats(y, l.outputShape());
    }

    private static Value normalization(OnnxGraph g, Normalization n, Value x) {
        if (!n.isAdapted()) {
            throw new IllegalArgumentException("layer '" + n.name() + "' (Normalization) has no statistics yet; call adapt(data) on"
                    + " training data before exporting, as before predict");
        }
        int[] in = n.inputShape();
        int rank = in.length + 1;
        int axis = n.axis() < 0 ? n.axis() + rank : n.axis();
        int[] statShape = new int[in.length];
        Arrays.fill(statShape, 1);
        statShape[axis - 1] = in[axis - 1];
        float[] mean = n.mean().toFloatArray();
        float[] variance = n.variance().toFloatArray();
        float[] std = new float[variance.length];
        for (int i = 0; i < std.length; i++) std[i] = Math.max((float) Math.sqrt(variance[i]), 1e-7f);
        String y = g.op("Div", g.op("Sub", floatInput(g, x), g.floats("mean", mean, OnnxGraph.toLongs(statShape))),
                g.floats("std", std, OnnxGraph.toLongs(statShape)));
        return Value.floats(y, n.outputShape());
    }

    private static Value rescaling(OnnxGraph g, Rescaling r, Value x) {
        String y = g.op("Mul", floatInput(g, x), g.scalar(r.scale()));
        if (r.offset() != 0) y = g.op("Add", y, g.scalar(r.offset()));
        return Value.floats(y, r.outputShape());
    }

    private static Value timeDistributed(OnnxGraph g, TimeDistributed t, Value x) {
        int[] in = t.inputShape();
        int[] step = Arrays.copyOfRange(in, 1, in.length);
        String merged = g.op("Reshape", x.name(), g.longs(concat(-1, step)));          // [N·T, ...step]
        Layer inner = t.layer();
        String scope = g.scope();
        g.scope(scope + "/" + (inner.name() == null ? inner.defaultName() : inner.name()));
        Value y = apply(g, inner, List.of(new Value(merged, step, x.elemType())), null);
        g.scope(scope);
        int[] out = t.outputShape();
        return reshape(g, y.name(), -1, out, out);
    }

    private static Value merge(OnnxGraph g, Merge merge, List<Value> in) {
        List<String> names = in.stream().map(Value::name).toList();
        String y = switch (merge) {
            case Add a -> sum(g, names);
            case Average a -> g.op("Div", sum(g, names), g.scalar(names.size()));
            case Multiply m -> {
                String p = names.getFirst();
                for (int i = 1; i < names.size(); i++) p = g.op("Mul", p, names.get(i));
                yield p;
            }
            case Concatenate c -> {
                int rank = in.getFirst().rank();
                int axis = c.axis() < 0 ? c.axis() + rank : c.axis();
                yield g.op("Concat", names, attrs("axis", axis));
            }
            default -> {
                requireSupported(merge);
                throw new IllegalStateException("no exporter for " + merge.typeName());
            }
        };
        return Value.floats(y, merge.outputShape());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Added left to right, as Fathom folds them (Add, not Sum: every importer reads Add). */
    private static String sum(OnnxGraph g, List<String> names) {
        String s = names.getFirst();
        for (int i = 1; i < names.size(); i++) s = g.op("Add", s, names.get(i));
        return s;
    }

    /** Token ids as int64, the type Gather and Equal take; a float32 input is cast. */
    private static String ids(OnnxGraph g, Value x) {
        return x.elemType() == Value.INT64 ? x.name() : g.op("Cast", List.of(x.name()), attrs("to", Value.INT64));
    }

    private static String floatInput(OnnxGraph g, Value x) {
        return x.elemType() == Value.FLOAT ? x.name() : g.op("Cast", List.of(x.name()), attrs("to", Value.FLOAT));
    }

    /**
     * Masking's test: 1 where a step has a feature other than the mask value, 0 where all equal it;
     * {@code [N, T, 1]} to multiply the steps with, or {@code [N, T]} as the mask.
     */
    private static String keepSteps(OnnxGraph g, Masking m, Value x, boolean keepDims) {
        String differs = g.op("Cast", List.of(g.op("Not", g.op("Equal", x.name(), g.scalar(m.maskValue())))), attrs("to", Value.FLOAT));
        return g.op("ReduceMax", List.of(differs), attrs("axes", new int[] {2}, "keepdims", keepDims ? 1 : 0));
    }

    private static float[] filled(int n, float v) {
        float[] f = new float[n];
        Arrays.fill(f, v);
        return f;
    }

    private static long[] concat(long first, int[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        for (int i = 0; i < rest.length; i++) out[i + 1] = rest[i];
        return out;
    }
}
