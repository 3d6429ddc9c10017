package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision general matrix multiply, {@code C = op(A)·op(B) + beta·C}, on row-major arrays.
 *
 * <p>It serves float64 gradient checks and the estimators' float64 products (k-NN's distances): a
 * transposed operand is first copied untransposed, then C is built four rows at a time, a vector
 * of columns of the four rows held in registers over the whole inner dimension (each B vector
 * feeds four rows), the last rows one at a time in i-p-j order; rows are split across threads when
 * the product is large. Either way each element sums its products in order by fma, so the result
 * does not depend on the split. Same argument conventions as {@link Sgemm}.
 *
 * <pre>{@code
 * // C[m×n] = A[m×k] · B[k×n], overwriting C
 * Dgemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0.0, c, 0, n);
 * }</pre>
 */
public final class Dgemm {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Multiply-adds each thread should get before the rows are split (as in {@link Sgemm}). */
    private static final long GRAIN_WORK = 1 << 20;

    private Dgemm() {}

    /**
     * C = op(A) · op(B) + beta · C, where op(A) is m×k, op(B) is k×n, C is m×n, all row-major.
     * Element (i,j) of a non-transposed A is {@code a[aOff + i*lda + j]}; if {@code transA},
     * op(A)(i,p) = {@code a[aOff + p*lda + i]}. Same for B. With beta 0, C is only written, never
     * read (it may hold NaN).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        double[] as = transA ? transpose(a, aOff, lda, k, m) : a;
        int aOffs = transA ? 0 : aOff;
        int ldas = transA ? k : lda;
        double[] bs = transB ? transpose(b, bOff, ldb, n, k) : b;
        int bOffs = transB ? 0 : bOff;
        int ldbs = transB ? n : ldb;
        long rowWork = Math.max(1L, (long) n * k);
        int grain = (int) Math.max(1L, Math.min(m, GRAIN_WORK / rowWork));
        Parallel.forRange(m, grain, (start, end) ->
                rows(start, end, n, k, as, aOffs, ldas, bs, bOffs, ldbs, beta, c, cOff, ldc));
    }

    /** Returns the cols×rows row-major transpose of the rows×cols matrix at {@code x[off]}. */
    private static double[] transpose(double[] x, int off, int ld, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            int src = off + r * ld;
            for (int q = 0, d = r; q < cols; q++, d += rows) t[d] = x[src + q];
        }
        return t;
    }

    private static void rows(int i0, int i1, int n, int k, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        // Four rows at a time: each B vector loaded feeds four rows' accumulators, held in registers
        // across the whole k loop. Every C element still sums beta·C, then p = 0..k-1 in order, by fma:
        // the same bits as one row at a time. Columns outside, rows inside: a block of B's columns
        // (k rows of two vectors) stays in L1 while every group of four rows passes over it, where
        // rows outside read all of B again from L2, a cache line per row of k, for each group (k-NN's
        // distances, [queries, 64]·[64, 1437], ran at a fifth of the core's double-precision peak).
        int fours = i0 + (i1 - i0) / 4 * 4;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            for (int i = i0; i < fours; i += 4) fourByTwo(i, j, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        // The last columns (fewer than two vectors' worth) one at a time: a few per product.
        for (; j < n; j++) {
            for (int i = i0; i < fours; i++) {
                int ci = cOff + i * ldc + j, ai = aOff + i * lda;
                double acc = beta == 0.0 ? 0.0 : beta == 1.0 ? c[ci] : c[ci] * beta;
                for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) acc = Math.fma(a[ai + p], b[bi], acc);
                c[ci] = acc;
            }
        }
        rowByRow(fours, i1, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** C rows [i, i+4), columns [j, j+2L). */
    private static void fourByTwo(int i, int j, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                  double beta, double[] c, int cOff, int ldc) {
        int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int c0 = cOff + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector s0 = start(c, c0, beta), s1 = start(c, c1, beta);
        DoubleVector s2 = start(c, c2, beta), s3 = start(c, c3, beta);
        DoubleVector t0 = start(c, c0 + L, beta), t1 = start(c, c1 + L, beta);
        DoubleVector t2 = start(c, c2 + L, beta), t3 = start(c, c3 + L, beta);
        for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bi);
            DoubleVector bw = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            s0 = x.fma(bv, s0);
            t0 = x.fma(bw, t0);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            s1 = x.fma(bv, s1);
            t1 = x.fma(bw, t1);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            s2 = x.fma(bv, s2);
            t2 = x.fma(bw, t2);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            s3 = x.fma(bv, s3);
            t3 = x.fma(bw, t3);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
        t0.intoArray(c, c0 + L);
        t1.intoArray(c, c1 + L);
        t2.intoArray(c, c2 + L);
        t3.intoArray(c, c3 + L);
    }

    /** {@code beta·C[at..at+L)}: zero for beta 0 (C may hold NaN then), C itself for beta 1. */
    private static DoubleVector start(double[] c, int at, double beta) {
        if (beta == 0.0) return DoubleVector.zero(S);
        DoubleVector v = DoubleVector.fromArray(S, c, at);
        return beta == 1.0 ? v : v.mul(beta);
    }

    private static void rowByRow(int i0, int i1, int n, int k, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int bound = S.loopBound(n);
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                Arrays.fill(c, ci, ci + n, 0.0);
            } else if (beta != 1.0) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
            int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                double x = a[ai + p];
                DoubleVector xv = DoubleVector.broadcast(S, x);
                int bi = bOff + p * ldb;
                int j = 0;
                for (; j < bound; j += L) {
                    xv.fma(DoubleVector.fromArray(S, b, bi + j), DoubleVector.fromArray(S, c, ci + j))
                            .intoArray(c, ci + j);
                }
                for (; j < n; j++) c[ci + j] = Math.fma(x, b[bi + j], c[ci + j]);
            }
        }
    }
}
