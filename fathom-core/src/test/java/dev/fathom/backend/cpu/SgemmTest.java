package dev.fathom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SgemmTest {

    private static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 65, 129};

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Runs one product with padded leading dimensions and offsets and checks every element of C. */
    private static void check(Random rnd, boolean ta, boolean tb, int m, int n, int k, float beta) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + rnd.nextInt(3), ldb = bCols + rnd.nextInt(3), ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c = beta == 0f ? new float[cOff + m * ldc] : random(rnd, cOff + m * ldc);
        if (beta == 0f) Arrays.fill(c, Float.NaN);
        float[] c0 = c.clone();

        Sgemm.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);

        String where = (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta;
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
                if (beta != 0f) {
                    sum += beta * old;
                    mag += Math.abs(beta * old);
                }
                double got = c[cOff + i * ldc + j];
                assertTrue(Math.abs(got - sum) <= 1e-5 * (mag + 1e-30),
                        where + " at (" + i + "," + j + "): expected " + sum + " got " + got);
            }
        }
        // Padding between rows and around C must be untouched.
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) assertEquals(c0[idx], c[idx], 0f, where + " wrote outside C at " + idx);
        }
    }

    private static float[] random(Random rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = rnd.nextFloat() * 2 - 1;
        return x;
    }

    @Test
    void oddSizesAllTransposesAndBetas() {
        Random rnd = new Random(42);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int trial = 0; trial < 60; trial++) {
                    int m = SIZES[rnd.nextInt(SIZES.length)];
                    int n = SIZES[rnd.nextInt(SIZES.length)];
                    int k = SIZES[rnd.nextInt(SIZES.length)];
                    float beta = trial % 3 == 0 ? 0f : trial % 3 == 1 ? 1f : 0.5f;
                    check(rnd, ta, tb, m, n, k, beta);
                }
            }
        }
    }

    @Test
    void blockedPathWithSeveralBlocksAndThreads() {
        // k > 256 and n > 512 cross the k- and n-block edges; m > 96 crosses the transposed-A block.
        // The shapes are big enough to be split across threads: by columns, by rows (n = 67 splits
        // badly by columns) and, for m <= 2, by column ranges of the vector-matrix path.
        Random rnd = new Random(7);
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    check(rnd, ta, tb, 101, 530, 300, 0f);
                    check(rnd, ta, tb, 200, 67, 200, 1f);
                    check(rnd, ta, tb, 2, 1000, 300, 0f);
                    check(rnd, ta, tb, 1, 530, 1100, 1f);
                    // Narrower than one vector and long in k: computed as C^T and written back transposed.
                    check(rnd, ta, tb, 32, 9, 8000, 0f);
                    check(rnd, ta, tb, 40, 5, 11000, 0.5f);
                }
            }
        }
    }

    @Test
    void tinyShapesExhaustive() {
        Random rnd = new Random(3);
        for (int m = 1; m <= 7; m++) {
            for (int n = 1; n <= 7; n++) {
                for (int k = 1; k <= 7; k++) {
                    check(rnd, (m + k) % 2 == 0, (n + k) % 2 == 1, m, n, k, (m + n) % 2 == 0 ? 0f : 1f);
                }
            }
        }
    }

    @Test
    void zeroK() {
        float[] c = {Float.NaN, Float.NaN, 3f, 4f};
        Sgemm.gemm(false, false, 1, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 0f, c, 0, 2);
        assertEquals(0f, c[0]);
        assertEquals(0f, c[1]);
        Sgemm.gemm(false, false, 1, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 1f, c, 2, 2);
        assertEquals(3f, c[2]);
        assertEquals(4f, c[3]);
    }

    @Test
    void emptyMOrNIsANoOp() {
        float[] c = {Float.NaN};
        Sgemm.gemm(false, false, 0, 5, 3, new float[0], 0, 3, new float[15], 0, 5, 0f, c, 0, 5);
        Sgemm.gemm(false, false, 5, 0, 3, new float[15], 0, 3, new float[0], 0, 0, 0f, c, 0, 0);
        assertTrue(Float.isNaN(c[0]));
    }
}
