package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Standardizes each feature to mean 0 and variance 1 with statistics learned once from data by
 * {@link #adapt}: {@code y = (x - mean) / sqrt(variance)}. The statistics are non-trainable weights,
 * so a saved model carries the preprocessing it was trained with, and the optimizer leaves them
 * alone.
 *
 * <p>The axis (default {@code -1}, the last) counts the batch axis, as in Keras: one mean and one
 * variance per entry of that axis, taken over the samples and every other axis. Input and output
 * {@code [batch, ...]}; weights {@code mean} and {@code variance}, each {@code [features]}, and
 * {@code count} ({@code [1]}, the number of values each statistic was taken over; 0 until adapted).
 * A variance of 0 (a constant feature) divides by 1e-7 instead of 0, as Keras. Integer inputs come
 * out as float32.
 *
 * <pre>{@code
 * Normalization norm = new Normalization();
 * norm.adapt(xTrain);                       // [n, 3]: three means, three variances
 * Input in = Input.of(3);
 * SymbolicTensor out = in.then(norm).then(new Dense(1));
 * new Normalization(1)                      // images [batch, channels, h, w]: per channel
 * }</pre>
 */
public final class Normalization extends Layer {
    /** The smallest standard deviation divided by, as Keras' {@code backend.epsilon()}. */
    private static final double MIN_STD = 1e-7;

    private final int axis;
    private Tensor mean;
    private Tensor variance;
    private Tensor count;
    /** Per-sample shape that broadcasts the statistics: 1 everywhere except the normalized axis. */
    private int[] statShape;
    /** The axes of a batch tensor that the statistics reduce over: all but the normalized one. */
    private int[] reduceAxes;

    /** Normalizes each entry of the last axis. */
    public Normalization() {
        this(-1);
    }

    /**
     * Normalizes each entry of {@code axis} of the batch tensors (negative counts from the end).
     *
     * @throws IllegalArgumentException for axis 0, the batch axis
     */
    public Normalization(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("Normalization: axis 0 is the batch axis, and statistics are taken over"
                    + " the samples; use -1 (the last axis, the default) or an axis >= 1");
        }
        this.axis = axis;
    }

    /** Recreates a Normalization from {@code {axis}}; its statistics come back as weights. */
    public static Normalization fromConfig(Map<String, Object> config) {
        return new Normalization(new ConfigMap("Normalization", config).integer("axis", -1));
    }

    /** The normalized axis, as given (negative counts from the end). */
    public int axis() {
        return axis;
    }

    /** The per-feature means ({@code [features]}, float32). */
    public Tensor mean() {
        requireBuilt();
        return mean;
    }

    /** The per-feature (biased) variances ({@code [features]}, float32). */
    public Tensor variance() {
        requireBuilt();
        return variance;
    }

    /** Whether statistics have been learned by {@link #adapt} (or loaded with a saved model). */
    public boolean isAdapted() {
        return count != null && count.item() > 0;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int rank = in.length + 1;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 1 || a >= rank) {
            throw shapeError("axis " + axis + " is out of range for input " + batchShape(in) + (in.length == 0
                    ? "; reshape the data to [batch, 1]"
                    : "; use an axis from 1 to " + (rank - 1) + " or from -" + (rank - 1) + " to -1 (axis 0 is the batch)"));
        }
        int features = in[a - 1];
        statShape = new int[in.length];
        Arrays.fill(statShape, 1);
        statShape[a - 1] = features;
        reduceAxes = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) if (i != a) reduceAxes[k++] = i;
        // Rebuilding (a model builds all its layers) must not lose statistics learned before the model existed.
        boolean keep = isAdapted();
        if (keep && mean.size() != features) {
            throw shapeError("was adapted to data with " + mean.size() + " features on axis " + axis + " but now gets input "
                    + batchShape(in) + " with " + features + "; adapt it again on data shaped like this input, or feed it"
                    + " data like the adapted one");
        }
        if (!keep) {
            mean = Tensor.zeros(features);
            variance = Tensor.full(1, features);
            count = Tensor.zeros(1);
        }
        addWeight("mean", mean, false, null);
        addWeight("variance", variance, false, null);
        addWeight("count", count, false, null);
        return in;
    }

    /**
     * Learns the mean and variance of each feature from {@code data} ({@code [samples, ...]}, shaped like
     * the layer's input), replacing any earlier statistics; builds the layer if it is not built.
     * Statistics are computed in float64 and stored as float32.
     *
     * @return this layer
     * @throws ShapeException when the samples' shape differs from the built input shape
     */
    public Normalization adapt(Tensor data) {
        if (data.rank() < 1 || data.shape(0) == 0) {
            throw shapeError("adapt got data of shape " + Arrays.toString(data.shape()) + "; it needs samples on axis 0");
        }
        int[] perSample = Arrays.copyOfRange(data.shape(), 1, data.rank());
        if (!isBuilt()) {
            build(perSample, null);
        } else if (!Arrays.equals(perSample, inputShape())) {
            throw shapeError("adapt got samples of shape " + batchShape(perSample) + " (data " + Arrays.toString(data.shape())
                    + ") but the layer takes " + batchShape(inputShape()) + "; adapt it on data shaped like the model's input");
        }
        try (var scope = GradMode.noGrad()) {
            Tensor x = data.asType(DType.FLOAT64);
            Tensor m = x.mean(reduceAxes, true);
            Tensor v = x.sub(m).square().mean(reduceAxes, false);
            mean.assign(m.reshape(mean.shape()));
            variance.assign(v.reshape(variance.shape()));
            count.assign(Tensor.full(DType.FLOAT32, (double) data.size() / mean.size(), 1));
        }
        return this;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!isBuilt() || !isAdapted()) {
            throw new IllegalStateException(label() + " has no statistics yet: call adapt(data) on"
                    + " training data (e.g. norm.adapt(xTrain)) before fit, evaluate or predict, or load a model saved"
                    + " after adapting");
        }
        Tensor in = x.dtype().isFloating() ? x : x.asType(DType.FLOAT32);
        Tensor std = variance.sqrt().maximum(MIN_STD).reshape(statShape);
        return in.sub(mean.reshape(statShape)).div(std);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }
}
