package dev.fathom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/**
 * One GEMM test product for {@link SgemmTest} and {@link DgemmTest}: sizes, transposes, padded
 * leading dimensions and offsets, and the reference check of every element of C against a sum in
 * double precision, plus the check that nothing outside C was written.
 */
record GemmCase(boolean ta, boolean tb, int m, int n, int k, int lda, int ldb, int ldc, int aOff, int bOff, int cOff) {

    /** Draws leading-dimension padding (0..2) and offsets (0..3) for an op(A) m×k times op(B) k×n product. */
    static GemmCase draw(Random rnd, boolean ta, boolean tb, int m, int n, int k) {
        int aCols = ta ? m : k;
        int bCols = tb ? k : n;
        int lda = aCols + rnd.nextInt(3), ldb = bCols + rnd.nextInt(3), ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
        return new GemmCase(ta, tb, m, n, k, lda, ldb, ldc, aOff, bOff, cOff);
    }

    int aLength() {
        return aOff + (ta ? k : m) * lda;
    }

    int bLength() {
        return bOff + (tb ? n : k) * ldb;
    }

    int cLength() {
        return cOff + m * ldc;
    }

    String describe(double beta) {
        return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta;
    }

    /**
     * Checks {@code c} (C after the product, {@code c0} before it) element by element: each within
     * {@code relTol} of the sum of |terms| (plus {@code tiny}) of the reference, and the padding
     * between rows and around C untouched.
     */
    void verify(double[] a, double[] b, double beta, double[] c0, double[] c, double relTol, double tiny, String where) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += x * y;
                    mag += Math.abs(x * y);
                }
                double old = c0[cOff + i * ldc + j];
                if (beta != 0) {
                    sum += beta * old;
                    mag += Math.abs(beta * old);
                }
                double got = c[cOff + i * ldc + j];
                assertTrue(Math.abs(got - sum) <= relTol * (mag + tiny),
                        where + " at (" + i + "," + j + "): expected " + sum + " got " + got);
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) assertEquals(c0[idx], c[idx], 0.0, where + " wrote outside C at " + idx);
        }
    }

    /** A float array widened exactly to double, for {@link #verify}. */
    static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
