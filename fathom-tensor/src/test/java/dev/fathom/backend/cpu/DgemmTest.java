package dev.fathom.backend.cpu;

import dev.fathom.backend.Threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DgemmTest {

    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 17, 31, 33, 65};

    private final int savedThreads = Threads.count();

    @AfterEach
    void restoreThreads() {
        Threads.set(savedThreads);
    }

    /** Runs one product with padded leading dimensions and offsets and checks every element of C. */
    private static void check(Random rnd, boolean ta, boolean tb, int m, int n, int k, double beta) {
        GemmCase g = GemmCase.draw(rnd, ta, tb, m, n, k);
        double[] a = random(rnd, g.aLength());
        double[] b = random(rnd, g.bLength());
        double[] c = random(rnd, g.cLength());
        if (beta == 0.0) Arrays.fill(c, Double.NaN);
        double[] c0 = c.clone();

        Dgemm.gemm(ta, tb, m, n, k, a, g.aOff(), g.lda(), b, g.bOff(), g.ldb(), beta, c, g.cOff(), g.ldc());

        g.verify(a, b, beta, c0, c, 1e-13, 1e-300, g.describe(beta));
    }

    private static double[] random(Random rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = rnd.nextDouble() * 2 - 1;
        return x;
    }

    @Test
    void oddSizesAllTransposesAndBetas() {
        Random rnd = new Random(11);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int trial = 0; trial < 40; trial++) {
                    int m = SIZES[rnd.nextInt(SIZES.length)];
                    int n = SIZES[rnd.nextInt(SIZES.length)];
                    int k = SIZES[rnd.nextInt(SIZES.length)];
                    double beta = trial % 3 == 0 ? 0.0 : trial % 3 == 1 ? 1.0 : -0.5;
                    check(rnd, ta, tb, m, n, k, beta);
                }
            }
        }
    }

    @Test
    void rowsSplitAcrossThreads() {
        Random rnd = new Random(5);
        Threads.set(2);
        check(rnd, false, false, 400, 70, 90, 0.0);
        check(rnd, true, true, 400, 70, 90, 1.0);
    }

    @Test
    void everyElementIsItsInOrderFmaSumOnAnyThreads() {
        // 4-row blocks, leftover rows and columns: each element must be beta·C then fma over p = 0..k-1, exactly
        Random rnd = new Random(8);
        int m = 4 * 400 + 3, n = 2 * 8 + 5, k = 37;   // past 2^20 multiply-adds: rows split into ranges on threads
        double[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        for (double beta : new double[] {0.0, 1.0, 0.75}) {
            double[] expected = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = beta == 0.0 ? 0.0 : beta == 1.0 ? c0[i * n + j] : c0[i * n + j] * beta;
                    for (int p = 0; p < k; p++) acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                    expected[i * n + j] = acc;
                }
            }
            for (int threads : new int[] {1, 3}) {
                Threads.set(threads);
                double[] c = c0.clone();
                Dgemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, beta, c, 0, n);
                for (int e = 0; e < c.length; e++) {
                    assertEquals(expected[e], c[e], 0.0, "beta " + beta + ", " + threads + " threads, element " + e);
                }
            }
        }
    }

    @Test
    void zeroK() {
        double[] c = {Double.NaN, Double.NaN, 3, 4};
        Dgemm.gemm(false, false, 1, 2, 0, new double[0], 0, 0, new double[0], 0, 2, 0.0, c, 0, 2);
        assertEquals(0.0, c[0]);
        assertEquals(0.0, c[1]);
        Dgemm.gemm(true, true, 1, 2, 0, new double[0], 0, 1, new double[0], 0, 0, 1.0, c, 2, 2);
        assertEquals(3.0, c[2]);
        assertEquals(4.0, c[3]);
    }
}
