package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Downsamples images by averaging each {@code ph × pw} window, per channel (Keras'
 * {@code AveragePooling2D}).
 *
 * <p>Input {@code [batch, channels, height, width]}; output {@code [batch, channels, outHeight, outWidth]},
 * sized as in {@link MaxPool2D}; strides default to the pool size. With {@link Padding#SAME} a
 * window at the border averages only the pixels inside the image, as Keras and TensorFlow do (a
 * 2×2 window holding one real pixel returns that pixel). PyTorch's {@code AvgPool2d} with padding
 * instead counts padded zeros by default ({@code count_include_pad=True}), as
 * {@link Convolution#avgPool2d} does; the two agree with {@link Padding#VALID}. No weights.
 *
 * <pre>{@code
 * new AveragePool2D(2)                                // [batch, 16, 28, 28] -> [batch, 16, 14, 14]
 * new AveragePool2D(3).strides(1, 1).padding(Padding.SAME)
 * }</pre>
 */
public final class AveragePool2D extends Layer {
    private final int ph;
    private final int pw;
    private int sh;
    private int sw;
    private Padding padding = Padding.VALID;
    private int[] pad;
    /** {@code window area / pixels inside the image} per output position, or null when every window is inside. */
    private Tensor scale32;
    private Tensor scale64;

    /** A 2×2 pool with stride 2, as Keras' default. */
    public AveragePool2D() {
        this(2, 2);
    }

    /** A square {@code pool × pool} window, moving by {@code pool}. */
    public AveragePool2D(int pool) {
        this(pool, pool);
    }

    /** A {@code poolHeight × poolWidth} window, moving by its own size. */
    public AveragePool2D(int poolHeight, int poolWidth) {
        if (poolHeight < 1 || poolWidth < 1) {
            throw new IllegalArgumentException("AveragePool2D: pool size must be >= 1, got " + poolHeight + "x" + poolWidth);
        }
        this.ph = poolHeight;
        this.pw = poolWidth;
        this.sh = poolHeight;
        this.sw = poolWidth;
    }

    /** The step between windows along height and width (default: the pool size). */
    public AveragePool2D strides(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("AveragePool2D: strides must be >= 1, got " + height + "x" + width);
        this.sh = height;
        this.sw = width;
        return this;
    }

    /** The same stride along both axes. */
    public AveragePool2D strides(int stride) {
        return strides(stride, stride);
    }

    public AveragePool2D padding(Padding padding) { this.padding = java.util.Objects.requireNonNull(padding, "padding"); return this; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Padding.requireImage(this, in);
        pad = padding.amounts(in[1], in[2], ph, pw, sh, sw, 1, 1);
        int[] out = Padding.outputSize(this, in, ph, pw, sh, sw, 1, 1, pad);
        scale32 = null;
        scale64 = null;
        if (pad[0] + pad[1] + pad[2] + pad[3] > 0) {
            double[] scale = new double[out[0] * out[1]];
            for (int oy = 0; oy < out[0]; oy++) {
                int rows = inside(oy * sh - pad[0], ph, in[1]);
                for (int ox = 0; ox < out[1]; ox++) {
                    scale[oy * out[1] + ox] = (double) (ph * pw) / (rows * inside(ox * sw - pad[2], pw, in[2]));
                }
            }
            scale64 = Tensor.of(scale, out[0], out[1]);
            scale32 = scale64.asType(DType.FLOAT32);
        }
        return new int[] {in[0], out[0], out[1]};
    }

    /** How many of the positions {@code start .. start+length-1} lie in {@code 0 .. size-1}. */
    private static int inside(int start, int length, int size) {
        return Math.min(start + length, size) - Math.max(start, 0);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        requireBuilt();
        // avgPool2d divides by the full window area; rescaling turns that into the mean of the real pixels.
        Tensor y = Convolution.avgPool2d(x, ph, pw, sh, sw, pad);
        if (scale64 == null) return y;
        return y.mul((x.dtype() == DType.FLOAT64 ? scale64 : scale32).to(x.device()));
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
    public static AveragePool2D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("AveragePool2D", config);
        int[] pool = c.integers("poolSize", 2, new int[] {2, 2});
        int[] strides = c.integers("strides", 2, pool);
        return new AveragePool2D(pool[0], pool[1]).strides(strides[0], strides[1])
                .padding(c.keyword("padding", Padding.VALID));
    }
}
