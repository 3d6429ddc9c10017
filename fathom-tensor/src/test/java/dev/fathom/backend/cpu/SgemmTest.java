package dev.fathom.backend.cpu;

import dev.fathom.backend.Threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SgemmTest {

    private static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 65, 129};

    private final int savedThreads = Threads.count();

    @AfterEach
    void restoreThreads() {
        Threads.set(savedThreads);
    }

    /** Runs one product with padded leading dimensions and offsets and checks every element of C. */
    private static void check(Random rnd, boolean ta, boolean tb, int m, int n, int k, float beta) {
        GemmCase g = GemmCase.draw(rnd, ta, tb, m, n, k);
        float[] a = random(rnd, g.aLength());
        float[] b = random(rnd, g.bLength());
        float[] c = beta == 0f ? new float[g.cLength()] : random(rnd, g.cLength());
        if (beta == 0f) Arrays.fill(c, Float.NaN);
        float[] c0 = c.clone();

        Sgemm.gemm(ta, tb, m, n, k, a, g.aOff(), g.lda(), b, g.bOff(), g.ldb(), beta, c, g.cOff(), g.ldc());

        g.verify(GemmCase.widen(a), GemmCase.widen(b), beta, GemmCase.widen(c0), GemmCase.widen(c), 1e-5, 1e-30,
                g.describe(beta));
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
            Threads.set(threads);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    check(rnd, ta, tb, 101, 530, 300, 0f);
                    check(rnd, ta, tb, 200, 67, 200, 1f);
                    check(rnd, ta, tb, 2, 1000, 300, 0f);
                    check(rnd, ta, tb, 1, 530, 1100, 1f);
                    // Narrower than one vector and long in k: computed as C^T and written back transposed.
                    check(rnd, ta, tb, 32, 9, 8000, 0f);
                    check(rnd, ta, tb, 40, 5, 11000, 0.5f);
                    // B (transposed) much wider than A: computed as C^T = B·A^T, transposing the smaller A.
                    check(rnd, ta, tb, 64, 288, 2000, 0f);
                    check(rnd, ta, tb, 20, 100, 3000, 0.5f);
                    // Tall A, short k (a dense layer's kernel gradient): split by rows, where each chunk reads
                    // only its own rows of A instead of every column chunk reading all of it.
                    check(rnd, ta, tb, 600, 128, 64, 0f);
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
    void narrowOutputThatEndsItsArray() {
        // A 10-unit output layer: every column is in the last, partial vector, and C ends where its array
        // ends, so the partial stores must not run past it (small path for a batch, row path for one sample).
        Random rnd = new Random(11);
        for (int m : new int[] {1, 5, 32}) {
            for (int n : new int[] {3, 10, 21}) {
                float[] a = random(rnd, m * 64);
                float[] b = random(rnd, 64 * n);
                float[] c = new float[m * n];
                Sgemm.gemm(false, false, m, n, 64, a, 0, 64, b, 0, n, 0f, c, 0, n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = 0;
                        for (int p = 0; p < 64; p++) want += (double) a[i * 64 + p] * b[p * n + j];
                        assertEquals(want, c[i * n + j], 1e-4, "m=" + m + " n=" + n + " at " + i + "," + j);
                    }
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
