package dev.fathom.backend;

/**
 * The primitives a device must run; everything else in Fathom (autodiff, layers, losses,
 * optimizers) is composed from these.
 *
 * <p>The interface is deliberately narrow so a new backend can implement all of it. Kernels take
 * {@link View}s, write into an output view the caller allocated, and return nothing, so a backend
 * may run them asynchronously: only {@link #read} and {@link #synchronize()} wait for results.
 * Operands of elementwise kernels arrive already broadcast to the output's shape (stride 0 on
 * repeated axes); reductions get an output with the input's rank and size 1 on reduced axes.
 */
public interface Backend {

    /** The device this backend runs on. */
    Device device();

    /** Allocates {@code size} elements whose contents are undefined. */
    Storage allocate(DType dtype, int size);

    /** Copies a host array ({@code float[]}, {@code double[]} or {@code int[]}) into new storage. */
    Storage upload(Object hostArray);

    /**
     * Storage over {@code hostArray} itself where the device can read host memory (the CPU: writes
     * through either side show in the other), else a copy as {@link #upload}.
     */
    default Storage wrap(Object hostArray) {
        return upload(hostArray);
    }

    /** Copies the view's elements, in row-major order, into a host array of the view's type. */
    void read(View src, Object hostArray);

    /** Sets every element of {@code out} to {@code value}. */
    void fill(View out, double value);

    /** Copies {@code src} into {@code out} (same shape), converting the element type if they differ. */
    void copy(View src, View out);

    /** {@code out = op(x)}. */
    void unary(UnaryOp op, View x, View out);

    /** {@code out = op(a, b)}. */
    void binary(BinaryOp op, View a, View b, View out);

    /** {@code out = cond != 0 ? a : b}. */
    void where(View cond, View a, View b, View out);

    /** Reduces {@code x} into {@code out}, whose size-1 axes are the reduced ones. */
    void reduce(ReduceOp op, View x, View out);

    /**
     * Writes into the INT32 view {@code out} (size 1 on {@code axis}) the position of the largest
     * ({@link ReduceOp#MAX}) or smallest ({@link ReduceOp#MIN}) value along {@code axis}; the first
     * one on ties.
     */
    void argReduce(ReduceOp op, View x, int axis, View out);

    /**
     * Batched matrix product {@code out[..., i, j] = sum_p a[..., i, p] * b[..., p, j]}; all three
     * have the same rank (at least 2) and batch axes already broadcast.
     */
    void matmul(View a, View b, View out);

    /** {@code out[..., i, ...] = x[..., index[..., i, ...], ...]} along {@code axis}; index is INT32 of out's shape. */
    void gather(View x, int axis, View index, View out);

    /** {@code out[..., index[..., i, ...], ...] += src[..., i, ...]} along {@code axis}; the adjoint of gather. */
    void scatterAdd(View out, int axis, View index, View src);

    /**
     * Max pooling of the contiguous image batch {@code x [N, C, H, W]}: the largest value of each
     * window into the contiguous {@code out [N, C, Ho, Wo]}, and where it was into the contiguous
     * int32 {@code indices} of the same shape, as {@code h * W + w} within its {@code (n, c)} plane.
     * Padded pixels never win; among equal values the first in row-major order wins, and a NaN wins
     * over any number (the first NaN, as argmax). Every window must hold at least one pixel.
     * {@code indices} is null when no gradient will be asked for (inference): then only {@code out}.
     */
    void maxPool2d(View x, Window window, View out, View indices);

    /**
     * Lays every window of the contiguous image batch {@code x [N, C, H, W]} out as a column of the
     * contiguous {@code out [C*kh*kw, N*Ho*Wo]}: row {@code (c, i, j)} holds tap (i, j) of channel c
     * for each sample and window position. Taps in the padding read {@code padValue}.
     */
    void im2col(View x, Window window, double padValue, View out);

    /**
     * A convolution by this backend's own kernel, where it has one faster than {@link #im2col} then
     * {@link #matmul} for these shapes: {@code out [N, F, Ho, Wo] = x [N, C, H, W] ⋆ kernel [F, C, kh, kw] +
     * bias [F]}, all contiguous, {@code bias} null for none, padding with zeros from {@code window}.
     * Returns false, having written nothing, where it has none; the caller then composes im2col and
     * matmul. The result may round differently from that composition. Training calls it too: the
     * caller records the convolution's gradient, whose input part is again a convolution.
     */
    default boolean convolve(View x, View kernel, View bias, Window window, View out) {
        return false;
    }

    /**
     * Max pooling of a convolution, {@code out [N, F, Po, Qo] = maxPool2d(x ⋆ kernel + bias, pool)}, by
     * this backend's own kernel where it has one for these shapes: a sample's convolution kept in cache
     * rather than written whole, then pooled. Where {@code winners} is not null (training) each pooled
     * value's position in its convolution plane ({@code y * Wo + x}, the first largest, as {@link
     * #maxPool2d} picks it) goes there. All contiguous, {@code bias} null for none. Returns false, having
     * written nothing, where it has none: the caller then runs the convolution and the pooling apart.
     * The values are those two ops' exactly (the same products in the same order as {@link #convolve},
     * or im2col and matmul where that has no kernel).
     */
    default boolean convolvePool(View x, View kernel, View bias, Window conv, Window pool, View out, View winners) {
        return false;
    }

    /**
     * The gradients of {@link #convolvePool} (only called where it returned true) by this backend's own
     * kernel where it has one: from the pooled output's gradient {@code g} and the {@code winners}, the
     * kernel's into {@code dKernel}, the bias's into {@code dBias} and the input's into {@code dx}, each
     * overwritten, null where not wanted. Sums run in a fixed order, whatever the threads. Returns false,
     * having written nothing, where it has none: the caller then scatters {@code g} to the winners and
     * takes the convolution's gradient from there, as the two ops' would.
     */
    default boolean convolvePoolGradients(View x, View kernel, Window conv, View g, View winners, View dx, View dKernel, View dBias) {
        return false;
    }

    /** The adjoint of {@link #im2col}: sets the contiguous {@code out [N, C, H, W]} to the sum of each pixel's entries in {@code cols}. */
    void col2im(View cols, Window window, View out);

    /**
     * {@code out = x - logsumexp(x)} along {@code axis} ({@code log(softmax(x))}), each line shifted
     * by its max, or by 0 where the max is infinite; x and out have one floating shape, out dense.
     * One kernel for what a classifier's loss takes in every step (PyTorch's log_softmax is one too).
     */
    void logSoftmax(View x, int axis, View out);

    /**
     * One Adam update in place over dense float32 tensors of one shape — parameter, gradient and the
     * two moment estimates — in a single pass over memory, instead of the dozen elementwise ops it
     * composes to (PyTorch's fused Adam does the same). Not differentiable: optimizers run it with
     * gradients off.
     */
    void adamStep(View parameter, View gradient, View m, View v, AdamStep step);

    /**
     * Whether every element of {@code x} is finite (no NaN, no infinity); integer tensors always
     * are. One pass without a result tensor, and the answer read back at once: training checks
     * every gradient with it in every step (as PyTorch's GradScaler checks them in one kernel).
     */
    boolean allFinite(View x);

    /** Waits until every kernel issued so far has finished. */
    void synchronize();
}
