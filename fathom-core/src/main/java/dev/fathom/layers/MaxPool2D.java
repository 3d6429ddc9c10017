package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
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
public final class MaxPool2D extends Layer {
    private final int ph;
    private final int pw;
    private int sh;
    private int sw;
    private Padding padding = Padding.VALID;
    private int[] pad;

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
        if (poolHeight < 1 || poolWidth < 1) {
            throw new IllegalArgumentException("MaxPool2D: pool size must be >= 1, got " + poolHeight + "x" + poolWidth);
        }
        this.ph = poolHeight;
        this.pw = poolWidth;
        this.sh = poolHeight;
        this.sw = poolWidth;
    }

    /** The step between windows along height and width (default: the pool size). */
    public MaxPool2D strides(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("MaxPool2D: strides must be >= 1, got " + height + "x" + width);
        this.sh = height;
        this.sw = width;
        return this;
    }

    /** The same stride along both axes. */
    public MaxPool2D strides(int stride) {
        return strides(stride, stride);
    }

    public MaxPool2D padding(Padding padding) { this.padding = java.util.Objects.requireNonNull(padding, "padding"); return this; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Padding.requireImage(this, in);
        pad = padding.amounts(in[1], in[2], ph, pw, sh, sw, 1, 1);
        int[] out = Padding.outputSize(this, in, ph, pw, sh, sw, 1, 1, pad);
        return new int[] {in[0], out[0], out[1]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        requireBuilt();
        return Convolution.maxPool2d(x, ph, pw, sh, sw, pad);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("poolSize", List.of(ph, pw));
        c.put("strides", List.of(sh, sw));
        c.put("padding", padding.keyword());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static MaxPool2D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("MaxPool2D", config);
        int[] pool = c.integers("poolSize", 2, new int[] {2, 2});
        int[] strides = c.integers("strides", 2, pool);
        return new MaxPool2D(pool[0], pool[1]).strides(strides[0], strides[1])
                .padding(c.keyword("padding", Padding.VALID));
    }
}
