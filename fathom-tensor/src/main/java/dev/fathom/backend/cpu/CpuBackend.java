package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.AdamStep;
import dev.fathom.backend.Backend;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.ReduceOp;
import dev.fathom.backend.Storage;
import dev.fathom.backend.UnaryOp;
import dev.fathom.backend.View;
import dev.fathom.backend.Window;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;

/**
 * The built-in backend: host arrays, Vector API kernels, work split across {@link Parallel}
 * threads. Float32 has vectorized fast paths; float64 and int32 take scalar paths, which is all
 * gradient checks and index bookkeeping need.
 *
 * <p>Released storages go to a {@link BufferPool}, so a training loop that closes its intermediates
 * reuses the same arrays each step instead of allocating (and zeroing) new ones.
 */
public final class CpuBackend implements Backend {
    /** The one CPU backend. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private final BufferPool pool = new BufferPool();

    private CpuBackend() {}

    @Override
    public Device device() {
        return Device.cpu();
    }

    // ---- memory ------------------------------------------------------------------------------

    @Override
    public Storage allocate(DType dtype, int size) {
        Object array = pool.take(dtype, size);
        if (array == null) {
            array = switch (dtype) {
                case FLOAT32 -> new float[size];
                case FLOAT64 -> new double[size];
                case INT32 -> new int[size];
            };
        }
        return new CpuStorage(dtype, array, size);
    }

    void recycle(DType dtype, Object array) {
        pool.give(dtype, array);
    }

    /**
     * Storage over {@code hostArray} itself, without a copy: writes through either side show in the
     * other, and releasing the storage never hands the array to the buffer pool.
     */
    @Override
    public Storage wrap(Object hostArray) {
        return onHost(hostArray, false);
    }

    @Override
    public Storage upload(Object hostArray) {
        return onHost(hostArray, true);
    }

    /** Storage over a copy of the array (ours, so it may go back to the pool) or over the caller's array itself. */
    private static Storage onHost(Object hostArray, boolean copy) {
        return switch (hostArray) {
            case float[] f -> new CpuStorage(DType.FLOAT32, copy ? f.clone() : f, f.length, copy);
            case double[] d -> new CpuStorage(DType.FLOAT64, copy ? d.clone() : d, d.length, copy);
            case int[] i -> new CpuStorage(DType.INT32, copy ? i.clone() : i, i.length, copy);
            default -> throw new IllegalArgumentException("cannot " + (copy ? "upload " : "wrap ")
                    + hostArray.getClass().getSimpleName() + ": use float[], double[] or int[]");
        };
    }

    @Override
    public void read(View src, Object hostArray) {
        int[] shape = src.shape();
        Object dst = hostArray;
        View out = new View(new CpuStorage(src.dtype(), dst, src.size()), shape, View.contiguousStrides(shape), 0);
        copy(src, out);
    }

    @Override
    public void synchronize() {
        // CPU kernels finish before they return.
    }

    private static Object data(View v) {
        return ((CpuStorage) v.storage()).array();
    }

    static double get(Object array, int i) {
        return switch (array) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case int[] n -> n[i];
            default -> throw new IllegalStateException();
        };
    }

    static void set(Object array, int i, double v) {
        switch (array) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case int[] n -> n[i] = (int) v;
            default -> throw new IllegalStateException();
        }
    }

    // ---- elementwise -------------------------------------------------------------------------

    @Override
    public void fill(View out, double value) {
        Object o = data(out);
        StridedLoop.forEachRow(out.shape(), new int[][] {out.strides()}, new int[] {out.offset()}, true,
                (n, off, st) -> {
                    if (st[0] == 1) {
                        switch (o) {
                            case float[] f -> java.util.Arrays.fill(f, off[0], off[0] + n, (float) value);
                            case double[] d -> java.util.Arrays.fill(d, off[0], off[0] + n, value);
                            case int[] i -> java.util.Arrays.fill(i, off[0], off[0] + n, (int) value);
                            default -> throw new IllegalStateException();
                        }
                    } else {
                        for (int i = 0; i < n; i++) set(o, off[0] + i * st[0], value);
                    }
                });
    }

    @Override
    public void copy(View src, View out) {
        Object s = data(src);
        Object o = data(out);
        boolean sameType = src.dtype() == out.dtype();
        StridedLoop.forEachRow(out.shape(), new int[][] {src.strides(), out.strides()},
                new int[] {src.offset(), out.offset()}, true, (n, off, st) -> {
                    if (sameType && st[0] == 1 && st[1] == 1) {
                        System.arraycopy(s, off[0], o, off[1], n);
                    } else if (s instanceof float[] fs && o instanceof float[] fo) {
                        for (int i = 0; i < n; i++) fo[off[1] + i * st[1]] = fs[off[0] + i * st[0]];
                    } else {
                        for (int i = 0; i < n; i++) set(o, off[1] + i * st[1], get(s, off[0] + i * st[0]));
                    }
                });
    }

    @Override
    public void unary(UnaryOp op, View x, View out) {
        Object xs = data(x);
        Object o = data(out);
        if (xs instanceof float[] fx && o instanceof float[] fo && out.isContiguous() && out.size() < StridedLoop.PARALLEL_GRAIN) {
            int sx = StridedLoop.flatStride(out.shape(), x.strides());   // as in binary: one call for the common case
            if (sx >= 0) {
                FloatKernels.unary(op, fx, x.offset(), sx, fo, out.offset(), 1, out.size());
                return;
            }
        }
        StridedLoop.forEachRow(out.shape(), new int[][] {x.strides(), out.strides()},
                new int[] {x.offset(), out.offset()}, true, (n, off, st) -> {
                    if (xs instanceof float[] fx && o instanceof float[] fo) {
                        FloatKernels.unary(op, fx, off[0], st[0], fo, off[1], st[1], n);
                    } else {
                        for (int i = 0; i < n; i++) set(o, off[1] + i * st[1], op.apply(get(xs, off[0] + i * st[0])));
                    }
                });
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        Object as = data(a);
        Object bs = data(b);
        Object o = data(out);
        if (as instanceof float[] fa && bs instanceof float[] fb && o instanceof float[] fo && out.isContiguous()
                && out.size() < StridedLoop.PARALLEL_GRAIN) {
            // Most ops of a small network's step: each input dense or one repeated value. One kernel
            // call, without the walk's arrays and closure.
            int sa = StridedLoop.flatStride(out.shape(), a.strides());
            int sb = StridedLoop.flatStride(out.shape(), b.strides());
            if (sa >= 0 && sb >= 0) {
                FloatKernels.binary(op, fa, a.offset(), sa, fb, b.offset(), sb, fo, out.offset(), 1, out.size());
                return;
            }
            // Next most: a row or a column repeated along the other axis (a bias add, a per-row scale).
            // One kernel call per row straight from here: through the walk's closure, a call site shared
            // by every op, each row cost four times as much. Not for rows of one element, which the walk
            // merges into one long row.
            int[] shape = out.shape();
            int n = shape.length == 0 ? 0 : shape[shape.length - 1];
            int ra = n < 2 ? StridedLoop.NOT_ROWS : StridedLoop.rowStride(shape, a.strides());
            int rb = n < 2 ? StridedLoop.NOT_ROWS : StridedLoop.rowStride(shape, b.strides());
            if (ra != StridedLoop.NOT_ROWS && rb != StridedLoop.NOT_ROWS) {
                int ia = StridedLoop.innerStride(shape, a.strides());
                int ib = StridedLoop.innerStride(shape, b.strides());
                for (int r = 0, rows = out.size() / n; r < rows; r++) {
                    FloatKernels.binary(op, fa, a.offset() + r * ra, ia, fb, b.offset() + r * rb, ib, fo, out.offset() + r * n, 1, n);
                }
                return;
            }
        }
        StridedLoop.forEachRow(out.shape(), new int[][] {a.strides(), b.strides(), out.strides()},
                new int[] {a.offset(), b.offset(), out.offset()}, true, (n, off, st) -> {
                    if (as instanceof float[] fa && bs instanceof float[] fb && o instanceof float[] fo) {
                        FloatKernels.binary(op, fa, off[0], st[0], fb, off[1], st[1], fo, off[2], st[2], n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            set(o, off[2] + i * st[2], op.apply(get(as, off[0] + i * st[0]), get(bs, off[1] + i * st[1])));
                        }
                    }
                });
    }

    @Override
    public void where(View cond, View a, View b, View out) {
        Object cs = data(cond);
        Object as = data(a);
        Object bs = data(b);
        Object o = data(out);
        StridedLoop.forEachRow(out.shape(), new int[][] {cond.strides(), a.strides(), b.strides(), out.strides()},
                new int[] {cond.offset(), a.offset(), b.offset(), out.offset()}, true, (n, off, st) -> {
                    if (cs instanceof float[] fc && as instanceof float[] fa && bs instanceof float[] fb && o instanceof float[] fo) {
                        FloatKernels.where(fc, off[0], st[0], fa, off[1], st[1], fb, off[2], st[2], fo, off[3], st[3], n);
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        boolean c = get(cs, off[0] + i * st[0]) != 0;
                        set(o, off[3] + i * st[3], c ? get(as, off[1] + i * st[1]) : get(bs, off[2] + i * st[2]));
                    }
                });
    }

    // ---- reductions --------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, View x, View out) {
        Matrix m = Matrix.splitReduced(x, out, this);
        Object xs = data(m.view());
        Object o = data(out);
        int kept = m.kept();
        int reduced = m.reduced();
        int xo = m.view().offset();
        int oo = out.offset();
        if (reduced == 0) {
            fillContiguous(o, oo, kept, op.identity());
            return;
        }
        if (m.reducedInner()) {
            // Each output is one contiguous row of `reduced` inputs.
            Parallel.forRange(kept, Math.max(1, StridedLoop.PARALLEL_GRAIN / reduced), (start, end) -> {
                for (int k = start; k < end; k++) {
                    int base = xo + k * reduced;
                    if (op == ReduceOp.SUM && xs instanceof float[] f) {
                        set(o, oo + k, FloatKernels.sum(f, base, 1, reduced));
                    } else {
                        double acc = op.identity();
                        for (int r = 0; r < reduced; r++) acc = op.combine(acc, get(xs, base + r));
                        set(o, oo + k, acc);
                    }
                }
            });
        } else {
            // Each output is a column: accumulate whole input rows, split across threads by columns.
            int grain = Math.max(16, StridedLoop.PARALLEL_GRAIN / Math.max(1, reduced));
            Parallel.forRange(kept, grain, (start, end) -> {
                fillContiguous(o, oo + start, end - start, op.identity());
                for (int r = 0; r < reduced; r++) {
                    int base = xo + r * kept;
                    if (xs instanceof float[] f && o instanceof float[] fo) {
                        FloatKernels.accumulate(op == ReduceOp.SUM, op == ReduceOp.MAX, f, base + start, fo, oo + start, end - start);
                    } else {
                        for (int k = start; k < end; k++) set(o, oo + k, op.combine(get(o, oo + k), get(xs, base + k)));
                    }
                }
            });
        }
    }

    private static void fillContiguous(Object o, int from, int n, double value) {
        switch (o) {
            case float[] f -> java.util.Arrays.fill(f, from, from + n, (float) value);
            case double[] d -> java.util.Arrays.fill(d, from, from + n, value);
            default -> {
                for (int i = 0; i < n; i++) set(o, from + i, value);
            }
        }
    }

    @Override
    public void argReduce(ReduceOp op, View x, int axis, View out) {
        int[] shape = x.shape();
        if (x.isContiguous() && axis < shape.length - 1 && x.storage() instanceof CpuStorage s && s.array() instanceof float[] f) {
            // Reducing an outer axis of a dense float tensor: compare whole rows, columns in parallel.
            int reduced = shape[axis];
            int inner = 1;
            for (int a = axis + 1; a < shape.length; a++) inner *= shape[a];
            int outer = x.size() / Math.max(1, reduced * inner);
            int[] idx = (int[]) data(out);
            int columns = inner;
            for (int o = 0; o < outer; o++) {
                int xo = x.offset() + o * reduced * columns;
                int oo = out.offset() + o * columns;
                Parallel.forRange(columns, Math.max(64, StridedLoop.PARALLEL_GRAIN / Math.max(1, reduced)), (start, end) ->
                        FloatKernels.argReduceColumns(op == ReduceOp.MAX, f, xo, reduced, columns, idx, oo, start, end));
            }
            return;
        }
        View last = Matrix.moveAxisLast(x, axis, this);
        Object xs = data(last);
        int[] idx = (int[]) data(out);
        int reduced = x.shape()[axis];
        int kept = reduced == 0 ? 0 : last.size() / reduced;
        int xo = last.offset();
        int oo = out.offset();
        Parallel.forRange(kept, Math.max(1, StridedLoop.PARALLEL_GRAIN / Math.max(1, reduced)), (start, end) -> {
            for (int k = start; k < end; k++) {
                int base = xo + k * reduced;
                int best = 0;
                double bestValue = get(xs, base);
                for (int r = 1; r < reduced && !Double.isNaN(bestValue); r++) {
                    double v = get(xs, base + r);
                    if (Double.isNaN(v) || (op == ReduceOp.MAX ? v > bestValue : v < bestValue)) {
                        best = r;
                        bestValue = v;
                    }
                }
                idx[oo + k] = best;
            }
        });
    }

    @Override
    public void logSoftmax(View x, int axis, View out) {
        if (!out.isContiguous()) throw new IllegalArgumentException("logSoftmax writes a dense output; got " + out);
        View dense = Matrix.dense(x, this);
        int[] shape = x.shape();
        int outer = 1;
        for (int a = 0; a < axis; a++) outer *= shape[a];
        int inner = 1;
        for (int a = axis + 1; a < shape.length; a++) inner *= shape[a];
        LogSoftmaxKernel.run(data(dense), dense.offset(), data(out), out.offset(), outer, shape[axis], inner);
    }

    @Override
    public boolean allFinite(View x) {
        View d = Matrix.dense(x, this);
        switch (data(d)) {
            case float[] f -> {
                int n = d.size();
                int offset = d.offset();
                if (n < StridedLoop.PARALLEL_GRAIN) return FloatKernels.allFinite(f, offset, n);
                boolean[] bad = new boolean[1];   // only ever set to true; forRange's join publishes it
                Parallel.forRange(n, StridedLoop.PARALLEL_GRAIN, (start, end) -> {
                    if (!FloatKernels.allFinite(f, offset + start, end - start)) bad[0] = true;
                });
                return !bad[0];
            }
            case double[] v -> {
                for (int i = d.offset(), end = d.offset() + d.size(); i < end; i++) if (!Double.isFinite(v[i])) return false;
                return true;
            }
            default -> {
                return true;   // integers
            }
        }
    }

    // ---- matrix product ----------------------------------------------------------------------

    @Override
    public void matmul(View a, View b, View out) {
        MatmulKernel.run(a, b, out, this);
    }

    // ---- indexing ----------------------------------------------------------------------------

    @Override
    public void gather(View x, int axis, View index, View out) {
        Object xs = data(x);
        int[] ix = (int[]) data(index);
        Object o = data(out);
        int axisStride = x.strides()[axis];
        int axisSize = x.shape()[axis];
        int[] xStrides = x.strides().clone();
        xStrides[axis] = 0; // the index supplies the position along the axis
        int[] shape = out.shape();
        int last = shape.length - 1;
        if (axis < last && out.isContiguous() && out.size() < StridedLoop.PARALLEL_GRAIN && xs.getClass() == o.getClass()
                && StridedLoop.innerStride(shape, index.strides()) == 0 && StridedLoop.innerStride(shape, xStrides) == 1) {
            // Whole rows picked by one index each (indexSelect: mini-batches, embeddings), the walk's per-row
            // closure call left out as in binary.
            int rx = StridedLoop.rowStride(shape, xStrides);
            int ri = StridedLoop.rowStride(shape, index.strides());
            if (rx != StridedLoop.NOT_ROWS && ri != StridedLoop.NOT_ROWS) {
                int n = shape[last];
                for (int r = 0, rows = n == 0 ? 0 : out.size() / n; r < rows; r++) {
                    int j = checkIndex(ix[index.offset() + r * ri], axisSize, axis);
                    System.arraycopy(xs, x.offset() + r * rx + j * axisStride, o, out.offset() + r * n, n);
                }
                return;
            }
        }
        StridedLoop.forEachRow(shape, new int[][] {xStrides, index.strides(), out.strides()},
                new int[] {x.offset(), index.offset(), out.offset()}, true, (n, off, st) -> {
                    if (st[1] == 0 && st[0] == 1 && st[2] == 1 && xs.getClass() == o.getClass()) {
                        // One index for the whole row (indexSelect of rows: mini-batches, embeddings): copy it.
                        int j = checkIndex(ix[off[1]], axisSize, axis);
                        System.arraycopy(xs, off[0] + j * axisStride, o, off[2], n);
                    } else if (xs instanceof float[] fx && o instanceof float[] fo) {
                        for (int i = 0; i < n; i++) {
                            int j = checkIndex(ix[off[1] + i * st[1]], axisSize, axis);
                            fo[off[2] + i * st[2]] = fx[off[0] + i * st[0] + j * axisStride];
                        }
                    } else if (xs instanceof int[] ax && o instanceof int[] ao) {
                        for (int i = 0; i < n; i++) {
                            int j = checkIndex(ix[off[1] + i * st[1]], axisSize, axis);
                            ao[off[2] + i * st[2]] = ax[off[0] + i * st[0] + j * axisStride];
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            int j = checkIndex(ix[off[1] + i * st[1]], axisSize, axis);
                            set(o, off[2] + i * st[2], get(xs, off[0] + i * st[0] + j * axisStride));
                        }
                    }
                });
    }

    @Override
    public void scatterAdd(View out, int axis, View index, View src) {
        Object s = data(src);
        int[] ix = (int[]) data(index);
        Object o = data(out);
        int axisStride = out.strides()[axis];
        int axisSize = out.shape()[axis];
        int[] oStrides = out.strides().clone();
        oStrides[axis] = 0;
        // Two source elements land on the same output element only if they differ along the axis alone. So the
        // loop may run in parallel with one source element along the axis, or when the axis is the last one and
        // there are rows enough to share out whole (max pooling's gradient: one row per image plane).
        int last = src.shape().length - 1;
        int rows = src.shape()[last] == 0 ? 0 : src.size() / src.shape()[last];
        boolean parallel = src.shape()[axis] == 1 || (axis == last && rows >= Parallel.threads());
        StridedLoop.forEachRow(src.shape(), new int[][] {src.strides(), index.strides(), oStrides},
                new int[] {src.offset(), index.offset(), out.offset()}, parallel, (n, off, st) -> {
                    if (s instanceof float[] fs && o instanceof float[] fo) {
                        for (int i = 0; i < n; i++) {
                            int j = checkIndex(ix[off[1] + i * st[1]], axisSize, axis);
                            fo[off[2] + i * st[2] + j * axisStride] += fs[off[0] + i * st[0]];
                        }
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        int j = checkIndex(ix[off[1] + i * st[1]], axisSize, axis);
                        int p = off[2] + i * st[2] + j * axisStride;
                        set(o, p, get(o, p) + get(s, off[0] + i * st[0]));
                    }
                });
    }

    // ---- windows -----------------------------------------------------------------------------

    @Override
    public void im2col(View x, Window window, double padValue, View out) {
        int[] s = x.shape();
        Im2col.im2col(data(x), x.offset(), s[0], s[1], s[2], s[3], window, padValue, data(out), out.offset());
    }

    @Override
    public boolean convolve(View x, View kernel, View bias, Window window, View out) {
        int[] s = x.shape();
        int filters = kernel.shape()[0];
        if (!(data(x) instanceof float[] xs) || !Winograd.fits(filters, s[1], s[2], s[3], window)) return false;
        Winograd.convolve(xs, x.offset(), s[0], s[1], s[2], s[3], (float[]) data(kernel), kernel.offset(), filters,
                bias == null ? null : (float[]) data(bias), bias == null ? 0 : bias.offset(), window, (float[]) data(out), out.offset());
        return true;
    }

    @Override
    public boolean convolvePool(View x, View kernel, View bias, Window conv, Window pool, View out, View winners) {
        int[] s = x.shape();
        int filters = kernel.shape()[0];
        if (!(data(x) instanceof float[] xs)) return false;
        if (Winograd.fits(filters, s[1], s[2], s[3], conv)) {
            // Winograd's convolution wins where it fits: pooled tile by tile when a tile is a window, else the two ops run apart.
            if (!Pooling.halves(pool)) return false;
            Winograd.convolvePool(xs, x.offset(), s[0], s[1], s[2], s[3], (float[]) data(kernel), kernel.offset(), filters,
                    bias == null ? null : (float[]) data(bias), bias == null ? 0 : bias.offset(), conv,
                    (float[]) data(out), out.offset(), winners == null ? null : (int[]) data(winners), winners == null ? 0 : winners.offset());
            return true;
        }
        ConvPool.forward(xs, x.offset(), s[0], s[1], s[2], s[3], (float[]) data(kernel), kernel.offset(), filters,
                bias == null ? null : (float[]) data(bias), bias == null ? 0 : bias.offset(), conv, pool,
                (float[]) data(out), out.offset(), winners == null ? null : (int[]) data(winners), winners == null ? 0 : winners.offset());
        return true;
    }

    @Override
    public boolean convolvePoolGradients(View x, View kernel, Window conv, View g, View winners, View dx, View dKernel, View dBias) {
        int[] s = x.shape();
        int[] gs = g.shape();
        // Winograd's pooled convolution: the convolution's own gradient (Winograd again for the input's) from the scattered one.
        if (Winograd.fits(gs[1], s[1], s[2], s[3], conv)) return false;
        ConvPool.gradients((float[]) data(x), x.offset(), s[0], s[1], s[2], s[3], (float[]) data(kernel), kernel.offset(), gs[1], conv,
                (float[]) data(g), g.offset(), gs[2] * gs[3], (int[]) data(winners), winners.offset(),
                dx == null ? null : (float[]) data(dx), dx == null ? 0 : dx.offset(),
                dKernel == null ? null : (float[]) data(dKernel), dKernel == null ? 0 : dKernel.offset(),
                dBias == null ? null : (float[]) data(dBias), dBias == null ? 0 : dBias.offset());
        return true;
    }

    @Override
    public void maxPool2d(View x, Window window, View out, View indices) {
        int[] s = x.shape();
        Pooling.maxPool2d(data(x), x.offset(), s[0] * s[1], s[2], s[3], window, data(out), out.offset(),
                indices == null ? null : (int[]) data(indices), indices == null ? 0 : indices.offset());
    }

    @Override
    public void col2im(View cols, Window window, View out) {
        int[] s = out.shape();
        Im2col.col2im(data(cols), cols.offset(), s[0], s[1], s[2], s[3], window, data(out), out.offset());
    }

    @Override
    public void adamStep(View parameter, View gradient, View m, View v, AdamStep step) {
        int n = parameter.size();
        for (View t : new View[] {parameter, gradient, m, v}) {
            if (!(data(t) instanceof float[]) || !t.isContiguous() || t.size() != n) {
                throw new IllegalArgumentException("adamStep needs dense float32 tensors of one size; got " + t);
            }
        }
        AdamKernel.step((float[]) data(parameter), parameter.offset(), (float[]) data(gradient), gradient.offset(),
                (float[]) data(m), m.offset(), (float[]) data(v), v.offset(), n, step);
    }

    private static int checkIndex(int j, int size, int axis) {
        if (j < 0 || j >= size) {
            throw new IndexOutOfBoundsException("index " + j + " is out of range for axis " + axis + " of size " + size);
        }
        return j;
    }
}
