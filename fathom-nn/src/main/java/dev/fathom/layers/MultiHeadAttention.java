package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Multi-head scaled dot-product attention (Keras' {@code MultiHeadAttention}, PyTorch's
 * {@code nn.MultiheadAttention}): each of {@code numHeads} heads projects the query to
 * {@code keyDim}, the key to {@code keyDim} and the value to {@code valueDim} numbers per step,
 * weighs the value's steps by {@code softmax(q · kᵀ / sqrt(keyDim))} over the keys, and the heads'
 * results, side by side, are projected to the output.
 *
 * <p>Shapes: query {@code [batch, T, features]}, value and key {@code [batch, S, features']};
 * output {@code [batch, T, outputDim]} ({@code outputDim} defaults to the query's features);
 * attention scores {@code [batch, numHeads, T, S]}. Weights {@code query.kernel [features,
 * numHeads*keyDim]}, {@code key.kernel}, {@code value.kernel [features', numHeads*valueDim]},
 * {@code output.kernel [numHeads*valueDim, outputDim]} and a bias each (Keras keeps the same
 * numbers as 3-D kernels {@code [features, numHeads, keyDim]}). No backward code: projections are
 * {@link Dense} layers, heads are views, and the rest is the engine's batched {@code matmul} and
 * masked {@code softmax}.
 *
 * <p>In a model the layer attends over its one input (self-attention) and honours a mask of padded
 * steps ({@link Embedding#maskZero}, {@link Masking}) as Keras does: a query step sees only real
 * key steps, and the output carries the input's mask. In a {@link dev.fathom.models.Functional}
 * model it also attends across inputs, as Keras' {@code mha(query, value, key)}:
 * {@code SymbolicTensor.apply(mha, query, value)} (the value is the key too) or {@code (mha, query,
 * value, key)}; the value's and key's masks hide their padded steps, the query's masks its own, and
 * the output carries the query's. {@link #attend} takes a separate query,
 * value and key (cross-attention), their masks, an explicit attention mask, and returns the
 * attention scores too (Keras' {@code return_attention_scores=True}). With
 * {@link #useCausalMask(boolean) useCausalMask(true)} step {@code i} sees only steps {@code <= i}.
 * A query step with no key to see (every key masked) spreads its attention evenly (Keras' -1e9
 * masking) rather than giving NaN.
 *
 * <pre>{@code
 * var mha = new MultiHeadAttention(4, 32);                  // 4 heads of 32
 * Tensor y = mha.call(x, false);                             // self-attention: [batch, 128, 128] -> [batch, 128, 128]
 * var out = mha.attend(q, v, null, null, vMask, null, false); // cross-attention, padded value steps masked
 * SymbolicTensor y = SymbolicTensor.apply(mha2, question, passage); // in a Functional model: query, value (= key)
 * Tensor scores = out.scores();                              // [batch, 4, T, S]
 * }</pre>
 */
public final class MultiHeadAttention extends Layer implements MultiInputLayer {
    private final int numHeads;
    private final int keyDim;
    private int valueDim;
    private Integer outputDim;
    private double dropout;
    private boolean useBias = true;
    private boolean useCausalMask;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Initializer biasInitializer = Initializer.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    private Dense queryDense;
    private Dense keyDense;
    private Dense valueDense;
    private Dense outputDense;
    private Dropout attentionDropout;
    private int valueFeatures;
    private int keyFeatures;
    /**
     * Value and key per-sample shapes handed from {@link #build(int[], int[], int[], Generator)} to
     * {@link #computeOutputShape}; the key's is null when none was given.
     */
    private int[][] pending;
    /** The per-sample shapes built for: the input alone (self-attention), query and value, or query, value and key. */
    private List<int[]> inputShapes;

    /** The result of {@link #attend}: the output {@code [batch, T, outputDim]} and the attention scores {@code [batch, numHeads, T, S]}. */
    public record Output(Tensor output, Tensor scores) {}

    /**
     * {@code numHeads} heads, each projecting query and key to {@code keyDim} numbers per step (and
     * the value to {@code keyDim} too, unless {@link #valueDim(int)} says otherwise).
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public MultiHeadAttention(int numHeads, int keyDim) {
        if (numHeads < 1) throw new IllegalArgumentException("MultiHeadAttention: numHeads must be >= 1, got " + numHeads);
        if (keyDim < 1) throw new IllegalArgumentException("MultiHeadAttention: keyDim must be >= 1, got " + keyDim);
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = keyDim;
    }

    /** The size of each head's value projection (default {@code keyDim}). */
    public MultiHeadAttention valueDim(int valueDim) {
        if (valueDim < 1) throw new IllegalArgumentException("MultiHeadAttention: valueDim must be >= 1, got " + valueDim);
        this.valueDim = valueDim;
        return this;
    }

    /** The number of features of the output (Keras' {@code output_shape}; default: the query's features). */
    public MultiHeadAttention outputDim(int outputDim) {
        if (outputDim < 1) throw new IllegalArgumentException("MultiHeadAttention: outputDim must be >= 1, got " + outputDim);
        this.outputDim = outputDim;
        return this;
    }

    /** The fraction of attention weights dropped in training, in [0, 1) (default 0). */
    public MultiHeadAttention dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("MultiHeadAttention: dropout is a fraction in [0, 1), got " + rate);
        }
        this.dropout = rate;
        return this;
    }

    /** Whether each step sees only itself and the steps before it (Keras' {@code use_causal_mask}; default false). */
    public MultiHeadAttention useCausalMask(boolean causal) { this.useCausalMask = causal; return this; }
    /** Whether the four projections have biases (default true). */
    public MultiHeadAttention useBias(boolean useBias) { this.useBias = useBias; return this; }
    /** How the projection kernels start (default {@link Initializer#glorotUniform()}). */
    public MultiHeadAttention kernelInitializer(Initializer init) { this.kernelInitializer = init; return this; }
    /** How the projection biases start (default {@link Initializer#zeros()}). */
    public MultiHeadAttention biasInitializer(Initializer init) { this.biasInitializer = init; return this; }
    /** A penalty on the projection kernels added to the loss (default none). */
    public MultiHeadAttention kernelRegularizer(Regularizer r) { this.kernelRegularizer = r; return this; }
    /** A penalty on the projection biases added to the loss (default none). */
    public MultiHeadAttention biasRegularizer(Regularizer r) { this.biasRegularizer = r; return this; }

    public int numHeads() { return numHeads; }
    public int keyDim() { return keyDim; }
    public int valueDim() { return valueDim; }

    /**
     * Builds for cross-attention: a query of per-sample shape {@code [T, features]} and a value (and
     * key, null for the value's) of {@code [S, features']}; returns the output's per-sample shape.
     */
    public int[] build(int[] queryShape, int[] valueShape, int[] keyShape, Generator generator) {
        pending = new int[][] {valueShape.clone(), keyShape == null ? null : keyShape.clone()};
        try {
            return build(queryShape, generator);
        } finally {
            pending = null;
        }
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int[] valueShape = pending == null ? in : pending[0];
        int[] keyShape = pending == null ? in : pending[1] == null ? valueShape : pending[1];
        List<int[]> shapes = new ArrayList<>();
        shapes.add(in.clone());
        if (pending != null) shapes.add(valueShape.clone());
        if (pending != null && pending[1] != null) shapes.add(keyShape.clone());
        requireSequence("query", in);
        requireSequence("value", valueShape);
        requireSequence("key", keyShape);
        if (valueShape[0] != keyShape[0]) {
            throw shapeError("value " + batchShape(valueShape) + " and key " + batchShape(keyShape)
                    + " must have the same number of steps; pass a key with one step per value step");
        }
        int features = in[1];
        valueFeatures = valueShape[1];
        keyFeatures = keyShape[1];
        int outFeatures = outputDim == null ? features : outputDim;
        int keyWidth = width(keyDim);
        int valueWidth = width(valueDim);
        queryDense = projection(keyWidth, features, g);
        keyDense = projection(keyWidth, keyFeatures, g);
        valueDense = projection(valueWidth, valueFeatures, g);
        outputDense = projection(outFeatures, valueWidth, g);
        register("query.", queryDense);
        register("key.", keyDense);
        register("value.", valueDense);
        register("output.", outputDense);
        attentionDropout = new Dropout(dropout);
        attentionDropout.build(new int[] {numHeads, in[0], valueShape[0]}, g);
        inputShapes = shapes;
        return new int[] {in[0], outFeatures};
    }

    private void requireSequence(String what, int[] shape) {
        if (shape.length != 2) {
            throw shapeError("got a " + what + " " + batchShape(shape) + " but attends over sequences [batch, steps, features];"
                    + (shape.length < 2 ? " add an Embedding, or Reshape to [steps, features], before it"
                    : " Reshape to [steps, features] first"));
        }
    }

    /** {@code numHeads * dim}, the width of a projection, refused when it overflows an int. */
    private int width(int dim) {
        try {
            return Math.multiplyExact(numHeads, dim);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(label() + ": numHeads " + numHeads + " times " + dim
                    + " per head is too large for a projection; use fewer or smaller heads");
        }
    }

    private Dense projection(int units, int features, Generator g) {
        Dense d = new Dense(units).useBias(useBias).kernelInitializer(kernelInitializer).biasInitializer(biasInitializer)
                .kernelRegularizer(kernelRegularizer).biasRegularizer(biasRegularizer);
        d.build(new int[] {features}, g);
        return d;
    }

    private void register(String prefix, Layer inner) {
        for (Weight w : inner.weights()) addWeight(prefix + w.name(), w.value(), w.trainable(), w.regularizer());
    }

    /** The four projections and the attention weights' dropout, once built. */
    @Override
    public List<Layer> sublayers() {
        return isBuilt() ? List.of(queryDense, keyDense, valueDense, outputDense, attentionDropout) : List.of();
    }

    /** Honours a mask of padded steps: masked steps are not attended to, and the input's mask passes to the output. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** Self-attention over {@code x [batch, T, features]}: query, value and key are all {@code x}. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        return attend(x, x, x, null, null, null, training).output();
    }

    /** Self-attention where {@code mask [batch, T]} (1 real, 0 padding) masks both the query and the key steps, as Keras. */
    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return attend(x, x, x, mask, mask, null, training).output();
    }

    /**
     * Builds from the per-sample shapes of one to three inputs, as a {@link dev.fathom.models.Functional}
     * model applies the layer: {@code [x]} for self-attention, {@code [query, value]} (the value is
     * the key too) or {@code [query, value, key]}, Keras' {@code mha(query, value, key)}.
     *
     * @throws dev.fathom.tensor.ShapeException for no input or more than three, or shapes that do not fit
     */
    @Override
    public int[] build(List<int[]> shapes, Generator generator) {
        return switch (shapes.size()) {
            case 1 -> build(shapes.get(0), generator);
            case 2 -> build(shapes.get(0), shapes.get(1), null, generator);
            case 3 -> build(shapes.get(0), shapes.get(1), shapes.get(2), generator);
            default -> throw shapeError("takes a query, a value and optionally a key (1 to 3 inputs: one for self-attention)"
                    + " but got " + shapes.size() + "; apply it as SymbolicTensor.apply(attention, query, value) or (attention,"
                    + " query, value, key)");
        };
    }

    /** The per-sample shapes built for: one (self-attention), query and value, or query, value and key. */
    @Override
    public List<int[]> inputShapes() {
        requireBuilt();
        List<int[]> copy = new ArrayList<>();
        for (int[] s : inputShapes) copy.add(s.clone());
        return copy;
    }

    /**
     * Attends as built: {@code [x]} over itself ({@link #call(Tensor, Tensor, boolean)}), {@code [query,
     * value]} or {@code [query, value, key]}, with each input's mask (null entries for none) as
     * Keras: the query's masks padded query steps, and the value's and key's (combined by "and")
     * hide padded key steps.
     *
     * @throws dev.fathom.tensor.ShapeException when the inputs are not as many as built, or a shape or mask does not fit
     */
    @Override
    public Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        if (!isBuilt()) {
            List<int[]> shapes = new ArrayList<>();
            for (Tensor x : inputs) {
                if (x.rank() < 1) throw shapeError("got a scalar; call it on batches of shape [batch, steps, features]");
                shapes.add(perSample(x));
            }
            build(shapes, new Generator(FIRST_CALL_SEED));
        }
        if (inputs.size() != inputShapes.size() || masks.size() != inputs.size()) {
            throw shapeError("was built for " + inputShapes.size() + " input" + (inputShapes.size() == 1 ? "" : "s") + " but got "
                    + inputs.size() + " with " + masks.size() + " masks; pass one tensor (and one mask, or null) per input");
        }
        if (inputs.size() == 1) return masks.get(0) == null ? call(inputs.get(0), training) : call(inputs.get(0), masks.get(0), training);
        Tensor key = inputs.size() == 3 ? inputs.get(2) : null;
        Tensor valueMask = masks.get(1);
        if (key != null && masks.get(2) != null) {
            Tensor keyMask = Masks.check(this, key, masks.get(2));
            valueMask = valueMask == null ? keyMask : and(Masks.check(this, inputs.get(1), valueMask), keyMask);
        }
        return attend(inputs.get(0), inputs.get(1), key, masks.get(0), valueMask, null, training).output();
    }

    /** The query's mask: the output has the query's steps. */
    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    /** Whether the query carries a mask: the output has the query's steps, and carries its mask. */
    @Override
    public boolean outputsMask(List<Boolean> inputsMasked) {
        return inputsMasked.get(0);
    }

    /**
     * Attention of {@code query [batch, T, features]} over {@code value [batch, S, features']} with
     * {@code key} (same shape as value; null uses the value), returning the output and the scores.
     * Every mask may be null: {@code queryMask [batch, T]} and {@code valueMask [batch, S]} (1 a real
     * step, 0 padding; a padded key step is never attended to, and a padded query step is masked
     * out of every key, as Keras), and {@code attentionMask} {@code [batch, T, S]} or {@code [T, S]}
     * (1 where query step i may see key step j). They combine with the causal mask by "and".
     *
     * @throws dev.fathom.tensor.ShapeException naming this layer when a shape does not fit
     */
    public Output attend(Tensor query, Tensor value, Tensor key, Tensor queryMask, Tensor valueMask, Tensor attentionMask,
                         boolean training) {
        Tensor k = key == null ? value : key;
        if (!isBuilt()) {
            if (query.rank() < 1 || value.rank() < 1 || k.rank() < 1) {
                throw shapeError("got a scalar; call it on batches of shape [batch, steps, features]");
            }
            build(perSample(query), perSample(value), key == null ? null : perSample(key), new Generator(FIRST_CALL_SEED));
        }
        checkBatch("query", query, inputShape()[1]);
        checkBatch("value", value, valueFeatures);
        checkBatch("key", k, keyFeatures);
        int batch = query.shape(0);
        int t = query.shape(1);
        int s = value.shape(1);
        if (value.shape(0) != batch || k.shape(0) != batch || k.shape(1) != s) {
            throw shapeError("query " + Arrays.toString(query.shape()) + ", value " + Arrays.toString(value.shape()) + " and key "
                    + Arrays.toString(k.shape()) + " must share the batch size, and key and value the number of steps");
        }
        Tensor mask = mask(query, value, queryMask, valueMask, attentionMask, batch, t, s);

        // Scale the query rather than the scores: [batch, T, heads*keyDim] is smaller than [batch, heads, T, S].
        Tensor q = queryDense.call(query, training).mul(1 / Math.sqrt(keyDim));
        Tensor qh = q.reshape(batch, t, numHeads, keyDim).permute(0, 2, 1, 3);                  // [B, H, T, Dk]
        Tensor kh = keyDense.call(k, training).reshape(batch, s, numHeads, keyDim).permute(0, 2, 3, 1);   // [B, H, Dk, S]
        Tensor vh = valueDense.call(value, training).reshape(batch, s, numHeads, valueDim).permute(0, 2, 1, 3); // [B, H, S, Dv]
        Tensor scores = qh.matmul(kh).softmax(-1, mask);                                          // [B, H, T, S]
        Tensor context = attentionDropout.call(scores, training).matmul(vh);                      // [B, H, T, Dv]
        Tensor merged = context.permute(0, 2, 1, 3).reshape(batch, t, numHeads * valueDim);
        return new Output(outputDense.call(merged, training), scores);
    }

    /** The "and" of every mask given and the causal one, broadcastable to the scores [B, H, T, S]; null when none. */
    private Tensor mask(Tensor query, Tensor value, Tensor queryMask, Tensor valueMask, Tensor attentionMask, int batch, int t, int s) {
        Tensor m = null;
        if (queryMask != null) m = Masks.check(this, query, queryMask).reshape(batch, 1, t, 1);
        if (valueMask != null) m = and(m, Masks.check(this, value, valueMask).reshape(batch, 1, 1, s));
        if (attentionMask != null) {
            int[] ms = attentionMask.shape();
            boolean perBatch = ms.length == 3 && ms[0] == batch && ms[1] == t && ms[2] == s;
            if (!perBatch && !(ms.length == 2 && ms[0] == t && ms[1] == s)) {
                throw shapeError("got an attention mask of shape " + Arrays.toString(ms) + " for a query of " + t + " steps and a key of "
                        + s + " but it must be [batch, T, S] = [" + batch + ", " + t + ", " + s + "] or [T, S] = [" + t + ", " + s + "]");
            }
            m = and(m, attentionMask.reshape(perBatch ? batch : 1, 1, t, s));
        }
        if (useCausalMask) {
            // Keras' causal mask: query step i sees key steps j <= i (the lower triangle, also when T != S).
            m = and(m, Tensor.arange(t).reshape(t, 1).ge(Tensor.arange(s).reshape(1, s)).reshape(1, 1, t, s).to(query.device()));
        }
        return m;
    }

    private static Tensor and(Tensor a, Tensor b) {
        return a == null ? b : a.ne(Tensor.scalar(0)).mul(b.ne(Tensor.scalar(0)));
    }

    private static int[] perSample(Tensor x) {
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }

    private void checkBatch(String what, Tensor x, int features) {
        if (x.rank() != 3 || x.shape(2) != features) {
            throw shapeError("was built for a " + what + " of " + features + " features per step but got " + Arrays.toString(x.shape())
                    + "; a " + what + " is [batch, steps, " + features + "]");
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("numHeads", numHeads);
        c.put("keyDim", keyDim);
        c.put("valueDim", valueDim);
        if (outputDim != null) c.put("outputDim", outputDim);
        c.put("dropout", dropout);
        c.put("useBias", useBias);
        c.put("useCausalMask", useCausalMask);
        c.put("kernelInitializer", kernelInitializer.config());
        c.put("biasInitializer", biasInitializer.config());
        if (kernelRegularizer != null) c.put("kernelRegularizer", kernelRegularizer.config());
        if (biasRegularizer != null) c.put("biasRegularizer", biasRegularizer.config());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static MultiHeadAttention fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("MultiHeadAttention", config);
        MultiHeadAttention l = new MultiHeadAttention(c.integer("numHeads"), c.integer("keyDim"));
        l.valueDim(c.integer("valueDim", l.keyDim));
        if (c.has("outputDim")) l.outputDim(c.integer("outputDim"));
        return l.dropout(c.number("dropout", 0)).useBias(c.bool("useBias", true)).useCausalMask(c.bool("useCausalMask", false))
                .kernelInitializer(Initializer.read(c, "kernelInitializer", Initializer.glorotUniform()))
                .biasInitializer(Initializer.read(c, "biasInitializer", Initializer.zeros()))
                .kernelRegularizer(Regularizer.read(c, "kernelRegularizer"))
                .biasRegularizer(Regularizer.read(c, "biasRegularizer"));
    }
}
