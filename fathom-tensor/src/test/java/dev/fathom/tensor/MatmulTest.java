package dev.fathom.tensor;

import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class MatmulTest {

    /**
     * NumPy matmul from the definition: 1-D operands promoted and the added axis removed, batch axes
     * broadcast. Returns {values, shape}.
     */
    private static Object[] naive(double[] a, int[] as, double[] b, int[] bs) {
        boolean aVec = as.length == 1;
        boolean bVec = bs.length == 1;
        int[] a2 = aVec ? new int[] {1, as[0]} : as;
        int[] b2 = bVec ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        int[] aBatch = java.util.Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = java.util.Arrays.copyOf(b2, b2.length - 2);
        int rank = Math.max(aBatch.length, bBatch.length);
        int[] batch = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - aBatch.length ? 1 : aBatch[i - rank + aBatch.length];
            int db = i < rank - bBatch.length ? 1 : bBatch[i - rank + bBatch.length];
            batch[i] = Math.max(da, db);
        }
        int batches = Shapes.size(batch);
        double[] out = new double[batches * m * n];
        for (int bi = 0; bi < batches; bi++) {
            int[] idx = Check.unravel(bi, batch);
            int ao = batchOffset(idx, aBatch) * m * k;
            int bo = batchOffset(idx, bBatch) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
                    out[(bi * m + i) * n + j] = s;
                }
            }
        }
        int[] shape;
        if (aVec && bVec) shape = new int[0];
        else if (aVec) shape = concat(batch, new int[] {n});
        else if (bVec) shape = concat(batch, new int[] {m});
        else shape = concat(batch, new int[] {m, n});
        return new Object[] {out, shape};
    }

    private static int batchOffset(int[] idx, int[] s) {
        int flat = 0;
        int lead = idx.length - s.length;
        for (int i = 0; i < s.length; i++) flat = flat * s[i] + (s[i] == 1 ? 0 : idx[lead + i]);
        return flat;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Compares x.matmul(y) with the definition; x and y may be views. */
    private static void check(Tensor x, Tensor y, String what) {
        double[] a = x.toDoubleArray();
        double[] b = y.toDoubleArray();
        Object[] ref = naive(a, x.shape(), b, y.shape());
        double[] expected = (double[]) ref[0];
        Tensor r = x.matmul(y);
        assertArrayEquals((int[]) ref[1], r.shape(), what + " shape");
        double[] got = r.toDoubleArray();
        int k = x.shape(-1);
        boolean f32 = r.dtype() == DType.FLOAT32;
        for (int i = 0; i < got.length; i++) {
            // Float32 products of values in [-1, 1]: the error grows with k.
            double tol = f32 ? 1e-6 * (k + 1) : 1e-12 * (k + 1);
            if (!(Math.abs(got[i] - expected[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    private static Tensor rand(Generator g, DType type, int... shape) {
        return Tensor.of(Check.floats(g, Shapes.size(shape), -1, 1), shape).asType(type);
    }

    @Test
    void twoDimensionalOddSizes() {
        Generator g = new Generator(40);
        int[] sizes = {1, 3, 16, 17, 33};
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int m : sizes) {
                for (int k : sizes) {
                    for (int n : sizes) {
                        check(rand(g, type, m, k), rand(g, type, k, n), type + " " + m + "x" + k + "x" + n);
                    }
                }
            }
            // Large enough for the packed, blocked and threaded GEMM paths.
            check(rand(g, type, 100, 130), rand(g, type, 130, 97), type + " 100x130x97");
            check(rand(g, type, 7, 300), rand(g, type, 300, 65), type + " 7x300x65");
        }
    }

    @Test
    void transposedAndSlicedOperands() {
        Generator g = new Generator(41);
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] mkn : new int[][] {{5, 7, 3}, {17, 33, 16}, {64, 70, 50}, {1, 9, 4}, {6, 1, 6}, {40, 64, 600}}) {
                int m = mkn[0], k = mkn[1], n = mkn[2];
                Tensor at = rand(g, type, k, m).t();
                Tensor bt = rand(g, type, n, k).t();
                Tensor a = rand(g, type, m, k);
                Tensor b = rand(g, type, k, n);
                String s = type + " " + m + "x" + k + "x" + n;
                check(at, b, s + " A^T");
                check(a, bt, s + " B^T");
                check(at, bt, s + " A^T B^T");
                // Column slices keep unit stride but a leading dimension larger than the width.
                check(rand(g, type, m, k + 5).slice(1, 2, k + 2), rand(g, type, k, n + 3).slice(1, 3, n + 3), s + " column slices");
                // Step slices and expanded rows have no unit stride: they go through a dense copy.
                check(rand(g, type, m, 2 * k).slice(1, 0, 2 * k, 2), rand(g, type, 2 * k, n).slice(0, 1, 2 * k, 2), s + " step slices");
                check(rand(g, type, 1, k).expand(m, k), b, s + " expanded rows");
            }
        }
    }

    /**
     * A transposed A times a wide B (a convolution's input gradient, kernelᵀ times the columns) is made
     * dense once before the GEMM: the same bits as multiplying the dense copy, batched or not.
     */
    @Test
    void wideProductsOfATransposedASameBitsAsItsDenseCopy() {
        Generator g = new Generator(43);
        Tensor at = rand(g, DType.FLOAT32, 64, 288).t();
        Tensor b = rand(g, DType.FLOAT32, 64, 1300);
        assertArrayEquals(at.contiguous().matmul(b).toFloatArray(), at.matmul(b).toFloatArray());
        Tensor batched = rand(g, DType.FLOAT32, 3, 16, 20).transpose(1, 2);
        Tensor bb = rand(g, DType.FLOAT32, 3, 16, 700);
        assertArrayEquals(batched.contiguous().matmul(bb).toFloatArray(), batched.matmul(bb).toFloatArray());
        check(batched, bb, "batched A^T, 700 columns");
    }

    @Test
    void batchedAndBroadcastBatches() {
        Generator g = new Generator(42);
        int[][][] cases = {
                {{3, 5, 7}, {3, 7, 4}},
                {{2, 3, 4}, {4, 5}},        // folded into one GEMM
                {{5, 4}, {2, 4, 3}},
                {{2, 1, 3, 4}, {5, 4, 6}},  // batch [2, 1] with [5] -> [2, 5]
                {{1, 3, 4}, {6, 4, 2}},
                {{4, 17, 33}, {1, 33, 15}},
                {{2, 2, 3, 4}, {2, 2, 4, 3}},
        };
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[][] c : cases) {
                check(rand(g, type, c[0]), rand(g, type, c[1]), type + " " + Check.str(c[0]) + " x " + Check.str(c[1]));
            }
            // Permuted and transposed operands: [4, 3, 5] read as a batch of 5 transposed [3, 4] matrices, and so on.
            check(rand(g, type, 4, 3, 5).permute(2, 1, 0), rand(g, type, 5, 4, 2), type + " permuted A");
            check(rand(g, type, 2, 3, 4).transpose(1, 2), rand(g, type, 3, 5), type + " transposed batched A, 2-D B");
            check(rand(g, type, 3, 4), rand(g, type, 2, 5, 4).transpose(-1, -2), type + " 2-D A, transposed batched B");
            check(rand(g, type, 3, 2, 4).transpose(0, 1), rand(g, type, 4, 5), type + " non-contiguous batch, 2-D B");
        }
    }

    @Test
    void oneDimensionalOperands() {
        Generator g = new Generator(43);
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            check(rand(g, type, 4), rand(g, type, 4, 3), type + " vector x matrix");
            check(rand(g, type, 3, 4), rand(g, type, 4), type + " matrix x vector");
            check(rand(g, type, 17), rand(g, type, 17), type + " dot");
            check(rand(g, type, 4), rand(g, type, 2, 4, 3), type + " vector x batch");
            check(rand(g, type, 2, 3, 4), rand(g, type, 4), type + " batch x vector");
            check(rand(g, type, 8).slice(0, 0, 8, 2), rand(g, type, 3, 4).t(), type + " strided vector x transposed");
        }
        Tensor dot = Tensor.of(new double[] {1, 2, 3}).matmul(Tensor.of(new double[] {4, 5, 6}));
        assertEquals(0, dot.rank());
        assertEquals(32, dot.item());
    }

    @Test
    void typesAndEmptyInnerAxis() {
        Tensor i = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        Tensor r = i.matmul(i);
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new float[] {7, 10, 15, 22}, r.toFloatArray());
        Tensor mixed = Tensor.of(new float[] {1, 2}, 1, 2).matmul(Tensor.of(new double[] {3, 4}, 2, 1));
        assertEquals(DType.FLOAT64, mixed.dtype());
        assertEquals(11, mixed.item());
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor z = Tensor.zeros(type, 2, 0).matmul(Tensor.zeros(type, 0, 3));
            assertArrayEquals(new int[] {2, 3}, z.shape());
            assertArrayEquals(new double[6], z.toDoubleArray(), type + " k = 0 gives zeros");
            Tensor zb = Tensor.zeros(type, 2, 3, 0).matmul(Tensor.zeros(type, 0, 4));
            assertArrayEquals(new int[] {2, 3, 4}, zb.shape());
            assertArrayEquals(new double[24], zb.toDoubleArray(), type + " batched k = 0 gives zeros");
            assertArrayEquals(new int[] {0, 3, 5}, Tensor.zeros(type, 0, 3, 4).matmul(Tensor.zeros(type, 4, 5)).shape());
        }
    }

    // ---- gradients ---------------------------------------------------------------------------

    @Test
    void gradients() {
        Generator g = new Generator(44);
        int[][][] cases = {
                {{3, 4}, {4, 5}},
                {{1, 4}, {4, 1}},
                {{2, 3, 4}, {2, 4, 5}},
                {{2, 3, 4}, {4, 5}},
                {{5, 4}, {2, 4, 3}},
                {{2, 1, 3, 4}, {3, 4, 2}},
                {{4}, {4, 3}},
                {{3, 4}, {4}},
                {{4}, {4}},
                {{4}, {2, 4, 3}},
                {{2, 3, 4}, {4}},
        };
        for (int[][] c : cases) {
            GradCheck.check("matmul " + Check.str(c[0]) + " x " + Check.str(c[1]), Tensor::matmul,
                    GradCheck.randn(g, c[0]), GradCheck.randn(g, c[1]));
        }
        GradCheck.check("matmul A^T B^T", (a, b) -> a.t().matmul(b.t()), GradCheck.randn(g, 4, 3), GradCheck.randn(g, 5, 4));
        GradCheck.check("matmul transposed batched A", (a, b) -> a.transpose(1, 2).matmul(b),
                GradCheck.randn(g, 2, 4, 3), GradCheck.randn(g, 4, 5));
        GradCheck.check("matmul non-contiguous batch", (a, b) -> a.transpose(0, 1).matmul(b),
                GradCheck.randn(g, 3, 2, 4), GradCheck.randn(g, 4, 2));
        GradCheck.check("matmul expanded", (a, b) -> a.expand(3, 4).matmul(b.slice(1, 0, 6, 2)),
                GradCheck.randn(g, 1, 4), GradCheck.randn(g, 4, 6));
        GradCheck.check("matmul self", a -> a.matmul(a.t()), GradCheck.randn(g, 3, 4));
    }
}
