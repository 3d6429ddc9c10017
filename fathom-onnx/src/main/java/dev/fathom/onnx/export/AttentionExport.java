package dev.fathom.onnx.export;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerNormalization;
import dev.fathom.layers.MultiHeadAttention;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.tensor.Tensor;

import java.util.List;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * The attention layers as ONNX operators, in Fathom's order of operations (inference mode: the
 * dropouts are the identity).
 *
 * <ul>
 *   <li>{@link MultiHeadAttention} (self-attention, as it runs in a model): the four projections
 *       as MatMul and Add, the query scaled by {@code 1/sqrt(keyDim)}; heads split by Reshape
 *       {@code [N, T, H, D]} and Transpose; {@code MatMul} of {@code [N, H, T, Dk]} and
 *       {@code [N, H, Dk, S]}; the masked positions set to -1e9 by {@code Where} (Keras' number,
 *       as Fathom's masked softmax), then {@code Softmax} over the keys; the heads merged back and
 *       projected. The mask is the "and" of the padded steps' mask (query and key steps) and the
 *       causal lower triangle, as {@code MultiHeadAttention.attend}; the causal triangle alone is
 *       a constant 0 / -1e9 added instead, the same softmax, which {@code Onnx.load} reads back.</li>
 *   <li>{@link PositionalEmbedding}: learned, the first {@code T} rows of its weight (a Slice)
 *       added; sinusoidal, its fixed table as a constant.</li>
 *   <li>{@link TransformerEncoder}: the attention above (padded keys masked), ONNX's
 *       LayerNormalization (opset 17), and the feed-forward network, around the residuals, norm
 *       last or first as the block is configured.</li>
 * </ul>
 */
final class AttentionExport {
    private AttentionExport() {}

    /** Self-attention over {@code x}; {@code mask} ({@code [N, T]} float32, 1 a real step; null for none) masks query and key steps. */
    static Value multiHeadAttention(OnnxGraph g, MultiHeadAttention mha, Value x, String mask) {
        return attention(g, mha, x, mask, mask, mha.outputShape());
    }

    static Value positionalEmbedding(OnnxGraph g, PositionalEmbedding p, Value x) {
        int[] in = p.inputShape();
        int steps = in[0];
        String table;
        if (p.isLearned()) {
            Tensor weight = new LayerConfig(p).weight("embeddings");
            table = g.weight(weight, "embeddings");
            if (weight.shape(0) > steps) table = g.op("Slice", table, g.longs(0), g.longs(steps), g.longs(0));
        } else {
            // The fixed table is exactly what the layer adds to zeros (0 + p is p in float32).
            try (Tensor zeros = Tensor.zeros(1, steps, in[1]); Tensor positions = p.call(zeros, false)) {
                table = g.floats("positions", positions.toFloatArray(), steps, in[1]);
            }
        }
        return Value.floats(g.op("Add", x.name(), table), p.outputShape());
    }

    static Value transformerEncoder(OnnxGraph g, TransformerEncoder block, Value x, String mask) {
        List<Layer> parts = block.sublayers();
        MultiHeadAttention attention = (MultiHeadAttention) parts.get(0);
        LayerNormalization attentionNorm = (LayerNormalization) parts.get(1);
        Dense intermediate = (Dense) parts.get(2);
        Dense output = (Dense) parts.get(3);
        LayerNormalization feedforwardNorm = (LayerNormalization) parts.get(4);
        int[] shape = block.outputShape();
        String scope = g.scope();
        try {
            if (new LayerConfig(block).bool("normalizeFirst", false)) {
                Value normed = within(g, scope, "attention_norm", () -> LayerExport.layerNormalization(g, attentionNorm, x));
                Value attended = within(g, scope, "attention", () -> attention(g, attention, normed, null, mask, shape));
                Value h = within(g, scope, "", () -> Value.floats(g.op("Add", x.name(), attended.name()), shape));
                Value normed2 = within(g, scope, "feedforward_norm", () -> LayerExport.layerNormalization(g, feedforwardNorm, h));
                Value ff = feedforward(g, scope, intermediate, output, normed2, shape);
                return within(g, scope, "", () -> Value.floats(g.op("Add", h.name(), ff.name()), shape));
            }
            Value attended = within(g, scope, "attention", () -> attention(g, attention, x, null, mask, shape));
            Value sum = within(g, scope, "", () -> Value.floats(g.op("Add", x.name(), attended.name()), shape));
            Value h = within(g, scope, "attention_norm", () -> LayerExport.layerNormalization(g, attentionNorm, sum));
            Value ff = feedforward(g, scope, intermediate, output, h, shape);
            Value sum2 = within(g, scope, "", () -> Value.floats(g.op("Add", h.name(), ff.name()), shape));
            return within(g, scope, "feedforward_norm", () -> LayerExport.layerNormalization(g, feedforwardNorm, sum2));
        } finally {
            g.scope(scope);
        }
    }

    private static Value feedforward(OnnxGraph g, String scope, Dense intermediate, Dense output, Value x, int[] shape) {
        Value inner = within(g, scope, "feedforward_intermediate", () -> LayerExport.dense(g, intermediate, x));
        Value out = within(g, scope, "feedforward_output", () -> LayerExport.dense(g, output, inner));
        return Value.floats(out.name(), shape);
    }

    private static Value within(OnnxGraph g, String scope, String part, java.util.function.Supplier<Value> body) {
        g.scope(part.isEmpty() ? scope : scope + "/" + part);
        return body.get();
    }

    /**
     * Attention of {@code x} over itself: {@code queryMask} and {@code valueMask} ({@code [N, T]}
     * float32 or null) hide padded query and key steps, as {@code attend(x, x, x, queryMask, valueMask, null)}.
     */
    private static Value attention(OnnxGraph g, MultiHeadAttention mha, Value x, String queryMask, String valueMask, int[] outShape) {
        LayerConfig c = new LayerConfig(mha);
        int heads = mha.numHeads();
        int keyDim = mha.keyDim();
        int valueDim = mha.valueDim();
        int steps = x.shape()[0];
        List<Layer> parts = mha.sublayers();
        String q = g.op("Mul", projection(g, (Dense) parts.get(0), x.name(), "query"), g.scalar(1 / Math.sqrt(keyDim)));
        String k = projection(g, (Dense) parts.get(1), x.name(), "key");
        String v = projection(g, (Dense) parts.get(2), x.name(), "value");
        String qh = g.op("Transpose", List.of(g.op("Reshape", q, g.longs(0, steps, heads, keyDim))), attrs("perm", new int[] {0, 2, 1, 3}));
        String kh = g.op("Transpose", List.of(g.op("Reshape", k, g.longs(0, steps, heads, keyDim))), attrs("perm", new int[] {0, 2, 3, 1}));
        String vh = g.op("Transpose", List.of(g.op("Reshape", v, g.longs(0, steps, heads, valueDim))), attrs("perm", new int[] {0, 2, 1, 3}));
        String scores = g.op("MatMul", qh, kh);                                                  // [N, H, T, S]
        boolean causal = c.bool("useCausalMask", false);
        if (queryMask == null && valueMask == null && causal) {
            // The causal triangle alone: a constant 0 / -1e9 added. Every row keeps its diagonal, so the masked scores
            // (-1e9 + s, which is -1e9 in float32 for |s| < 32) weigh exp(-1e9 - max) = 0, exactly as Where's -1e9 does;
            // an Add of a constant also loads back with Onnx.load.
            float[] bias = new float[steps * steps];
            for (int i = 0; i < steps; i++) for (int j = i + 1; j < steps; j++) bias[i * steps + j] = -1e9f;
            scores = g.op("Add", scores, g.floats("causal_bias", bias, 1, 1, steps, steps));
        } else {
            String keep = mask(g, queryMask, valueMask, causal ? steps : 0);
            if (keep != null) scores = g.op("Where", g.op("Cast", List.of(keep), attrs("to", Value.BOOL)), scores, g.scalar(-1e9));
        }
        String weights = g.op("Softmax", List.of(scores), attrs("axis", -1));
        String context = g.op("Transpose", List.of(g.op("MatMul", weights, vh)), attrs("perm", new int[] {0, 2, 1, 3}));
        String merged = g.op("Reshape", context, g.longs(0, steps, (long) heads * valueDim));
        return Value.floats(projection(g, (Dense) parts.get(3), merged, "output"), outShape);
    }

    /** {@code x · kernel + bias} of one of the attention's Dense projections. */
    private static String projection(OnnxGraph g, Dense d, String x, String stem) {
        LayerConfig c = new LayerConfig(d);
        String y = g.op("MatMul", x, g.weight(c.weight("kernel"), stem + "_kernel"));
        Tensor bias = c.weight("bias");
        return bias == null ? y : g.op("Add", y, g.weight(bias, stem + "_bias"));
    }

    /**
     * The positions a query step may see, broadcastable to the scores {@code [N, H, T, S]} (float32,
     * non-zero to keep), or null when nothing is masked: the product of the query steps' mask
     * {@code [N, 1, T, 1]}, the key steps' {@code [N, 1, 1, S]} and the causal triangle
     * {@code [1, 1, T, T]} ({@code causalSteps} 0 for none).
     */
    private static String mask(OnnxGraph g, String queryMask, String valueMask, int causalSteps) {
        String m = null;
        if (queryMask != null) m = g.op("Unsqueeze", queryMask, g.longs(1, 3));
        if (valueMask != null) {
            String vm = g.op("Unsqueeze", valueMask, g.longs(1, 2));
            m = m == null ? vm : g.op("Mul", m, vm);
        }
        if (causalSteps > 0) {
            int t = causalSteps;
            float[] tri = new float[t * t];
            for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) tri[i * t + j] = 1;
            String causal = g.floats("causal", tri, 1, 1, t, t);
            m = m == null ? causal : g.op("Mul", m, causal);
        }
        return m;
    }
}
