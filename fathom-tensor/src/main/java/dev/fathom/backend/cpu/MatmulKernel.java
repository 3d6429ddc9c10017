package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.View;
import dev.fathom.backend.DType;

/**
 * Batched matrix product on the CPU: maps each operand's last two axes onto a GEMM call (reading
 * transposed views in place through the transpose flags) and loops over the batch axes.
 */
final class MatmulKernel {
    /** Columns of C past which a transposed A is untransposed once before the GEMM rather than once per column block. */
    private static final int WIDE = 512;

    private MatmulKernel() {}

    /** How one operand's last two axes map onto GEMM's arguments. */
    private record Operand(View view, boolean transposed, int ld) {
        static Operand of(View v, CpuBackend backend) {
            int r = v.rank();
            int rows = v.shape()[r - 2];
            int cols = v.shape()[r - 1];
            int rs = v.strides()[r - 2];
            int cs = v.strides()[r - 1];
            if (cs == 1 || cols == 1) {
                int ld = rows == 1 ? Math.max(cols, 1) : rs;
                if (ld >= cols) return new Operand(v, false, ld);
            }
            if (rs == 1 || rows == 1) {
                int ld = cols == 1 ? Math.max(rows, 1) : cs;
                if (ld >= rows) return new Operand(v, true, ld);
            }
            View d = Matrix.dense(v, backend);
            return new Operand(d, false, Math.max(cols, 1));
        }
    }

    static void run(View a, View b, View out, CpuBackend backend) {
        if (out.dtype() == DType.INT32) {
            throw new IllegalArgumentException("matmul: int32 tensors are not supported; convert with asType(FLOAT32)");
        }
        int r = out.rank();
        int m = out.shape()[r - 2];
        int n = out.shape()[r - 1];
        int k = a.shape()[r - 1];
        Operand asGiven = Operand.of(a, backend);
        Operand ob = Operand.of(b, backend);
        // A transposed A is untransposed by the GEMM once per block of C's columns (Sgemm's NC, 256 or 512
        // columns): for a wide product that repeats the same small copy many times (a convolution's input
        // gradient, kernelᵀ [288, 64] times 7,744 columns: 16 to 31 times), so it is made dense once here.
        View ownedA = asGiven.transposed() && n > WIDE ? Matrix.dense(a, backend) : null;
        if (ownedA == a) ownedA = null;
        Operand oa = ownedA == null ? asGiven : new Operand(ownedA, false, Math.max(k, 1));
        View c = Matrix.dense(out, backend);
        int batch = 1;
        for (int axis = 0; axis < r - 2; axis++) batch *= out.shape()[axis];
        int[] batchShape = java.util.Arrays.copyOf(out.shape(), r - 2);
        Object ad = ((CpuStorage) oa.view().storage()).array();
        Object bd = ((CpuStorage) ob.view().storage()).array();
        Object cd = ((CpuStorage) c.storage()).array();
        Parallel.RangeBody batches = (start, end) -> {
            for (int i = start; i < end; i++) {
                int ao = offset(oa.view(), batchShape, i);
                int bo = offset(ob.view(), batchShape, i);
                int co = c.offset() + i * m * n;
                if (cd instanceof float[] cf) {
                    Sgemm.gemm(oa.transposed(), ob.transposed(), m, n, k, (float[]) ad, ao, oa.ld(),
                            (float[]) bd, bo, ob.ld(), 0f, cf, co, n);
                } else {
                    Dgemm.gemm(oa.transposed(), ob.transposed(), m, n, k, (double[]) ad, ao, oa.ld(),
                            (double[]) bd, bo, ob.ld(), 0.0, (double[]) cd, co, n);
                }
            }
        };
        long flopsPerMatrix = 2L * m * n * k;
        if (batch > 1 && (flopsPerMatrix < (1 << 22) || batch >= 4 * Parallel.threads())) {
            // Many small products: one per thread beats splitting each tiny GEMM. So do many larger ones (a
            // convolution's products per sample at inference, 4.5 MFLOP each for 64 filters of 32x3x3 over
            // 11x11 pixels): each product split over the threads paid a hand-off per product for little work.
            Parallel.forRange(batch, Math.max(1, (int) ((1 << 20) / Math.max(1, flopsPerMatrix))), batches);
        } else {
            batches.run(0, batch);
        }
        if (c != out) backend.copy(c, out);
        if (ownedA != null) ownedA.storage().release();
    }

    private static int offset(View v, int[] batchShape, int batchIndex) {
        int o = v.offset();
        int rem = batchIndex;
        for (int axis = batchShape.length - 1; axis >= 0; axis--) {
            int i = rem % batchShape[axis];
            rem /= batchShape[axis];
            o += i * v.strides()[axis];
        }
        return o;
    }
}
