package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Downsamples sequences by keeping the largest value of each window of {@code poolSize} steps, per
 * channel (Keras' MaxPool1D, PyTorch's {@code max_pool1d} on channels-first data).
 *
 * <p>Input {@code [batch, time, channels]}; output {@code [batch, outTime, channels]}. Windows move
 * by the stride, which defaults to the pool size (non-overlapping windows), so a pool of 2 halves
 * 40 steps to 20. With {@link Padding#VALID} (the default) leftover steps are dropped (41 becomes
 * 20); with {@link Padding#SAME} there are {@code ceil(time / stride)} outputs (41 becomes 21) and
 * padded steps never win. The gradient goes to each window's winner (the first on ties). No weights.
 *
 * <pre>{@code
 * new MaxPool1D(2)                                 // [batch, 40, 32] -> [batch, 20, 32]
 * new MaxPool1D(3).strides(1).padding(Padding.SAME) // [batch, 40, 32] -> [batch, 40, 32]
 * }</pre>
 */
public final class MaxPool1D extends Layer {
    private final int poolSize;
    private int stride;
    private Padding padding = Padding.VALID;
    /** {@code {top, bottom, left, right}} of the height-1 image: only left and right are used. */
    private int[] pad;

    /** A pool of 2 steps with stride 2, as Keras' default. */
    public MaxPool1D() {
        this(2);
    }

    /**
     * A window of {@code poolSize} steps, moving by {@code poolSize}.
     *
     * @throws IllegalArgumentException when {@code poolSize} is below 1
     */
    public MaxPool1D(int poolSize) {
        if (poolSize < 1) throw new IllegalArgumentException("MaxPool1D: pool size must be >= 1, got " + poolSize);
        this.poolSize = poolSize;
        this.stride = poolSize;
    }

    /** The step between windows (default: the pool size). */
    public MaxPool1D strides(int stride) {
        if (stride < 1) throw new IllegalArgumentException("MaxPool1D: strides must be >= 1, got " + stride);
        this.stride = stride;
        return this;
    }

    /** How windows treat the ends of the sequence: {@link Padding#VALID} (the default) or {@link Padding#SAME}. */
    public MaxPool1D padding(Padding padding) {
        this.padding = Objects.requireNonNull(padding, "padding");
        return this;
    }

    /** The number of steps in each window. */
    public int poolSize() {
        return poolSize;
    }

    /** {@code max_pooling1d}, as Keras names its MaxPooling1D. */
    @Override
    public String defaultName() {
        return "max_pooling1d";
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Conv1D.requireSequence(this, in);
        pad = padding.amounts(1, in[0], 1, poolSize, 1, stride, 1, 1);
        int outTime = Convolution.outputSize(in[0], poolSize, stride, pad[2], pad[3], 1);
        if (outTime < 1) {
            throw shapeError("a pool of " + poolSize + " steps does not fit in the " + in[0] + " steps of input "
                    + batchShape(in) + "; use a smaller pool size, padding(Padding.SAME), or fewer downsampling layers"
                    + " before this one");
        }
        return new int[] {outTime, in[1]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int n = x.shape(0);
        int channels = x.shape(2);
        // [N, T, C] -> [N, C, 1, T]: each channel pooled as a one-row image by MaxPool2D's kernel.
        Tensor image = x.permute(0, 2, 1).unsqueeze(2);
        Tensor y = Convolution.maxPool2d(image, 1, poolSize, 1, stride, pad);   // [N, C, 1, T']
        return y.reshape(n, channels, -1).permute(0, 2, 1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("poolSize", poolSize);
        c.put("strides", stride);
        c.put("padding", padding.keyword());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static MaxPool1D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("MaxPool1D", config);
        c.requireOnly(Set.of("poolSize", "strides", "padding"));
        int pool = c.integer("poolSize", 2);
        return new MaxPool1D(pool).strides(c.integer("strides", pool)).padding(c.keyword("padding", Padding.VALID));
    }
}
