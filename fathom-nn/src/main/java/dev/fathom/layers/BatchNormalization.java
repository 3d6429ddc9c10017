package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.autograd.GradMode;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Normalizes each feature (or image channel) to mean 0 and variance 1 over the batch, then scales
 * by a learned {@code gamma} and shifts by a learned {@code beta}: training is faster and less
 * sensitive to the learning rate. Keras semantics and defaults (momentum 0.99, epsilon 1e-3).
 *
 * <p>Input and output {@code [batch, features]} or {@code [batch, channels, ...]} (e.g. images
 * {@code [batch, channels, height, width]}). The statistics are taken per entry of the first axis
 * after the batch, over the batch and every other axis (per channel, over all pixels, for images).
 * Weights, each {@code [features]} (or {@code [channels]}): trainable {@code gamma} (ones) and
 * {@code beta} (zeros), and non-trainable {@code movingMean} (zeros) and {@code movingVariance}
 * (ones).
 *
 * <p>In training, {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta} with the batch's
 * mean and biased variance (gradients flow through both), and each call updates
 * {@code moving = moving * momentum + batch * (1 - momentum)}. At inference the moving statistics
 * replace the batch's, so each sample's output depends on that sample alone. A frozen layer
 * ({@code trainable(false)}) runs in inference mode in training too, as Keras' does: it uses its
 * moving statistics and leaves them as they are.
 *
 * <pre>{@code
 * new Sequential(new Conv2D(32, 3), new BatchNormalization(), new Activation("relu"))   // [batch, 32, h, w]: per channel
 * new BatchNormalization().momentum(0.9)                                              // [batch, 64]: per feature
 * }</pre>
 */
public final class BatchNormalization extends Layer {
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializer.zeros();
    private Initializer gammaInitializer = Initializer.ones();
    private Initializer movingMeanInitializer = Initializer.zeros();
    private Initializer movingVarianceInitializer = Initializer.ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Tensor gamma;
    private Tensor beta;
    private Tensor movingMean;
    private Tensor movingVariance;
    /** Per-sample shape of the statistics for broadcasting: {@code [features, 1, 1, ...]}. */
    private int[] statShape;
    /** The batch axis and every axis after the features: what the statistics reduce over. */
    private int[] reduceAxes;

    /** How much of the moving statistics each training step keeps, in [0, 1] (default 0.99). */
    public BatchNormalization momentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** Added to the variance before the square root, for stability; > 0 (default 1e-3). */
    public BatchNormalization epsilon(double epsilon) {
        if (!(epsilon > 0)) throw new IllegalArgumentException("BatchNormalization: epsilon must be > 0, got " + epsilon);
        this.epsilon = epsilon;
        return this;
    }

    /** Whether to learn the shift {@code beta} (default true). */
    public BatchNormalization center(boolean center) { this.center = center; return this; }
    /** Whether to learn the scale {@code gamma} (default true). */
    public BatchNormalization scale(boolean scale) { this.scale = scale; return this; }
    public BatchNormalization betaInitializer(Initializer init) { this.betaInitializer = init; return this; }
    public BatchNormalization gammaInitializer(Initializer init) { this.gammaInitializer = init; return this; }
    public BatchNormalization movingMeanInitializer(Initializer init) { this.movingMeanInitializer = init; return this; }
    public BatchNormalization movingVarianceInitializer(Initializer init) { this.movingVarianceInitializer = init; return this; }
    public BatchNormalization betaRegularizer(Regularizer r) { this.betaRegularizer = r; return this; }
    public BatchNormalization gammaRegularizer(Regularizer r) { this.gammaRegularizer = r; return this; }

    /** The running mean used at inference ({@code [features]}). */
    public Tensor movingMean() {
        requireBuilt();
        return movingMean;
    }

    /** The running (biased) variance used at inference ({@code [features]}). */
    public Tensor movingVariance() {
        requireBuilt();
        return movingVariance;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length == 0) {
            throw shapeError("got scalar samples " + batchShape(in) + " but needs [batch, features] or [batch, channels, ...];"
                    + " reshape the data to [batch, 1]");
        }
        int features = in[0];
        int[] shape = {features};
        // Keras' order: gamma, beta, moving mean, moving variance.
        gamma = scale ? addWeight("gamma", gammaInitializer.create(shape, features, features, g), true, gammaRegularizer) : null;
        beta = center ? addWeight("beta", betaInitializer.create(shape, features, features, g), true, betaRegularizer) : null;
        movingMean = addWeight("movingMean", movingMeanInitializer.create(shape, features, features, g), false, null);
        movingVariance = addWeight("movingVariance", movingVarianceInitializer.create(shape, features, features, g), false, null);
        statShape = new int[in.length];
        Arrays.fill(statShape, 1);
        statShape[0] = features;
        reduceAxes = new int[in.length];
        for (int i = 1; i < in.length; i++) reduceAxes[i] = i + 1; // axis 0 (batch), then 2, 3, ...
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor mean;
        Tensor variance;
        // Frozen, it normalizes as at inference even in fit, as Keras does since TF 2: fine-tuning a network
        // whose statistics were learnt on other data must neither use nor overwrite the batches' statistics.
        if (training && trainable()) {
            mean = x.mean(reduceAxes, true);
            variance = x.sub(mean).square().mean(reduceAxes, true);
            try (var scope = GradMode.noGrad()) {
                movingMean.assign(movingMean.mul(momentum).add(mean.reshape(statShape[0]).mul(1 - momentum)));
                movingVariance.assign(movingVariance.mul(momentum).add(variance.reshape(statShape[0]).mul(1 - momentum)));
            }
        } else {
            mean = movingMean.reshape(statShape);
            variance = movingVariance.reshape(statShape);
        }
        Tensor y = x.sub(mean).div(variance.add(epsilon).sqrt());
        if (gamma != null) y = y.mul(gamma.reshape(statShape));
        if (beta != null) y = y.add(beta.reshape(statShape));
        return y;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("betaInitializer", betaInitializer.config());
        c.put("gammaInitializer", gammaInitializer.config());
        c.put("movingMeanInitializer", movingMeanInitializer.config());
        c.put("movingVarianceInitializer", movingVarianceInitializer.config());
        if (betaRegularizer != null) c.put("betaRegularizer", betaRegularizer.config());
        if (gammaRegularizer != null) c.put("gammaRegularizer", gammaRegularizer.config());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static BatchNormalization fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("BatchNormalization", config);
        BatchNormalization l = new BatchNormalization().momentum(c.number("momentum", 0.99)).epsilon(c.number("epsilon", 1e-3))
                .center(c.bool("center", true)).scale(c.bool("scale", true));
        l.betaInitializer(Initializer.read(c, "betaInitializer", Initializer.zeros()));
        l.gammaInitializer(Initializer.read(c, "gammaInitializer", Initializer.ones()));
        l.movingMeanInitializer(Initializer.read(c, "movingMeanInitializer", Initializer.zeros()));
        l.movingVarianceInitializer(Initializer.read(c, "movingVarianceInitializer", Initializer.ones()));
        l.betaRegularizer(Regularizer.read(c, "betaRegularizer"));
        l.gammaRegularizer(Regularizer.read(c, "gammaRegularizer"));
        return l;
    }
}
