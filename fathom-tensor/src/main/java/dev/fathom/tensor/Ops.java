package dev.fathom.tensor;

import dev.fathom.backend.Device;
import dev.fathom.backend.DType;

import dev.fathom.backend.Backend;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.ReduceOp;
import dev.fathom.backend.UnaryOp;
import dev.fathom.backend.View;
import dev.fathom.backend.Window;

import java.util.Arrays;

/**
 * The differentiable primitives and, beside each, its gradient rule: the one place where autodiff
 * is defined. Everything else ({@code mean}, {@code softmax}, {@code indexSelect}, layers, losses)
 * is composed from these, so it gets its gradient for free.
 *
 * <p>Each primitive checks shapes, allocates its output, calls one backend kernel and records a
 * {@link dev.fathom.tensor.Node} whose rule maps the output gradient to input gradients, using
 * only other primitives (the rules run with recording off).
 */
final class Ops {
    private Ops() {}

    // ---- helpers -----------------------------------------------------------------------------

    // The names ops record in the graph and use in messages ("add"), made once: a step runs dozens of ops.
    private static final String[] UNARY_NAMES = lowercase(UnaryOp.values());
    private static final String[] BINARY_NAMES = lowercase(BinaryOp.values());
    private static final String[] REDUCE_NAMES = lowercase(ReduceOp.values());

    private static String[] lowercase(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) names[v.ordinal()] = v.name().toLowerCase(java.util.Locale.ROOT);
        return names;
    }

    private static Device sameDevice(String op, Tensor... ts) {
        Device d = ts[0].device();
        for (Tensor t : ts) {
            if (!t.device().equals(d)) {
                throw new IllegalArgumentException(op + ": operands are on different devices (" + d + " and " + t.device()
                        + "); move one with to(...) first");
            }
        }
        return d;
    }

    /** The view of {@code t} broadcast to {@code shape}: stride 0 on repeated and added axes. */
    static View broadcastView(Tensor t, int[] shape) {
        View v = t.view();
        if (Arrays.equals(v.shape(), shape)) return v;
        int[] strides = new int[shape.length];
        int lead = shape.length - v.rank();
        for (int i = 0; i < v.rank(); i++) {
            strides[lead + i] = v.shape()[i] == 1 && shape[lead + i] != 1 ? 0 : v.strides()[i];
        }
        return new View(v.storage(), shape, strides, v.offset());
    }

    /** Sums a broadcast gradient back down to {@code shape}. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.view().shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) axes[n++] = i;
        }
        return reduce(ReduceOp.SUM, g, Arrays.copyOf(axes, n), true).reshape(shape);
    }

    private static Tensor toType(Tensor t, DType dtype) {
        return t.dtype() == dtype ? t : cast(t, dtype);
    }

    // ---- elementwise -------------------------------------------------------------------------

    static Tensor unary(UnaryOp op, Tensor x) {
        boolean intSafe = op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN || op == UnaryOp.RELU;
        if (!x.dtype().isFloating() && !intSafe) x = cast(x, DType.FLOAT32);
        Tensor in = x;
        Tensor out = Tensor.allocate(x.dtype(), x.device(), x.view().shape());
        x.backend().unary(op, x.view(), out.view());
        return out.record(UNARY_NAMES[op.ordinal()], new Tensor[] {x}, g -> new Tensor[] {switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(out);
            case LOG -> g.div(in);
            case SQRT -> g.div(out.mul(2));
            case ABS -> g.mul(in.sign());
            case SIGN -> Tensor.zerosLike(in);
            case TANH -> g.mul(out.square().neg().add(1));
            case SIGMOID -> g.mul(out.mul(out.neg().add(1)));
            // From the output, as PyTorch's threshold_backward: one pass, no mask tensor (out != 0 iff in > 0).
            case RELU -> where(out, g, Tensor.zeros(g.dtype()).to(g.device()));
            case SIN -> g.mul(in.cos());
            case COS -> g.mul(in.sin().neg());
        }});
    }

    /**
     * {@code t} on {@code device} when it is a CPU scalar (rank 0) and the others are elsewhere: as in
     * PyTorch, a constant like {@code x.ne(Tensor.zeros(dtype))} works whatever device x is on.
     */
    private static Tensor scalarTo(Tensor t, Device device) {
        return t.rank() == 0 && !t.device().equals(device) && t.device().type() == Device.Type.CPU ? t.to(device) : t;
    }

    /** The device of the first operand that is not a CPU scalar (CPU scalars follow the others). */
    private static Device deviceOf(Tensor... ts) {
        for (Tensor t : ts) if (t.rank() > 0 || t.device().type() != Device.Type.CPU) return t.device();
        return ts[0].device();
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = BINARY_NAMES[op.ordinal()];
        Device on = deviceOf(a, b);
        a = scalarTo(a, on);
        b = scalarTo(b, on);
        Device device = sameDevice(name, a, b);
        DType dtype = DType.promote(a.dtype(), b.dtype());
        if (op == BinaryOp.POW && !dtype.isFloating()) dtype = DType.FLOAT32;
        Tensor x = toType(a, dtype);
        Tensor y = toType(b, dtype);
        int[] shape = Shapes.broadcast(name, x.view().shape(), y.view().shape());
        Tensor out = Tensor.allocate(dtype, device, shape);
        x.backend().binary(op, broadcastView(x, shape), broadcastView(y, shape), out.view());
        if (op.isComparison()) return out;
        int[] xs = x.view().shape();
        int[] ys = y.view().shape();
        // Only the operands that need a gradient get one: x * mask or x / 2 would otherwise pay a full
        // pass (and, for a broadcast scalar, a full reduction) for a gradient nobody reads.
        boolean gx = x.requiresGrad();
        boolean gy = y.requiresGrad();
        return out.record(name, new Tensor[] {x, y}, g -> switch (op) {
            case ADD -> new Tensor[] {gx ? sumTo(g, xs) : null, gy ? sumTo(g, ys) : null};
            case SUB -> new Tensor[] {gx ? sumTo(g, xs) : null, gy ? sumTo(g.neg(), ys) : null};
            case MUL -> new Tensor[] {gx ? sumTo(g.mul(y), xs) : null, gy ? sumTo(g.mul(x), ys) : null};
            case DIV -> new Tensor[] {gx ? sumTo(g.div(y), xs) : null, gy ? sumTo(g.mul(x).neg().div(y.square()), ys) : null};
            case POW -> new Tensor[] {
                    gx ? sumTo(g.mul(y).mul(x.pow(y.sub(1))), xs) : null,
                    // d/dy = x^y log x, taken as 0 where x = 0 (as PyTorch does) instead of 0 * -inf = NaN.
                    gy ? sumTo(g.mul(where(x.eq(0), x, out.mul(x.log()))), ys) : null};
            case MAXIMUM, MINIMUM -> {
                // Ties split the gradient evenly, so it is the average of both one-sided derivatives.
                Tensor first = (op == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y)).add(x.eq(y).mul(0.5));
                yield new Tensor[] {gx ? sumTo(g.mul(first), xs) : null, gy ? sumTo(g.mul(first.neg().add(1)), ys) : null};
            }
            default -> throw new IllegalStateException(name + " has no gradient");
        });
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Device on = deviceOf(condition, a, b);
        Tensor cond = scalarTo(condition, on);
        a = scalarTo(a, on);
        b = scalarTo(b, on);
        Device device = sameDevice("where", cond, a, b);
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Tensor x = toType(a, dtype);
        Tensor y = toType(b, dtype);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.view().shape(), x.view().shape()), y.view().shape());
        Tensor out = Tensor.allocate(dtype, device, shape);
        x.backend().where(broadcastView(cond, shape), broadcastView(x, shape), broadcastView(y, shape), out.view());
        int[] xs = x.view().shape();
        int[] ys = y.view().shape();
        boolean gx = x.requiresGrad();
        boolean gy = y.requiresGrad();
        return out.record("where", new Tensor[] {x, y}, g -> {
            Tensor zero = Tensor.zeros(g.dtype()).to(g.device());
            return new Tensor[] {gx ? sumTo(where(cond, g, zero), xs) : null, gy ? sumTo(where(cond, zero, g), ys) : null};
        });
    }

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = Tensor.allocate(dtype, x.device(), x.view().shape());
        x.backend().copy(x.view(), out.view());
        if (!dtype.isFloating() || !x.dtype().isFloating()) return out;
        DType from = x.dtype();
        return out.record("asType", new Tensor[] {x}, g -> new Tensor[] {cast(g, from)});
    }

    static Tensor copy(Tensor x) {
        Tensor out = Tensor.allocate(x.dtype(), x.device(), x.view().shape());
        x.backend().copy(x.view(), out.view());
        return out.record("copy", new Tensor[] {x}, g -> new Tensor[] {g});
    }

    // ---- reductions --------------------------------------------------------------------------

    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        String name = REDUCE_NAMES[op.ordinal()];
        int[] a = Shapes.axes(name, axes, x.rank());
        int[] shape = x.view().shape();
        int[] kept = shape.clone();
        for (int axis : a) {
            if (op != ReduceOp.SUM && shape[axis] == 0) {
                throw new ShapeException(name, "cannot take the " + name + " over axis " + axis + " of size 0 in shape " + Shapes.str(shape));
            }
            kept[axis] = 1;
        }
        Tensor out = Tensor.allocate(x.dtype(), x.device(), kept);
        x.backend().reduce(op, x.view(), out.view());
        out.record(name, new Tensor[] {x}, g -> {
            if (op == ReduceOp.SUM) return new Tensor[] {g.expand(shape)};
            // max/min: the gradient goes to the elements equal to the extreme, shared evenly on ties.
            Tensor hit = x.eq(out);
            return new Tensor[] {g.mul(hit).div(reduce(ReduceOp.SUM, hit, a, true))};
        });
        if (keepDims) return out;
        int[] dropped = new int[shape.length - a.length];
        for (int i = 0, j = 0; i < shape.length; i++) {
            boolean reduced = false;
            for (int axis : a) reduced |= axis == i;
            if (!reduced) dropped[j++] = shape[i];
        }
        return out.reshape(dropped);
    }

    /** {@code x - logsumexp(x)} along one axis, by one kernel; the gradient is {@code g - softmax * sum(g)}. */
    static Tensor logSoftmax(Tensor x, int axis) {
        int a = Shapes.axis("logSoftmax", axis, x.rank());
        Tensor in = x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
        Tensor out = Tensor.allocate(in.dtype(), in.device(), in.view().shape());
        in.backend().logSoftmax(in.view(), a, out.view());
        return out.record("logSoftmax", new Tensor[] {in}, g -> new Tensor[] {g.sub(out.exp().mul(g.sum(a, true)))});
    }

    static Tensor argReduce(ReduceOp op, Tensor x, int axis, boolean keepDims) {
        String name = op == ReduceOp.MAX ? "argmax" : "argmin";
        int a = Shapes.axis(name, axis, x.rank());
        int[] shape = x.view().shape();
        if (shape[a] == 0) throw new ShapeException(name, "axis " + axis + " of shape " + Shapes.str(shape) + " is empty");
        int[] kept = shape.clone();
        kept[a] = 1;
        Tensor out = Tensor.allocate(DType.INT32, x.device(), kept);
        x.backend().argReduce(op, x.view(), a, out.view());
        return keepDims ? out : out.reshape(Shapes.remove(shape, a));
    }

    // ---- matrix product ----------------------------------------------------------------------

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeException("matmul", "cannot multiply " + Shapes.str(a.view().shape()) + " by "
                    + Shapes.str(b.view().shape()) + ": both operands need at least one axis (use mul for scalars)");
        }
        int[] as = a.view().shape();
        int[] bs = b.view().shape();
        int k = as[as.length - 1];
        int kb = bs[Math.max(0, bs.length - 2)];
        if (kb != k) {
            throw new ShapeException("matmul", "cannot multiply " + Shapes.str(as) + " by " + Shapes.str(bs)
                    + ": the last axis of the first (" + k + ") must equal the " + (bs.length == 1 ? "" : "second-to-")
                    + "last axis of the second (" + kb + ")");
        }
        // A vector * vector product is a scalar: both added axes go.
        if (a.rank() == 1 && b.rank() == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (a.rank() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.rank() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        int m = as[as.length - 2];
        int n = bs[bs.length - 1];
        Device device = sameDevice("matmul", a, b);
        DType dtype = DType.promote(a.dtype(), b.dtype());
        if (!dtype.isFloating()) dtype = DType.FLOAT32;
        Tensor x = toType(a, dtype);
        Tensor y = toType(b, dtype);
        // [..., m, k] x [k, n]: fold the batch axes into m, one large GEMM instead of many small ones.
        if (as.length > 2 && bs.length == 2 && x.isContiguous()) {
            int[] outShape = as.clone();
            outShape[outShape.length - 1] = n;
            int rows = 1;
            for (int i = 0; i < as.length - 1; i++) rows *= as[i];
            return matmul(x.reshape(rows, k), y).reshape(outShape); // not -1: k may be 0
        }
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (ShapeException e) {
            // Name the whole operands, not just their batch axes.
            throw new ShapeException("matmul", "cannot multiply " + Shapes.str(as) + " by " + Shapes.str(bs)
                    + ": the batch axes " + Shapes.str(Arrays.copyOf(as, as.length - 2)) + " and "
                    + Shapes.str(Arrays.copyOf(bs, bs.length - 2)) + " do not broadcast (each pair must match or be 1)");
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        int[] aShape = outShape.clone();
        aShape[batch.length + 1] = k;
        int[] bShape = outShape.clone();
        bShape[batch.length] = k;
        Tensor out = Tensor.allocate(dtype, device, outShape);
        x.backend().matmul(broadcastView(x, aShape), broadcastView(y, bShape), out.view());
        return out.record("matmul", new Tensor[] {x, y}, g -> new Tensor[] {
                x.requiresGrad() ? sumTo(g.matmul(y.t()), as) : null,
                y.requiresGrad() ? sumTo(x.t().matmul(g), bs) : null});
    }

    // ---- windows (convolution and pooling) ----------------------------------------------------

    /** {@code [N, C, H, W] -> [C*kh*kw, N*Ho*Wo]}; see {@link Backend#im2col}. Its gradient is {@link #col2im}. */
    static Tensor im2col(Tensor x, Window window, double padValue) {
        int[] s = x.view().shape();
        int ho = window.outHeight(s[2]);
        int wo = window.outWidth(s[3]);
        if (ho < 1 || wo < 1) {
            throw new ShapeException("im2col", "a " + window.kh() + "x" + window.kw() + " window (dilation " + window.dh() + "x"
                    + window.dw() + ") does not fit in the " + s[2] + "x" + s[3] + " image of input " + Shapes.str(s)
                    + " with padding {" + window.padTop() + ", " + window.padBottom() + ", " + window.padLeft() + ", "
                    + window.padRight() + "}; use a smaller kernel or stride, or 'same' padding");
        }
        Tensor in = x.contiguous();
        Tensor out = Tensor.allocate(x.dtype(), x.device(), s[1] * window.taps(), s[0] * ho * wo);
        x.backend().im2col(in.view(), window, padValue, out.view());
        return out.record("im2col", new Tensor[] {in}, g -> new Tensor[] {col2im(g, window, s)});
    }

    /**
     * The convolution of {@code x [N, C, H, W]} with {@code kernel [F, C, kh, kw]} plus {@code bias [F]}
     * (or none) by the backend's own kernel ({@link Backend#convolve}: the CPU's Winograd for 3x3 windows);
     * null where the backend has none for these shapes, where the three differ in type or device, or where
     * the window does not fit (the caller's im2col and matmul then compute it, or say what is wrong).
     *
     * <p>Its gradient is the convolution's: the kernel's is the output's gradient (filters first) times
     * im2col's columns transposed, the bias's its sum over samples and positions, and the input's, for
     * stride 1 without dilation, a convolution of the output's gradient with the kernel flipped in both
     * axes and its filter and channel axes swapped (padding {@code k - 1 - p} on each side), by the
     * backend's kernel again where it has one; elsewhere col2im of the kernel transposed times the
     * output's gradient.
     */
    static Tensor convolve(Tensor x, Tensor kernel, Tensor bias, Window window) {
        int[] s = x.view().shape();
        if (kernel.dtype() != x.dtype() || !kernel.device().equals(x.device()) || window.outHeight(s[2]) < 1
                || window.outWidth(s[3]) < 1 || (bias != null && (bias.dtype() != x.dtype() || !bias.device().equals(x.device())))) {
            return null;
        }
        Tensor out = Tensor.allocate(x.dtype(), x.device(), s[0], kernel.shape(0), window.outHeight(s[2]), window.outWidth(s[3]));
        Tensor b = bias == null ? null : bias.contiguous();
        if (!x.backend().convolve(x.contiguous().view(), kernel.contiguous().view(), b == null ? null : b.view(), window, out.view())) {
            out.close();
            return null;
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        return out.record("conv2d", inputs, g -> convolutionGradients(x, kernel, bias, window, g));
    }

    /** The gradients of {@link #convolve} for the output's gradient {@code g}: the input's, the kernel's, the bias's (when there is one). */
    private static Tensor[] convolutionGradients(Tensor x, Tensor kernel, Tensor bias, Window window, Tensor g) {
        int[] s = x.view().shape();
        int f = kernel.shape(0);
        Tensor perFilter = g.permute(1, 0, 2, 3).contiguous().reshape(f, -1);   // [F, N*Ho*Wo], im2col's column order
        Tensor dx = x.requiresGrad() ? convolutionInputGradient(g, perFilter, kernel, window, s) : null;
        Tensor dk = kernel.requiresGrad() ? perFilter.matmul(im2col(x, window, 0).t()).reshape(kernel.shape()) : null;
        // Each plane summed along its contiguous row first, then the samples: all three axes at once walked g by strides.
        Tensor db = bias != null && bias.requiresGrad()
                ? g.contiguous().reshape(s[0], f, -1).sum(new int[] {2}, false).sum(new int[] {0}, false) : null;
        return bias == null ? new Tensor[] {dx, dk} : new Tensor[] {dx, dk, db};
    }

    /**
     * Max pooling of the convolution of {@code x [N, C, H, W]} with {@code kernel [F, C, kh, kw]} plus
     * {@code bias [F]} (or none), {@code maxPool2d(conv2d(x), pool)}, by the backend's own kernel
     * ({@link Backend#convolvePool}: the CPU's runs a sample's convolution and pooling while it is in
     * cache); null where it has none for these shapes or where the operands differ in type or device (the
     * caller then runs the two ops). The values are the two ops' exactly.
     *
     * <p>Its gradient is theirs: the pooled gradient goes to each window's winner, and from there as the
     * convolution's (kernel: that times the columns transposed; bias: its sum; input: the kernel
     * transposed times it, folded back), computed by the backend from the winners it recorded.
     */
    static Tensor convolvePool(Tensor x, Tensor kernel, Tensor bias, Window conv, Window pool) {
        int[] s = x.view().shape();
        int ho = conv.outHeight(s[2]);
        int wo = conv.outWidth(s[3]);
        if (kernel.dtype() != x.dtype() || !kernel.device().equals(x.device()) || ho < 1 || wo < 1
                || pool.outHeight(ho) < 1 || pool.outWidth(wo) < 1
                || (bias != null && (bias.dtype() != x.dtype() || !bias.device().equals(x.device())))) {
            return null;
        }
        int f = kernel.shape(0);
        Tensor in = x.contiguous();
        Tensor k = kernel.contiguous();
        Tensor b = bias == null ? null : bias.contiguous();
        boolean record = Tensor.recording(x, kernel, bias);
        int[] outShape = {s[0], f, pool.outHeight(ho), pool.outWidth(wo)};
        Tensor out = Tensor.allocate(x.dtype(), x.device(), outShape);
        Tensor winners = record ? Tensor.allocate(DType.INT32, x.device(), outShape) : null;
        if (!x.backend().convolvePool(in.view(), k.view(), b == null ? null : b.view(), conv, pool, out.view(),
                winners == null ? null : winners.view())) {
            out.close();
            if (winners != null) winners.close();
            return null;
        }
        if (!record) return out;
        Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        return out.record("conv2dMaxPool", inputs, g -> {
            Tensor dx = x.requiresGrad() ? Tensor.allocate(x.dtype(), x.device(), s) : null;
            Tensor dk = kernel.requiresGrad() ? Tensor.allocate(x.dtype(), x.device(), kernel.shape()) : null;
            Tensor db = bias != null && bias.requiresGrad() ? Tensor.allocate(x.dtype(), x.device(), f) : null;
            if (x.backend().convolvePoolGradients(in.view(), k.view(), conv, g.contiguous().view(), winners.view(),
                    dx == null ? null : dx.view(), dk == null ? null : dk.view(), db == null ? null : db.view())) {
                return bias == null ? new Tensor[] {dx, dk} : new Tensor[] {dx, dk, db};
            }
            for (Tensor t : new Tensor[] {dx, dk, db}) {
                if (t != null) t.close();
            }
            // The two ops' gradients: the pooling's scatter to the winners, then the convolution's.
            int planes = s[0] * f;
            Tensor scattered = scatterAddOnZeros(x.dtype(), x.device(), planes, ho * wo, winners.reshape(planes, -1), g.reshape(planes, -1));
            return convolutionGradients(x, kernel, bias, conv, scattered.reshape(s[0], f, ho, wo));
        });
    }

    /** The input's gradient of {@link #convolve} (see there), given the output's {@code g} and its filters-first {@code perFilter}. */
    private static Tensor convolutionInputGradient(Tensor g, Tensor perFilter, Tensor kernel, Window w, int[] inputShape) {
        int f = kernel.shape(0);
        int c = kernel.shape(1);
        int kh = w.kh();
        int kw = w.kw();
        if (w.sh() == 1 && w.sw() == 1 && w.dh() == 1 && w.dw() == 1 && w.padTop() < kh && w.padBottom() < kh
                && w.padLeft() < kw && w.padRight() < kw) {
            int[] reversed = new int[kh * kw];
            for (int t = 0; t < reversed.length; t++) reversed[t] = reversed.length - 1 - t;
            Tensor flipped = kernel.reshape(f, c, kh * kw).indexSelect(2, Tensor.of(reversed, reversed.length))
                    .permute(1, 0, 2).contiguous().reshape(c, f, kh, kw);
            Window transposed = new Window(kh, kw, 1, 1, 1, 1, kh - 1 - w.padTop(), kh - 1 - w.padBottom(),
                    kw - 1 - w.padLeft(), kw - 1 - w.padRight());
            Tensor dx = convolve(g, flipped, null, transposed);
            if (dx != null) return dx;
        }
        return col2im(kernel.reshape(f, c * kh * kw).t().matmul(perFilter), w, inputShape);
    }

    /** The adjoint of {@link #im2col}: sums each pixel's entries of {@code cols} into an image batch of {@code shape}. */
    static Tensor col2im(Tensor cols, Window window, int[] shape) {
        int rows = shape[1] * window.taps();
        int columns = shape[0] * window.outHeight(shape[2]) * window.outWidth(shape[3]);
        int[] cs = cols.view().shape();
        if (cs.length != 2 || cs[0] != rows || cs[1] != columns) {
            throw new ShapeException("col2im", "columns of shape " + Shapes.str(cs) + " do not fit images of shape "
                    + Shapes.str(shape) + " with a " + window.kh() + "x" + window.kw() + " window; expected ["
                    + rows + ", " + columns + "]");
        }
        Tensor in = cols.contiguous();
        Tensor out = Tensor.allocate(cols.dtype(), cols.device(), shape);
        cols.backend().col2im(in.view(), window, out.view());
        return out.record("col2im", new Tensor[] {in}, g -> new Tensor[] {im2col(g, window, 0)});
    }

    /**
     * Max pooling of {@code x [N, C, H, W]} to {@code [N, C, Ho, Wo]}; see {@link Backend#maxPool2d}. The
     * gradient goes to each window's winner alone (the first on ties, as PyTorch): a scatter of the
     * output's gradient to the positions the kernel recorded.
     */
    static Tensor maxPool2d(Tensor x, Window window) {
        int[] s = x.view().shape();
        int ho = window.outHeight(s[2]);
        int wo = window.outWidth(s[3]);
        Tensor in = x.contiguous();
        Tensor out = Tensor.allocate(x.dtype(), x.device(), s[0], s[1], ho, wo);
        if (!Tensor.recording(in)) {
            // Nothing will ask for the gradient (inference): the kernel skips finding and writing the winners.
            x.backend().maxPool2d(in.view(), window, out.view(), null);
            return out;
        }
        Tensor winners = Tensor.allocate(DType.INT32, x.device(), s[0], s[1], ho, wo);
        x.backend().maxPool2d(in.view(), window, out.view(), winners.view());
        int planes = s[0] * s[1];
        Tensor index = winners.reshape(planes, ho * wo);
        return out.record("maxPool2d", new Tensor[] {in}, g -> new Tensor[] {
                scatterAddOnZeros(in.dtype(), in.device(), planes, s[2] * s[3], index, g.reshape(planes, ho * wo)).reshape(s)});
    }

    /**
     * {@code scatterAdd(zeros [rows, cols], 1, index, src)} with the same values and gradient, but
     * scattered into the fresh zeros in place: {@link #scatterAdd} copies its base first, one more pass
     * over an image-sized tensor in every max pooling's backward pass.
     */
    private static Tensor scatterAddOnZeros(DType type, Device device, int rows, int cols, Tensor index, Tensor src) {
        Tensor zeros = Tensor.allocate(type, device, rows, cols);
        zeros.backend().fill(zeros.view(), 0);
        checkIndex("scatterAdd", zeros, 1, index, src);
        sameDevice("scatterAdd", zeros, index, src);
        return scatterInto(zeros, null, 1, index, src);
    }

    // ---- indexing ----------------------------------------------------------------------------

    private static void checkIndex(String op, Tensor x, int axis, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be int32, got " + index.dtype() + " (convert with asType(DType.INT32))");
        }
        int[] xs = x.view().shape();
        int[] is = index.view().shape();
        if (is.length != xs.length) {
            throw new ShapeException(op, "index has shape " + Shapes.str(is) + " but the tensor has shape " + Shapes.str(xs)
                    + "; they must have the same number of axes");
        }
        for (int d = 0; d < xs.length; d++) {
            if (d != axis && is[d] > xs[d]) {
                throw new ShapeException(op, "index shape " + Shapes.str(is) + " is larger than tensor shape " + Shapes.str(xs)
                        + " at axis " + d + "; only the indexed axis " + axis + " may differ");
            }
        }
        if (src != null && !Arrays.equals(src.view().shape(), is)) {
            throw new ShapeException(op, "source has shape " + Shapes.str(src.view().shape()) + " but index has shape "
                    + Shapes.str(is) + "; they must be equal");
        }
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = Shapes.axis("gather", axis, x.rank());
        checkIndex("gather", x, a, index, null);
        sameDevice("gather", x, index);
        int[] xs = x.view().shape();
        Tensor out = Tensor.allocate(x.dtype(), x.device(), index.view().shape());
        View xv = x.view();
        // x seen with the index's shape, except along the axis: the backend checks indices against that size.
        int[] vs = index.view().shape().clone();
        vs[a] = xs[a];
        x.backend().gather(new View(xv.storage(), vs, xv.strides(), xv.offset()), a, index.view(), out.view());
        return out.record("gather", new Tensor[] {x}, g ->
                new Tensor[] {scatterAdd(Tensor.zeros(g.dtype(), xs).to(g.device()), a, index, g)});
    }

    static Tensor scatterAdd(Tensor base, int axis, Tensor index, Tensor src) {
        int a = Shapes.axis("scatterAdd", axis, base.rank());
        checkIndex("scatterAdd", base, a, index, src);
        sameDevice("scatterAdd", base, index, src);
        return scatterInto(copy(base).detach(), base, a, index, src);
    }

    /**
     * Adds {@code src} into {@code out} (a fresh tensor of the caller's own, checked against
     * {@code index} and {@code src}) at {@code index} along {@code axis}, in place, and records the op:
     * the gradient passes through to {@code base} when there is one, and gathers back for {@code src}.
     */
    private static Tensor scatterInto(Tensor out, Tensor base, int axis, Tensor index, Tensor src) {
        Tensor s = toType(src, out.dtype());
        View ov = out.view();
        out.backend().scatterAdd(new View(ov.storage(), ov.shape(), ov.strides(), ov.offset()), axis, index.view(), s.view());
        return base == null
                ? out.record("scatterAdd", new Tensor[] {s}, g -> new Tensor[] {gather(g, axis, index)})
                : out.record("scatterAdd", new Tensor[] {base, s}, g -> new Tensor[] {g, gather(g, axis, index)});
    }

    // ---- movement (views) --------------------------------------------------------------------

    static Tensor reshape(Tensor x, int[] shape) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new ShapeException("reshape", "only one size may be -1 in " + Arrays.toString(shape));
                infer = i;
            } else if (s[i] < 0) {
                throw new ShapeException("reshape", "size " + s[i] + " in " + Arrays.toString(shape) + " is negative");
            } else {
                known *= s[i];
            }
        }
        int size = x.size();
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeException("reshape", "cannot reshape " + Shapes.str(x.view().shape()) + " (" + size
                        + " elements) into " + Arrays.toString(shape) + ": " + size + " is not a multiple of " + known);
            }
            s[infer] = (int) (size / known);
        } else if (known != size) {
            throw new ShapeException("reshape", "cannot reshape " + Shapes.str(x.view().shape()) + " (" + size
                    + " elements) into " + Shapes.str(s) + " (" + known + " elements); the element count must stay the same");
        }
        int[] from = x.view().shape();
        if (Arrays.equals(from, s)) return x;
        Tensor src = x.isContiguous() ? x : copy(x);
        Tensor out = src.viewOf(s, View.contiguousStrides(s), src.view().offset());
        return out.record("reshape", new Tensor[] {src}, g -> new Tensor[] {g.reshape(from)});
    }

    static Tensor permute(Tensor x, int[] order) {
        int rank = x.rank();
        if (order.length != rank) {
            throw new ShapeException("permute", "order " + Arrays.toString(order) + " has " + order.length
                    + " axes but the tensor has shape " + Shapes.str(x.view().shape()));
        }
        int[] o = Shapes.axes("permute", order, rank);
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = x.view().shape()[o[i]];
            strides[i] = x.view().strides()[o[i]];
            inverse[o[i]] = i;
        }
        Tensor out = x.viewOf(shape, strides, x.view().offset());
        return out.record("permute", new Tensor[] {x}, g -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor expand(Tensor x, int[] shape) {
        int[] xs = x.view().shape();
        int[] target = shape.clone();
        int lead = target.length - xs.length;
        if (lead < 0) {
            throw new ShapeException("expand", "cannot expand " + Shapes.str(xs) + " to " + Arrays.toString(shape)
                    + ": the target has fewer axes");
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && i >= lead) target[i] = xs[i - lead];
            if (target[i] < 0) {
                throw new ShapeException("expand", "cannot expand " + Shapes.str(xs) + " to " + Arrays.toString(shape)
                        + ": size " + target[i] + " at axis " + i + " is negative (-1 keeps an existing axis; new axes need a size)");
            }
            int d = i < lead ? 1 : xs[i - lead];
            if (d != target[i] && d != 1) {
                throw new ShapeException("expand", "cannot expand " + Shapes.str(xs) + " to " + Arrays.toString(shape)
                        + ": axis " + i + " has size " + d + ", only size-1 axes can be expanded");
            }
        }
        if (Arrays.equals(xs, target)) return x;
        View v = broadcastView(x, target);
        Tensor out = x.viewOf(target, v.strides(), v.offset());
        return out.record("expand", new Tensor[] {x}, g -> new Tensor[] {sumTo(g, xs)});
    }

    private static int[] sliceRange(String op, int size, int start, int end, int step, int axis, int[] shape) {
        if (step <= 0) throw new IllegalArgumentException(op + ": step must be positive, got " + step);
        int s = start < 0 ? start + size : start;
        int e = end < 0 ? end + size : end;
        s = Math.max(0, Math.min(s, size));
        e = Math.max(s, Math.min(e, size));
        return new int[] {s, (e - s + step - 1) / step};
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, x.rank());
        int[] xs = x.view().shape();
        int[] r = sliceRange("slice", xs[a], start, end, step, a, xs);
        int[] shape = xs.clone();
        shape[a] = r[1];
        int[] strides = x.view().strides().clone();
        int offset = x.view().offset() + r[0] * strides[a];
        strides[a] *= step;
        Tensor out = x.viewOf(shape, strides, offset);
        return out.record("slice", x, (g, inputGrad) -> {
            // The slice's region of the input's gradient, a dense tensor of the input's shape.
            View gv = inputGrad.view();
            int[] gs = gv.strides().clone();
            int go = gv.offset() + r[0] * gs[a];
            gs[a] *= step;
            try (Tensor region = inputGrad.viewOf(shape, gs, go)) {
                region.addInPlace(g);
            }
        });
    }

    static Tensor pad(Tensor x, int[] before, int[] after, double value) {
        int rank = x.rank();
        if (before.length != rank || after.length != rank) {
            throw new ShapeException("pad", "needs one before and one after size per axis of " + Shapes.str(x.view().shape())
                    + ", got " + Arrays.toString(before) + " and " + Arrays.toString(after));
        }
        int[] xs = x.view().shape();
        int[] shape = new int[rank];
        int offset = 0;
        int[] strides = View.contiguousStrides(shape);
        for (int i = 0; i < rank; i++) {
            if (before[i] < 0 || after[i] < 0) throw new IllegalArgumentException("pad: sizes must be >= 0");
            shape[i] = xs[i] + before[i] + after[i];
        }
        strides = View.contiguousStrides(shape);
        for (int i = 0; i < rank; i++) offset += before[i] * strides[i];
        Tensor out = Tensor.allocate(x.dtype(), x.device(), shape);
        Backend be = x.backend();
        be.fill(out.view(), value);
        be.copy(x.view(), new View(out.view().storage(), xs, strides, offset));
        Tensor t = out;
        return t.record("pad", new Tensor[] {x}, g -> {
            Tensor inner = g;
            for (int i = 0; i < rank; i++) inner = inner.slice(i, before[i], before[i] + xs[i]);
            return new Tensor[] {inner};
        });
    }

    static Tensor concat(int axis, Tensor[] tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        Tensor first = tensors[0];
        int a = Shapes.axis("concat", axis, first.rank());
        Device device = sameDevice("concat", tensors);
        DType dtype = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            int[] s = tensors[i].view().shape();
            boolean ok = s.length == first.rank();
            for (int d = 0; ok && d < s.length; d++) ok = d == a || s[d] == first.view().shape()[d];
            if (!ok) {
                throw new ShapeException("concat", "tensor " + i + " has shape " + Shapes.str(s) + " but tensor 0 has "
                        + Shapes.str(first.view().shape()) + "; all sizes except axis " + axis + " must match");
            }
            dtype = DType.promote(dtype, tensors[i].dtype());
            total += s[a];
        }
        int[] shape = first.view().shape().clone();
        shape[a] = total;
        Tensor out = Tensor.allocate(dtype, device, shape);
        int[] strides = out.view().strides();
        int[] sizes = new int[tensors.length];
        int start = 0;
        for (int i = 0; i < tensors.length; i++) {
            int[] s = tensors[i].view().shape();
            sizes[i] = s[a];
            out.backend().copy(tensors[i].view(), new View(out.view().storage(), s, strides, start * strides[a]));
            start += s[a];
        }
        return out.record("concat", tensors, g -> {
            // Inputs of a narrower type than the result get their gradient back in their own type.
            Tensor[] parts = g.split(a, sizes);
            for (int i = 0; i < parts.length; i++) {
                if (tensors[i].requiresGrad()) parts[i] = toType(parts[i], tensors[i].dtype());
            }
            return parts;
        });
    }
}
