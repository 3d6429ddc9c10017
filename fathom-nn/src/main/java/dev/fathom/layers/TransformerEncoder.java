package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * One Transformer encoder block (keras_hub's {@code TransformerEncoder}, PyTorch's
 * {@code nn.TransformerEncoderLayer}): self-attention and a two-layer feed-forward network, each
 * wrapped in a residual connection and a {@link LayerNormalization}.
 *
 * <p>Norm-last (the default, "Attention is all you need", PyTorch's default):
 * {@code h = norm1(x + drop(attention(x)))}, {@code y = norm2(h + drop(ffn(h)))}. Norm-first
 * ({@link #normalizeFirst(boolean) normalizeFirst(true)}, steadier for deep stacks):
 * {@code h = x + drop(attention(norm1(x)))}, {@code y = h + drop(ffn(norm2(h)))}. The feed-forward
 * network is {@code Dense(intermediateDim, activation)}, dropout, {@code Dense(features)}; the
 * attention has {@code numHeads} heads of {@code features / numHeads} and drops attention weights
 * at the same rate. All dropout is PyTorch's: after the attention, inside and after the
 * feed-forward network.
 *
 * <p>Input and output {@code [batch, T, features]}; {@code features} must be divisible by
 * {@code numHeads}. A mask of padded steps ({@link Embedding#maskZero}, {@link Masking}) keeps the
 * padded steps from being attended to (PyTorch's {@code src_key_padding_mask}) and passes to the
 * output. Weights: those of the {@link MultiHeadAttention} under {@code attention.}, then
 * {@code attention_norm.}, {@code feedforward_intermediate.}, {@code feedforward_output.},
 * {@code feedforward_norm.}. No backward code: the block composes those layers.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Embedding(10_001, 128).maskZero(true),
 *         PositionalEmbedding.learned(128),
 *         new TransformerEncoder(256, 4).dropout(0.1),   // [batch, 128, 128] -> [batch, 128, 128]
 *         new GlobalAveragePooling1D(),
 *         new Dense(2))
 *     .build(128);
 * }</pre>
 */
public final class TransformerEncoder extends Layer {
    private final int intermediateDim;
    private final int numHeads;
    private double dropout;
    private String activation = "relu";
    private double layerNormEpsilon = 1e-5;
    private boolean normalizeFirst;
    private boolean useCausalMask;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Initializer biasInitializer = Initializer.zeros();
    private Initializer gammaInitializer = Initializer.ones();
    private Initializer betaInitializer = Initializer.zeros();

    private MultiHeadAttention attention;
    private LayerNormalization attentionNorm;
    private Dense intermediate;
    private Dense feedforwardOutput;
    private LayerNormalization feedforwardNorm;
    private Dropout attentionDropout;
    private Dropout innerDropout;
    private Dropout outputDropout;

    /**
     * A block whose feed-forward network has {@code intermediateDim} units and whose attention has
     * {@code numHeads} heads.
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public TransformerEncoder(int intermediateDim, int numHeads) {
        if (intermediateDim < 1) {
            throw new IllegalArgumentException("TransformerEncoder: intermediateDim must be >= 1, got " + intermediateDim);
        }
        if (numHeads < 1) throw new IllegalArgumentException("TransformerEncoder: numHeads must be >= 1, got " + numHeads);
        this.intermediateDim = intermediateDim;
        this.numHeads = numHeads;
    }

    /** The dropout rate after the attention, in and after the feed-forward network, and of attention weights; [0, 1), default 0. */
    public TransformerEncoder dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("TransformerEncoder: dropout is a fraction in [0, 1), got " + rate);
        this.dropout = rate;
        return this;
    }

    /** The activation of the feed-forward network's first layer (see {@link Activations}; default relu). */
    public TransformerEncoder activation(String activation) {
        this.activation = Activations.check(activation);
        return this;
    }

    /** The epsilon of both layer normalizations (default 1e-5, as keras_hub and PyTorch). */
    public TransformerEncoder layerNormEpsilon(double epsilon) {
        if (!(epsilon > 0)) throw new IllegalArgumentException("TransformerEncoder: layerNormEpsilon must be > 0, got " + epsilon);
        this.layerNormEpsilon = epsilon;
        return this;
    }

    /** Whether to normalize before the attention and the feed-forward network rather than after the residuals (default false). */
    public TransformerEncoder normalizeFirst(boolean first) { this.normalizeFirst = first; return this; }
    /** Whether each step attends only to itself and the steps before it (default false). */
    public TransformerEncoder useCausalMask(boolean causal) { this.useCausalMask = causal; return this; }
    /** How the attention's and the feed-forward network's kernels start (default {@link Initializer#glorotUniform()}). */
    public TransformerEncoder kernelInitializer(Initializer init) { this.kernelInitializer = init; return this; }
    /** How their biases start (default {@link Initializer#zeros()}). */
    public TransformerEncoder biasInitializer(Initializer init) { this.biasInitializer = init; return this; }
    /** How the layer normalizations' scales start (default {@link Initializer#ones()}). */
    public TransformerEncoder gammaInitializer(Initializer init) { this.gammaInitializer = init; return this; }
    /** How the layer normalizations' shifts start (default {@link Initializer#zeros()}). */
    public TransformerEncoder betaInitializer(Initializer init) { this.betaInitializer = init; return this; }

    public int intermediateDim() { return intermediateDim; }
    public int numHeads() { return numHeads; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 2) {
            throw shapeError("got input " + batchShape(in) + " but encodes sequences [batch, steps, features]; put an Embedding"
                    + " (and a PositionalEmbedding) before it");
        }
        int features = in[1];
        if (features % numHeads != 0) {
            throw shapeError("got " + features + " features per step " + batchShape(in) + ", which " + numHeads
                    + " heads cannot share evenly; make the features a multiple of numHeads (e.g. an Embedding of "
                    + (features / numHeads + 1) * numHeads + ") or use a numHeads that divides " + features);
        }
        attention = new MultiHeadAttention(numHeads, features / numHeads).dropout(dropout).useCausalMask(useCausalMask)
                .kernelInitializer(kernelInitializer).biasInitializer(biasInitializer);
        attention.build(in, g);
        attentionNorm = norm(in, g);
        intermediate = new Dense(intermediateDim, activation).kernelInitializer(kernelInitializer).biasInitializer(biasInitializer);
        intermediate.build(new int[] {features}, g);
        feedforwardOutput = new Dense(features).kernelInitializer(kernelInitializer).biasInitializer(biasInitializer);
        feedforwardOutput.build(new int[] {intermediateDim}, g);
        feedforwardNorm = norm(in, g);
        attentionDropout = dropout(in, g);
        innerDropout = dropout(in, g);
        outputDropout = dropout(in, g);
        register("attention.", attention);
        register("attention_norm.", attentionNorm);
        register("feedforward_intermediate.", intermediate);
        register("feedforward_output.", feedforwardOutput);
        register("feedforward_norm.", feedforwardNorm);
        return in;
    }

    private LayerNormalization norm(int[] in, Generator g) {
        LayerNormalization n = new LayerNormalization().epsilon(layerNormEpsilon).gammaInitializer(gammaInitializer)
                .betaInitializer(betaInitializer);
        n.build(in, g);
        return n;
    }

    private Dropout dropout(int[] in, Generator g) {
        Dropout d = new Dropout(dropout);
        d.build(in, g);
        return d;
    }

    private void register(String prefix, Layer inner) {
        for (Weight w : inner.weights()) addWeight(prefix + w.name(), w.value(), w.trainable(), w.regularizer());
    }

    /** The attention, normalizations, feed-forward layers and dropouts, once built. */
    @Override
    public java.util.List<Layer> sublayers() {
        return isBuilt() ? java.util.List.of(attention, attentionNorm, intermediate, feedforwardOutput, feedforwardNorm,
                attentionDropout, innerDropout, outputDropout) : java.util.List.of();
    }

    /** Honours a mask of padded steps: they are never attended to, and the mask passes to the output. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return call(x, null, training);
    }

    /** Encodes {@code x [batch, T, features]}; {@code mask [batch, T]} (1 real, 0 padding; null for none) hides padded keys. */
    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        buildOnFirstCall(x);
        if (normalizeFirst) {
            Tensor h = x.add(attentionDropout.call(selfAttention(attentionNorm.call(x, training), mask, training), training));
            return h.add(outputDropout.call(feedforward(feedforwardNorm.call(h, training), training), training));
        }
        Tensor h = attentionNorm.call(x.add(attentionDropout.call(selfAttention(x, mask, training), training)), training);
        return feedforwardNorm.call(h.add(outputDropout.call(feedforward(h, training), training)), training);
    }

    private Tensor selfAttention(Tensor x, Tensor mask, boolean training) {
        return attention.attend(x, x, x, null, mask, null, training).output();
    }

    private Tensor feedforward(Tensor x, boolean training) {
        return feedforwardOutput.call(innerDropout.call(intermediate.call(x, training), training), training);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("intermediateDim", intermediateDim);
        c.put("numHeads", numHeads);
        c.put("dropout", dropout);
        c.put("activation", activation);
        c.put("layerNormEpsilon", layerNormEpsilon);
        c.put("normalizeFirst", normalizeFirst);
        c.put("useCausalMask", useCausalMask);
        c.put("kernelInitializer", kernelInitializer.config());
        c.put("biasInitializer", biasInitializer.config());
        c.put("gammaInitializer", gammaInitializer.config());
        c.put("betaInitializer", betaInitializer.config());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static TransformerEncoder fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("TransformerEncoder", config);
        return new TransformerEncoder(c.integer("intermediateDim"), c.integer("numHeads"))
                .dropout(c.number("dropout", 0)).activation(c.string("activation", "relu"))
                .layerNormEpsilon(c.number("layerNormEpsilon", 1e-5)).normalizeFirst(c.bool("normalizeFirst", false))
                .useCausalMask(c.bool("useCausalMask", false))
                .kernelInitializer(Initializer.read(c, "kernelInitializer", Initializer.glorotUniform()))
                .biasInitializer(Initializer.read(c, "biasInitializer", Initializer.zeros()))
                .gammaInitializer(Initializer.read(c, "gammaInitializer", Initializer.ones()))
                .betaInitializer(Initializer.read(c, "betaInitializer", Initializer.zeros()));
    }
}
