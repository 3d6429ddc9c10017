package dev.fathom.cuda;

import dev.fathom.backend.AdamStep;
import dev.fathom.backend.Backend;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.backend.ReduceOp;
import dev.fathom.backend.Storage;
import dev.fathom.backend.UnaryOp;
import dev.fathom.backend.View;
import dev.fathom.backend.Window;
import dev.fathom.tensor.Convolution;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The {@link Backend} of one CUDA device. Every kernel and copy is queued on one stream and none
 * waits, except {@link #read}, {@link #allFinite} and {@link #synchronize()}: the host runs ahead
 * of the GPU as in PyTorch. Matrix products go to cuBLAS; everything else to Fathom's own kernels
 * ({@code kernels.cu}), which take strided views, so broadcast and transposed operands are read in
 * place.
 *
 * <p>Scatter-add runs on atomics, so its sums (the gradients of gather and embeddings) may differ
 * in the last bits from run to run, as on PyTorch's GPUs; everything else is deterministic.
 */
final class CudaBackend implements Backend {
    private final Device device;
    private final FfmDriver driver;
    private final Cublas cublas;
    private final Kernels kernels;
    private final CachingAllocator allocator;

    CudaBackend(Device device, FfmDriver driver, Cublas cublas, Kernels kernels) {
        this.device = device;
        this.driver = driver;
        this.cublas = cublas;
        this.kernels = kernels;
        this.allocator = new CachingAllocator(driver);
    }

    CachingAllocator allocator() {
        return allocator;
    }

    String deviceName() {
        return driver.deviceName();
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        long bytes = Math.max(1L, size) * dtype.byteSize();
        return new CudaStorage(this, dtype, size, allocator.allocate(bytes), bytes);
    }

    @Override
    public Storage upload(Object hostArray) {
        DType dtype = switch (hostArray) {
            case float[] f -> DType.FLOAT32;
            case double[] d -> DType.FLOAT64;
            case int[] i -> DType.INT32;
            default -> throw new IllegalArgumentException("cannot upload " + hostArray.getClass().getSimpleName()
                    + ": use float[], double[] or int[]");
        };
        int size = java.lang.reflect.Array.getLength(hostArray);
        CudaStorage s = (CudaStorage) allocate(dtype, size);
        long bytes = (long) size * dtype.byteSize();
        if (bytes == 0) return s;
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(bytes, 64);
            MemorySegment.copy(heap(hostArray), 0, host, 0, bytes);
            driver.copyToDevice(s.pointer(), host, bytes);
            driver.synchronize();   // the staging memory is freed when this block ends
        }
        return s;
    }

    @Override
    public void read(View src, Object hostArray) {
        View dense = src.isContiguous() ? src : contiguous(src);
        long bytes = (long) dense.size() * dense.dtype().byteSize();
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(Math.max(1, bytes), 64);
            if (bytes > 0) {
                driver.copyToHost(host, address(dense), bytes);
            }
            driver.synchronize();
            MemorySegment.copy(host, 0, heap(hostArray), 0, bytes);
        } finally {
            if (dense != src) dense.storage().release();
        }
    }

    private static MemorySegment heap(Object array) {
        return switch (array) {
            case float[] f -> MemorySegment.ofArray(f);
            case double[] d -> MemorySegment.ofArray(d);
            case int[] i -> MemorySegment.ofArray(i);
            default -> throw new IllegalArgumentException("not a float[], double[] or int[]: " + array.getClass());
        };
    }

    /** A dense copy of {@code v} in new storage (the caller releases it). */
    private View contiguous(View v) {
        Storage s = allocate(v.dtype(), v.size());
        View out = new View(s, v.shape(), View.contiguousStrides(v.shape()), 0);
        copy(v, out);
        return out;
    }

    /** The device address of the view's element 0 (its offset included). */
    private static long address(View v) {
        return ((CudaStorage) v.storage()).pointer() + (long) v.offset() * v.dtype().byteSize();
    }

    private static long base(View v) {
        return ((CudaStorage) v.storage()).pointer();
    }

    static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
        };
    }

    private void launch(String name, long threads, KernelArguments args) {
        driver.launch(kernels.get(name), Launch.linear(threads), args.segment());
    }

    @Override
    public void fill(View out, double value) {
        if (out.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(out)).view(out).f64(value);
            launch("fill_" + suffix(out.dtype()), out.size(), a);
        }
    }

    @Override
    public void copy(View src, View out) {
        if (out.size() == 0) return;
        if (src.dtype() == out.dtype() && src.isContiguous() && out.isContiguous()) {
            driver.copyOnDevice(address(out), address(src), (long) out.size() * out.dtype().byteSize());
            return;
        }
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(src)).view(src).pointer(base(out)).view(out);
            launch("copy_" + suffix(src.dtype()) + "_to_" + suffix(out.dtype()), out.size(), a);
        }
    }

    @Override
    public void unary(UnaryOp op, View x, View out) {
        if (out.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.i32(op.ordinal()).pointer(base(x)).view(x).pointer(base(out)).view(out);
            launch("unary_" + suffix(out.dtype()), out.size(), a);
        }
    }

    @Override
    public void binary(BinaryOp op, View x, View y, View out) {
        if (out.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.i32(op.ordinal()).pointer(base(x)).view(x).pointer(base(y)).view(y).pointer(base(out)).view(out);
            launch("binary_" + suffix(out.dtype()), out.size(), a);
        }
    }

    @Override
    public void where(View cond, View x, View y, View out) {
        if (out.size() == 0) return;
        View c = cond;
        if (cond.dtype() != out.dtype()) {   // the kernel reads the condition in the values' type
            c = new View(allocate(out.dtype(), cond.size()), cond.shape(), View.contiguousStrides(cond.shape()), 0);
            copy(cond, c);
        }
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(c)).view(c).pointer(base(x)).view(x).pointer(base(y)).view(y).pointer(base(out)).view(out);
            launch("where_" + suffix(out.dtype()), out.size(), a);
        } finally {
            if (c != cond) c.storage().release();
        }
    }

    @Override
    public void reduce(ReduceOp op, View x, View out) {
        if (out.size() == 0) return;
        long count = 1;
        for (int d = 0; d < x.rank(); d++) if (out.shape()[d] == 1 && x.shape()[d] != 1) count *= x.shape()[d];
        if (x.size() == 0) {   // an empty reduction: the op's identity
            fill(out, op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            return;
        }
        try (KernelArguments a = new KernelArguments()) {
            a.i32(op.ordinal()).pointer(base(x)).view(x).pointer(base(out)).view(out).i64(count);
            driver.launch(kernels.get("reduce_" + suffix(x.dtype())), Launch.perLine(out.size(), 8), a.segment());
        }
    }

    @Override
    public void argReduce(ReduceOp op, View x, int axis, View out) {
        if (out.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.i32(op.ordinal()).pointer(base(x)).view(x).i32(axis).pointer(base(out)).view(out);
            launch("arg_reduce_" + suffix(x.dtype()), out.size(), a);
        }
    }

    @Override
    public void matmul(View a, View b, View out) {
        DType t = out.dtype();
        if (t == DType.INT32) throw new UnsupportedOperationException("matmul of int32 tensors on " + device + ": cast to float32 first");
        if (out.size() == 0) return;
        int rank = out.rank();
        int m = out.shape()[rank - 2];
        int n = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        if (k == 0) {
            fill(out, 0);
            return;
        }
        int batch = out.size() / (m * n);
        Operand oa = Operand.of(a, rank);
        Operand ob = Operand.of(b, rank);
        View ca = oa == null ? contiguous(a) : null;
        View cb = ob == null ? contiguous(b) : null;
        if (oa == null) oa = Operand.of(ca, rank);
        if (ob == null) ob = Operand.of(cb, rank);
        View dense = out.isContiguous() ? out : new View(allocate(t, out.size()), out.shape(), View.contiguousStrides(out.shape()), 0);
        try {
            // Row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: B first, then A, with C's leading dimension n.
            cublas.gemm(t.byteSize(), ob.transpose(), oa.transpose(), n, m, k,
                    address(ob.view()), ob.leading(), ob.batchStride(),
                    address(oa.view()), oa.leading(), oa.batchStride(),
                    address(dense), n, (long) m * n, batch);
            if (dense != out) copy(dense, out);
        } finally {
            if (ca != null) ca.storage().release();
            if (cb != null) cb.storage().release();
            if (dense != out) dense.storage().release();
        }
    }

    /**
     * A matmul operand as cuBLAS reads it: the last two axes row-major (op N in the swapped call)
     * or transposed (op T) with a leading dimension, and the batch axes one uniform stride (0 for
     * a broadcast batch); null when the view is neither, and needs a dense copy.
     */
    record Operand(View view, int transpose, int leading, long batchStride) {
        static Operand of(View v, int rank) {
            int rows = v.shape()[rank - 2];
            int cols = v.shape()[rank - 1];
            int rs = rows == 1 ? cols : v.strides()[rank - 2];
            int cs = cols == 1 ? 1 : v.strides()[rank - 1];
            int transpose;
            int leading;
            if (cs == 1 && rs >= Math.max(1, cols)) {
                transpose = Cublas.OP_N;
                leading = Math.max(1, rs);
            } else if (rs == 1 && cs >= Math.max(1, rows)) {
                transpose = Cublas.OP_T;
                leading = Math.max(1, cs);
            } else if (rows == 1 && cols == 1) {
                transpose = Cublas.OP_N;
                leading = 1;
            } else {
                return null;
            }
            // The batch axes, flattened, must step by one stride: s_d = s_{d+1} · shape_{d+1} over the
            // axes of size > 1, or all 0.
            long stride = -1;
            long expected = -1;
            for (int d = rank - 3; d >= 0; d--) {
                int size = v.shape()[d];
                if (size == 1) continue;
                long s = v.strides()[d];
                if (stride < 0) {
                    stride = s;
                    expected = s * size;
                } else if (s != expected || stride == 0 && s != 0) {
                    return null;
                } else {
                    expected = s * size;
                }
            }
            return new Operand(v, transpose, leading, Math.max(0, stride));
        }
    }

    @Override
    public void gather(View x, int axis, View index, View out) {
        if (out.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(x)).view(x).i32(axis).pointer(base(index)).view(index).pointer(base(out)).view(out);
            launch("gather_" + suffix(out.dtype()), out.size(), a);
        }
    }

    @Override
    public void scatterAdd(View out, int axis, View index, View src) {
        if (src.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(out)).view(out).i32(axis).pointer(base(index)).view(index).pointer(base(src)).view(src);
            launch("scatter_add_" + suffix(out.dtype()), src.size(), a);
        }
    }

    private static int[] geometry(int[] image, Window w) {
        int ho = Convolution.outputSize(image[2], w.kh(), w.sh(), w.padTop(), w.padBottom(), w.dh());
        int wo = Convolution.outputSize(image[3], w.kw(), w.sw(), w.padLeft(), w.padRight(), w.dw());
        return new int[] {image[0], image[1], image[2], image[3], ho, wo, w.kh(), w.kw(), w.sh(), w.sw(), w.dh(), w.dw(),
                w.padTop(), w.padLeft()};
    }

    private View dense(View v) {
        return v.isContiguous() ? v : contiguous(v);
    }

    @Override
    public void im2col(View x, Window window, double padValue, View out) {
        if (out.size() == 0) return;
        View dx = dense(x);
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(address(dx)).ints(geometry(x.shape(), window)).f64(padValue).pointer(address(out));
            launch("im2col_" + suffix(out.dtype()), out.size(), a);
        } finally {
            if (dx != x) dx.storage().release();
        }
    }

    @Override
    public void col2im(View cols, Window window, View out) {
        if (out.size() == 0) return;
        View dc = dense(cols);
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(address(dc)).ints(geometry(out.shape(), window)).pointer(address(out));
            launch("col2im_" + suffix(out.dtype()), out.size(), a);
        } finally {
            if (dc != cols) dc.storage().release();
        }
    }

    @Override
    public void maxPool2d(View x, Window window, View out, View indices) {
        if (out.size() == 0) return;
        View dx = dense(x);
        // No indices asked for (inference): the kernel writes them to a scratch buffer, released after.
        View di = indices != null ? indices
                : new View(allocate(DType.INT32, out.size()), out.shape(), View.contiguousStrides(out.shape()), 0);
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(address(dx)).ints(geometry(x.shape(), window)).pointer(address(out)).pointer(address(di));
            launch("max_pool_" + suffix(out.dtype()), out.size(), a);
        } finally {
            if (dx != x) dx.storage().release();
            if (di != indices) di.storage().release();
        }
    }

    @Override
    public void logSoftmax(View x, int axis, View out) {
        if (out.size() == 0) return;
        int lines = out.size() / out.shape()[axis];
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(base(x)).view(x).i32(axis).pointer(base(out)).view(out);
            launch("log_softmax_" + suffix(out.dtype()), lines, a);
        }
    }

    @Override
    public void adamStep(View parameter, View gradient, View m, View v, AdamStep step) {
        for (View t : new View[] {parameter, gradient, m, v}) {
            if (t.dtype() != DType.FLOAT32 || !t.isContiguous()) {
                throw new IllegalArgumentException("adamStep on " + device + " takes dense float32 tensors; got " + t.dtype()
                        + (t.isContiguous() ? "" : " (not dense)") + " of shape " + Arrays.toString(t.shape()));
            }
        }
        if (parameter.size() == 0) return;
        try (KernelArguments a = new KernelArguments()) {
            a.pointer(address(parameter)).pointer(address(gradient)).pointer(address(m)).pointer(address(v))
                    .f64s(step.beta1(), step.beta2(), step.stepSize(), step.epsilon(), step.l2(), step.decay())
                    .i64(parameter.size());
            launch("adam_step_f32_k", parameter.size(), a);
        }
    }

    @Override
    public boolean allFinite(View x) {
        if (!x.dtype().isFloating() || x.size() == 0) return true;
        Storage flag = allocate(DType.INT32, 1);
        try {
            View f = new View(flag, new int[] {1}, new int[] {1}, 0);
            fill(f, 0);
            try (KernelArguments a = new KernelArguments()) {
                a.pointer(base(x)).view(x).pointer(base(f));
                launch("all_finite_" + suffix(x.dtype()), x.size(), a);
            }
            int[] answer = new int[1];
            read(f, answer);
            return answer[0] == 0;
        } finally {
            flag.release();
        }
    }

    @Override
    public void synchronize() {
        driver.synchronize();
    }

    /**
     * The arguments of one launch as cuLaunchKernel takes them: an array of pointers, each to one
     * argument's bytes. Views go as the kernels' {@code Strided} struct (rank, offset, shape[8],
     * stride[8]: 72 bytes).
     */
    static final class KernelArguments implements AutoCloseable {
        static final int MAX_RANK = 8;
        private static final int MAX_ARGUMENTS = 16;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, MAX_ARGUMENTS);
        private int count;

        private KernelArguments add(MemorySegment value) {
            if (count == MAX_ARGUMENTS) throw new IllegalStateException("more than " + MAX_ARGUMENTS + " kernel arguments");
            pointers.setAtIndex(ValueLayout.ADDRESS, count++, value);
            return this;
        }

        KernelArguments pointer(long devicePointer) {
            return add(arena.allocateFrom(ValueLayout.JAVA_LONG, devicePointer));
        }

        KernelArguments i32(int value) {
            return add(arena.allocateFrom(ValueLayout.JAVA_INT, value));
        }

        KernelArguments i64(long value) {
            return add(arena.allocateFrom(ValueLayout.JAVA_LONG, value));
        }

        KernelArguments f64(double value) {
            return add(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, value));
        }

        /** A struct of ints (the kernels' Window). */
        KernelArguments ints(int[] values) {
            return add(arena.allocateFrom(ValueLayout.JAVA_INT, values));
        }

        /** A struct of doubles (the kernels' AdamStep). */
        KernelArguments f64s(double... values) {
            return add(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values));
        }

        KernelArguments view(View v) {
            if (v.rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensors of rank " + v.rank() + " (shape " + Arrays.toString(v.shape())
                        + ") are not supported on CUDA: at most " + MAX_RANK + " axes; reshape to fewer axes");
            }
            int[] s = new int[2 + 2 * MAX_RANK];
            s[0] = v.rank();
            s[1] = v.offset();
            System.arraycopy(v.shape(), 0, s, 2, v.rank());
            System.arraycopy(v.strides(), 0, s, 2 + MAX_RANK, v.rank());
            return ints(s);
        }

        MemorySegment segment() {
            return pointers;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
