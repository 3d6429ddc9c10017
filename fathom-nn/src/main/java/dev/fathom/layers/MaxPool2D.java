package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Downsamples images by keeping the largest value of each {@code ph × pw} window, per channel.
 *
 * <p>Input {@code [batch, channels, height, width]}; output {@code [batch, channels, outHeight, outWidth]}.
 * Windows move by the strides, which default to the pool size (non-overlapping windows), so a 2×2
 * pool halves 28×28 to 14×14. With {@link Padding#VALID} (the default) a leftover row or column is
 * dropped (7×7 becomes 3×3); with {@link Padding#SAME} each axis keeps {@code ceil(size / stride)}
 * outputs (7×7 becomes 4×4) and padded pixels never win. No weights.
 *
 * <pre>{@code
 * new MaxPool2D()                                   // 2x2: [batch, 32, 28, 28] -> [batch, 32, 14, 14]
 * new MaxPool2D(3).strides(2, 2).padding(Padding.SAME)
 * }</pre>
 */
public final class MaxPool2D extends Pooling2D<MaxPool2D> {

    /** A 2×2 pool with stride 2, as Keras' default. */
    public MaxPool2D() {
        this(2, 2);
    }

    /** A square {@code pool × pool} window, moving by {@code pool}. */
    public MaxPool2D(int pool) {
        this(pool, pool);
    }

    /** A {@code poolHeight × poolWidth} window, moving by its own size. */
    public MaxPool2D(int poolHeight, int poolWidth) {
        super(poolHeight, poolWidth);
    }

    /** {@code max_pooling2d}, as Keras names its MaxPooling2D. */
    @Override
    public String defaultName() {
        return "max_pooling2d";
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        return Convolution.maxPool2d(x, ph, pw, sh, sw, pad);
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static MaxPool2D fromConfig(Map<String, Object> config) {
        return fromConfig("MaxPool2D", config, MaxPool2D::new);
    }
}
