package dev.fathom.tensor;

import dev.fathom.backend.Window;

/**
 * Sliding-window ops on images in NCHW layout ({@code [batch, channels, height, width]}): 2-D
 * convolution and max/average pooling, all built on {@link #unfold} (im2col).
 *
 * <p>The one primitive underneath is {@code im2col} (with its adjoint {@code col2im} as gradient):
 * it lays each window out as a column, copying whole runs of image rows. Convolution is then one
 * matrix product of the kernel with the columns; pooling is a max or mean over each window. Their
 * gradients come from the primitives' rules. Where the backend has a convolution kernel of its own
 * for the shapes (the CPU's Winograd for 3x3 windows with stride 1), convolution is that one primitive
 * ({@code Ops.convolve}, with the convolution's gradient rule) instead.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(g, 8, 1, 28, 28);                  // 8 grayscale images
 * Tensor w = Tensor.randn(g, 32, 1, 3, 3).mul(0.1);            // 32 filters of 3x3
 * Tensor y = Convolution.conv2d(x, w, null, 1, 1, Convolution.padding(1, 1, 1, 1), 1, 1); // [8, 32, 28, 28]
 * Tensor p = Convolution.maxPool2d(y, 2, 2, 2, 2);             // [8, 32, 14, 14]
 * }</pre>
 */
public final class Convolution {
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
        checkImage("unfold", x);
        Window window = window("unfold", kh, kw, sh, sw, padding, dh, dw);
        int n = x.shape(0);
        int taps = x.shape(1) * kh * kw;
        Tensor cols = Ops.im2col(x, window, padValue); // [C*kh*kw, N*Ho*Wo]
        return cols.reshape(taps, n, -1).permute(1, 0, 2);
    }

    private static Window window(String op, int kh, int kw, int sh, int sw, int[] padding, int dh, int dw) {
        if (padding.length != 4) throw new IllegalArgumentException(op + ": padding needs {top, bottom, left, right}");
        Window.checkSizes(op, kh, kw, sh, sw, dh, dw);
        return new Window(kh, kw, sh, sw, dh, dw, padding[0], padding[1], padding[2], padding[3]);
    }

    /**
     * 2-D cross-correlation (what deep-learning libraries call convolution).
     *
     * <p>The backend's own kernel where it has one for these shapes (the CPU's Winograd F(2x2, 3x3) for
     * 3x3 windows with stride 1 over as many channels as a vector holds, 8 with AVX2: 2.25 times fewer multiplications, rounding a
     * little differently). Elsewhere one matrix product {@code kernel [F, C*kh*kw] x cols [C*kh*kw,
     * N*Ho*Wo]} for the whole batch: one large GEMM rather than N small ones, and the kernel's gradient
     * is again one GEMM with no sum over samples afterwards.
     *
     * @param x       input {@code [N, C, H, W]}
     * @param kernel  weights {@code [F, C, kh, kw]}
     * @param bias    {@code [F]}, or null
     * @param padding {@code {top, bottom, left, right}} zeros
     * @return {@code [N, F, Ho, Wo]}
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, int sh, int sw, int[] padding, int dh, int dw) {
        Window window = convolutionWindow(x, kernel, bias, sh, sw, padding, dh, dw);
        int f = kernel.shape(0);
        int c = kernel.shape(1);
        int kh = kernel.shape(2);
        int kw = kernel.shape(3);
        int n = x.shape(0);
        int ho = window.outHeight(x.shape(2));
        int wo = window.outWidth(x.shape(3));
        // The backend's own convolution where it has one (the CPU's Winograd for 3x3 windows), recorded with its
        // gradient rule when training; im2col and matmul elsewhere.
        Tensor direct = Ops.convolve(x, kernel, bias, window);
        if (direct != null) return direct;
        Tensor cols = Ops.im2col(x, window, 0);
        if (!Tensor.recording(x, kernel, bias)) {
            // Inference: one product per sample, kernel x that sample's columns, lands in NCHW order
            // ([N, F, Ho*Wo]) with no permuted copy after it; the bias and activation then run on dense rows.
            // One sample's columns are already its [C*kh*kw, Ho*Wo] matrix: a plain product, no batch axis.
            Tensor perSample = n == 1 ? cols : cols.reshape(c * kh * kw, n, ho * wo).permute(1, 0, 2);
            Tensor y = kernel.reshape(f, c * kh * kw).matmul(perSample);
            if (bias != null) y = y.add(bias.reshape(f, 1));
            return y.reshape(n, f, ho, wo);
        }
        Tensor y = kernel.reshape(f, c * kh * kw).matmul(cols); // [F, N*Ho*Wo]
        if (bias != null) y = y.add(bias.reshape(f, 1));
        return y.reshape(f, n, ho, wo).permute(1, 0, 2, 3);
    }

    /**
     * Max pooling of a convolution, {@code maxPool2d(conv2d(x, kernel, bias, sh, sw, padding, dh, dw),
     * ph, pw, psh, psw, poolPadding)}, by one kernel where the backend has one for these shapes (the
     * CPU's computes and pools each sample's convolution while it is in cache where Winograd does not
     * fit, as a network's first layer with few channels; where it fits and the pool is 2×2 with stride 2,
     * it pools each 2×2 output tile as it is made), with the same values and gradients; elsewhere the
     * two ops one after the other.
     *
     * <pre>{@code
     * // a 3x3 convolution then a 2x2 pool: [64, 1, 28, 28] -> [64, 32, 13, 13]
     * Tensor y = Convolution.conv2dMaxPool(x, kernel, bias, 1, 1, Convolution.valid(), 1, 1, 2, 2, 2, 2, Convolution.valid());
     * }</pre>
     */
    public static Tensor conv2dMaxPool(Tensor x, Tensor kernel, Tensor bias, int sh, int sw, int[] padding, int dh, int dw,
                                       int ph, int pw, int psh, int psw, int[] poolPadding) {
        // The two ops' own checks, with their messages; a pool that does not fit the convolution's output
        // makes Ops decline, and maxPool2d below says so.
        Window conv = convolutionWindow(x, kernel, bias, sh, sw, padding, dh, dw);
        Window pool = window("maxPool2d", ph, pw, psh, psw, poolPadding, 1, 1);
        checkMaxPoolPadding(ph, pw, poolPadding);
        Tensor fused = Ops.convolvePool(x, kernel, bias, conv, pool);
        return fused != null ? fused : maxPool2d(conv2d(x, kernel, bias, sh, sw, padding, dh, dw), ph, pw, psh, psw, poolPadding);
    }

    /** {@link #conv2d}'s checks of its operands (image, kernel, channels, bias, window), in that order; its window. */
    private static Window convolutionWindow(Tensor x, Tensor kernel, Tensor bias, int sh, int sw, int[] padding, int dh, int dw) {
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
        return window(op, kernel.shape(2), kernel.shape(3), sh, sw, padding, dh, dw);
    }

    /** Max pooling's padding must leave every window a pixel of the image. */
    private static void checkMaxPoolPadding(int kh, int kw, int[] padding) {
        if (padding[0] >= kh || padding[1] >= kh || padding[2] >= kw || padding[3] >= kw) {
            throw new IllegalArgumentException("maxPool2d: padding {" + padding[0] + ", " + padding[1] + ", " + padding[2] + ", "
                    + padding[3] + "} must be smaller than the " + kh + "x" + kw + " window, or some windows hold only padding");
        }
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
        String op = max ? "maxPool2d" : "avgPool2d";
        checkImage(op, x);
        Window window = window(op, kh, kw, sh, sw, padding, 1, 1);
        int n = x.shape(0);
        int c = x.shape(1);
        int h = x.shape(2);
        int w = x.shape(3);
        int ho = window.outHeight(h);
        int wo = window.outWidth(w);
        if (ho < 1 || wo < 1) {
            throw new ShapeException(op, "a " + kh + "x" + kw + " window does not fit in the " + h + "x" + w
                    + " image of input " + Shapes.str(x.shape()) + "; use a smaller pool size or 'same' padding");
        }
        if (max) {
            checkMaxPoolPadding(kh, kw, padding);
            return Ops.maxPool2d(x, window);
        }
        // Every channel pooled alike: each (sample, channel) plane as a one-channel image.
        Tensor planes = x.contiguous().reshape(n * c, 1, h, w);
        Tensor cols = Ops.im2col(planes, window, 0); // [kh*kw, N*C*Ho*Wo]
        return cols.mean(0, false).reshape(n, c, ho, wo); // padded pixels count as zeros
    }

    private static void checkImage(String op, Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(op, "input must be [batch, channels, height, width], got " + Shapes.str(x.shape())
                    + (x.rank() == 3 ? "; add a batch axis with unsqueeze(0)" : x.rank() == 2 ? "; reshape flat images to [N, 1, H, W]" : ""));
        }
    }
}
