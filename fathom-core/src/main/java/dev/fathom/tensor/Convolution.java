package dev.fathom.tensor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window ops on images in NCHW layout ({@code [batch, channels, height, width]}): 2-D
 * convolution and max/average pooling, all built on {@link #unfold} (im2col).
 *
 * <p>{@code unfold} pads the input, then picks each window's pixels with one {@code indexSelect}
 * through a cached index table. Because it is composed from primitives, its gradient (col2im) is
 * the primitives' gradient: {@code indexSelect}'s scatter-add sums the overlapping windows back.
 * Convolution is then one matrix product of the kernel with the unfolded columns; pooling is a max
 * or mean over each window.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(g, 8, 1, 28, 28);                  // 8 grayscale images
 * Tensor w = Tensor.randn(g, 32, 1, 3, 3).mul(0.1);            // 32 filters of 3x3
 * Tensor y = Convolution.conv2d(x, w, null, 1, 1, Convolution.padding(1, 1, 1, 1), 1, 1); // [8, 32, 28, 28]
 * Tensor p = Convolution.maxPool2d(y, 2, 2, 2, 2);             // [8, 32, 14, 14]
 * }</pre>
 */
public final class Convolution {
    private record IndexKey(Device device, int hp, int wp, int kh, int kw, int sh, int sw, int dh, int dw) {}

    private static final Map<IndexKey, Tensor> INDEX_CACHE = new ConcurrentHashMap<>();

    private Convolution() {}

    /** Padding of {@code top, bottom, left, right} pixels. */
    public static int[] padding(int top, int bottom, int left, int right) {
        return new int[] {top, bottom, left, right};
    }

    /** No padding ("valid"). */
    public static int[] valid() {
        return new int[4];
    }

    /**
     * The padding for one axis that keeps {@code ceil(size / stride)} outputs ("same" in Keras),
     * as {@code {before, after}}; the odd pixel goes after, as in Keras and TensorFlow.
     */
    public static int[] samePadding(int size, int kernel, int stride, int dilation) {
        int out = (size + stride - 1) / stride;
        int span = (kernel - 1) * dilation + 1;
        int total = Math.max(0, (out - 1) * stride + span - size);
        return new int[] {total / 2, total - total / 2};
    }

    /** The output size along one axis. */
    public static int outputSize(int size, int kernel, int stride, int padBefore, int padAfter, int dilation) {
        int span = (kernel - 1) * dilation + 1;
        return Math.floorDiv(size + padBefore + padAfter - span, stride) + 1;
    }

    /**
     * im2col: every {@code kh × kw} window of {@code x [N, C, H, W]} as a column, giving
     * {@code [N, C*kh*kw, Ho*Wo]}; row {@code c*kh*kw + i*kw + j} holds pixel (i, j) of channel c.
     *
     * @param padding {@code {top, bottom, left, right}}, filled with {@code padValue}
     */
    public static Tensor unfold(Tensor x, int kh, int kw, int sh, int sw, int[] padding, int dh, int dw, double padValue) {
        String op = "unfold";
        checkImage(op, x);
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) {
            throw new IllegalArgumentException(op + ": kernel size, stride and dilation must be >= 1, got kernel "
                    + kh + "x" + kw + ", stride " + sh + "x" + sw + ", dilation " + dh + "x" + dw);
        }
        if (padding.length != 4) throw new IllegalArgumentException(op + ": padding needs {top, bottom, left, right}");
        int n = x.shape(0);
        int c = x.shape(1);
        int h = x.shape(2);
        int w = x.shape(3);
        int ho = outputSize(h, kh, sh, padding[0], padding[1], dh);
        int wo = outputSize(w, kw, sw, padding[2], padding[3], dw);
        if (ho < 1 || wo < 1) {
            throw new ShapeException(op, "a " + kh + "x" + kw + " window (dilation " + dh + "x" + dw + ") does not fit in the "
                    + h + "x" + w + " image of input " + Shapes.str(x.shape()) + " with padding "
                    + java.util.Arrays.toString(padding) + "; use a smaller kernel or stride, or 'same' padding");
        }
        Tensor padded = x;
        if (padding[0] + padding[1] + padding[2] + padding[3] > 0) {
            padded = x.pad(new int[] {0, 0, padding[0], padding[2]}, new int[] {0, 0, padding[1], padding[3]}, padValue);
        }
        int hp = h + padding[0] + padding[1];
        int wp = w + padding[2] + padding[3];
        Tensor index = INDEX_CACHE.computeIfAbsent(new IndexKey(x.device(), hp, wp, kh, kw, sh, sw, dh, dw),
                key -> windowIndex(key, ho, wo));
        return padded.reshape(n, c, hp * wp).indexSelect(2, index).reshape(n, c * kh * kw, ho * wo);
    }

    /** Flat pixel positions, window element (i, j) major, then output position (oy, ox). */
    private static Tensor windowIndex(IndexKey k, int ho, int wo) {
        int[] idx = new int[k.kh() * k.kw() * ho * wo];
        int p = 0;
        for (int i = 0; i < k.kh(); i++) {
            for (int j = 0; j < k.kw(); j++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        idx[p++] = (oy * k.sh() + i * k.dh()) * k.wp() + ox * k.sw() + j * k.dw();
                    }
                }
            }
        }
        return Tensor.of(idx).to(k.device());
    }

    /**
     * 2-D cross-correlation (what deep-learning libraries call convolution).
     *
     * @param x       input {@code [N, C, H, W]}
     * @param kernel  weights {@code [F, C, kh, kw]}
     * @param bias    {@code [F]}, or null
     * @param padding {@code {top, bottom, left, right}} zeros
     * @return {@code [N, F, Ho, Wo]}
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, int sh, int sw, int[] padding, int dh, int dw) {
        String op = "conv2d";
        checkImage(op, x);
        if (kernel.rank() != 4) {
            throw new ShapeException(op, "kernel must be [filters, channels, height, width], got " + Shapes.str(kernel.shape()));
        }
        int f = kernel.shape(0);
        int c = kernel.shape(1);
        if (x.shape(1) != c) {
            throw new ShapeException(op, "input " + Shapes.str(x.shape()) + " has " + x.shape(1) + " channels but kernel "
                    + Shapes.str(kernel.shape()) + " expects " + c + " (layout is [batch, channels, height, width])");
        }
        if (bias != null && (bias.rank() != 1 || bias.shape(0) != f)) {
            throw new ShapeException(op, "bias must be [" + f + "] (one per filter), got " + Shapes.str(bias.shape()));
        }
        int kh = kernel.shape(2);
        int kw = kernel.shape(3);
        Tensor cols = unfold(x, kh, kw, sh, sw, padding, dh, dw, 0);
        int ho = outputSize(x.shape(2), kh, sh, padding[0], padding[1], dh);
        int wo = outputSize(x.shape(3), kw, sw, padding[2], padding[3], dw);
        Tensor y = kernel.reshape(f, c * kh * kw).matmul(cols); // [N, F, Ho*Wo]
        if (bias != null) y = y.add(bias.reshape(f, 1));
        return y.reshape(x.shape(0), f, ho, wo);
    }

    /** The largest value in each {@code kh × kw} window, moving by the stride; no padding. */
    public static Tensor maxPool2d(Tensor x, int kh, int kw, int sh, int sw) {
        return pool(x, kh, kw, sh, sw, valid(), true);
    }

    /** Max pooling with padding; padded pixels never win. */
    public static Tensor maxPool2d(Tensor x, int kh, int kw, int sh, int sw, int[] padding) {
        return pool(x, kh, kw, sh, sw, padding, true);
    }

    /** The mean of each window; padded pixels count as zeros (PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int kh, int kw, int sh, int sw, int[] padding) {
        return pool(x, kh, kw, sh, sw, padding, false);
    }

    private static Tensor pool(Tensor x, int kh, int kw, int sh, int sw, int[] padding, boolean max) {
        checkImage(max ? "maxPool2d" : "avgPool2d", x);
        int n = x.shape(0);
        int c = x.shape(1);
        Tensor cols = unfold(x, kh, kw, sh, sw, padding, 1, 1, max ? Double.NEGATIVE_INFINITY : 0);
        int ho = outputSize(x.shape(2), kh, sh, padding[0], padding[1], 1);
        int wo = outputSize(x.shape(3), kw, sw, padding[2], padding[3], 1);
        Tensor windows = cols.reshape(n, c, kh * kw, ho * wo);
        Tensor pooled = max ? windows.max(2, false) : windows.mean(2, false);
        return pooled.reshape(n, c, ho, wo);
    }

    private static void checkImage(String op, Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(op, "input must be [batch, channels, height, width], got " + Shapes.str(x.shape())
                    + (x.rank() == 3 ? "; add a batch axis with unsqueeze(0)" : x.rank() == 2 ? "; reshape flat images to [N, 1, H, W]" : ""));
        }
    }
}
