package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Normalizes each sample on its own to mean 0 and variance 1 over the last axis (or the chosen
 * axes), then scales by a learned {@code gamma} and shifts by a learned {@code beta}. Unlike
 * {@link BatchNormalization} it uses no batch statistics, so training and inference compute the
 * same thing; the usual choice in transformers. Keras semantics (epsilon 1e-3).
 *
 * <p>Input and output {@code [batch, ...]}, any shape with at least one axis after the batch.
 * {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}, with the mean and biased variance
 * over the normalized axes. Weights {@code gamma} (ones) and {@code beta} (zeros), shaped like the
 * normalized axes: {@code [features]} by default.
 *
 * <p>Axes count the batch axis as 0, as in Keras and the tensor ops: {@code axis(-1)} (the
 * default) is the last axis; {@code axis(1, 2, 3)} normalizes whole images {@code [channels, height, width]}.
 *
 * <pre>{@code
 * new LayerNormalization()                  // [batch, 10, 64]: each of the 10 vectors of 64 normalized
 * new LayerNormalization().axis(1, 2, 3)    // [batch, C, H, W]: each image normalized as a whole
 * }</pre>
 */
public final class LayerNormalization extends Layer {
    private int[] axes = {-1};
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializer.zeros();
    private Initializer gammaInitializer = Initializer.ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Tensor gamma;
    private Tensor beta;
    /** The normalized axes of the batch tensor, ascending, non-negative. */
    private int[] resolved;
    /** Per-sample shape of gamma and beta for broadcasting: the normalized sizes, 1 elsewhere. */
    private int[] paramShape;

    /**
     * The axes to normalize over, counting the batch axis as 0; negative values count from the end
     * (default {@code -1}).
     */
    public LayerNormalization axis(int... axes) {
        if (axes.length == 0) throw new IllegalArgumentException("LayerNormalization: needs at least one axis");
        this.axes = axes.clone();
        return this;
    }

    /** Added to the variance before the square root, for stability; > 0 (default 1e-3). */
    public LayerNormalization epsilon(double epsilon) {
        if (!(epsilon > 0)) throw new IllegalArgumentException("LayerNormalization: epsilon must be > 0, got " + epsilon);
        this.epsilon = epsilon;
        return this;
    }

    /** Whether to learn the shift {@code beta} (default true). */
    public LayerNormalization center(boolean center) { this.center = center; return this; }
    /** Whether to learn the scale {@code gamma} (default true). */
    public LayerNormalization scale(boolean scale) { this.scale = scale; return this; }
    public LayerNormalization betaInitializer(Initializer init) { this.betaInitializer = init; return this; }
    public LayerNormalization gammaInitializer(Initializer init) { this.gammaInitializer = init; return this; }
    public LayerNormalization betaRegularizer(Regularizer r) { this.betaRegularizer = r; return this; }
    public LayerNormalization gammaRegularizer(Regularizer r) { this.gammaRegularizer = r; return this; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int rank = in.length + 1; // with the batch axis
        if (in.length == 0) {
            throw shapeError("got scalar samples " + batchShape(in) + " but needs at least one axis to normalize, e.g."
                    + " [batch, features]; reshape the data to [batch, 1] (or use BatchNormalization)");
        }
        boolean[] chosen = new boolean[rank];
        for (int axis : axes) {
            int a = axis < 0 ? axis + rank : axis;
            if (a < 1 || a >= rank) {
                throw shapeError("axis " + axis + " is out of range for input " + batchShape(in) + "; normalized axes"
                        + " count the batch as 0 and must be in 1.." + (rank - 1) + " (or -" + (rank - 1) + "..-1 from the"
                        + " end); the batch axis cannot be normalized over (that is BatchNormalization)");
            }
            if (chosen[a]) throw new IllegalArgumentException("LayerNormalization: axis " + a + " given twice in " + Arrays.toString(axes));
            chosen[a] = true;
        }
        resolved = new int[axes.length];
        paramShape = new int[in.length];
        int[] weightShape = new int[axes.length];
        int k = 0;
        int size = 1;
        for (int a = 1; a < rank; a++) {
            paramShape[a - 1] = chosen[a] ? in[a - 1] : 1;
            if (chosen[a]) {
                resolved[k] = a;
                weightShape[k++] = in[a - 1];
                size *= in[a - 1];
            }
        }
        gamma = scale ? addWeight("gamma", gammaInitializer.create(weightShape, size, size, g), true, gammaRegularizer) : null;
        beta = center ? addWeight("beta", betaInitializer.create(weightShape, size, size, g), true, betaRegularizer) : null;
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor mean = x.mean(resolved, true);
        Tensor centered = x.sub(mean);
        Tensor y = centered.div(centered.square().mean(resolved, true).add(epsilon).sqrt());
        if (gamma != null) y = y.mul(gamma.reshape(paramShape));
        if (beta != null) y = y.add(beta.reshape(paramShape));
        return y;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", Arrays.stream(axes).boxed().toList());
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("betaInitializer", betaInitializer.config());
        c.put("gammaInitializer", gammaInitializer.config());
        if (betaRegularizer != null) c.put("betaRegularizer", betaRegularizer.config());
        if (gammaRegularizer != null) c.put("gammaRegularizer", gammaRegularizer.config());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static LayerNormalization fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("LayerNormalization", config);
        LayerNormalization l = new LayerNormalization().axis(c.integers("axis", new int[] {-1}))
                .epsilon(c.number("epsilon", 1e-3)).center(c.bool("center", true)).scale(c.bool("scale", true));
        l.betaInitializer(Initializer.read(c, "betaInitializer", Initializer.zeros()));
        l.gammaInitializer(Initializer.read(c, "gammaInitializer", Initializer.ones()));
        l.betaRegularizer(Regularizer.read(c, "betaRegularizer"));
        l.gammaRegularizer(Regularizer.read(c, "gammaRegularizer"));
        return l;
    }
}
