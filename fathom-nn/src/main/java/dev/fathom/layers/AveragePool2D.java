package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

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
public final class AveragePool2D extends Pooling2D<AveragePool2D> {
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
        super(poolHeight, poolWidth);
    }

    /** {@code average_pooling2d}, as Keras names its AveragePooling2D. */
    @Override
    public String defaultName() {
        return "average_pooling2d";
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int[] shape = super.computeOutputShape(in, g);
        int[] out = {shape[1], shape[2]};
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
        return shape;
    }

    /** How many of the positions {@code start .. start+length-1} lie in {@code 0 .. size-1}. */
    private static int inside(int start, int length, int size) {
        return Math.min(start + length, size) - Math.max(start, 0);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        // avgPool2d divides by the full window area; rescaling turns that into the mean of the real pixels.
        Tensor y = Convolution.avgPool2d(x, ph, pw, sh, sw, pad);
        if (scale64 == null) return y;
        return y.mul((x.dtype() == DType.FLOAT64 ? scale64 : scale32).to(x.device()));
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static AveragePool2D fromConfig(Map<String, Object> config) {
        return fromConfig("AveragePool2D", config, AveragePool2D::new);
    }
}
