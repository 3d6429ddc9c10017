package dev.fathom.trees;

import dev.fathom.backend.Threads;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HistogramsTest {
    /** Each feature's sums, added row by row in the order of {@code rows[start, end)}: what every loop must give to the bit. */
    private static void naive(byte[][] bins, int[] offsets, int[] rows, int start, int end, float[] g, float[] h, double[] hist) {
        for (int f = 0; f < bins.length; f++) {
            for (int i = start; i < end; i++) {
                int r = rows[i];
                int at = Histograms.STRIDE * (offsets[f] + (bins[f][r] & 0xFF));
                hist[at] += g[r];
                if (h != null) hist[at + 1] += h[r];
                hist[at + 2]++;
            }
        }
    }

    @Test
    void everyLoopAndGroupingGivesTheSumsOfTheRowsInOrder() {
        int n = 40_000;
        int[] binsPer = {256, 3, 256, 13, 256, 256, 40, 256, 2};   // 9 features: groups of 4, 3, 2 and 1 by the thread count
        SplittableRandom rng = new SplittableRandom(11);
        byte[][] bins = new byte[binsPer.length][n];
        int[] offsets = new int[binsPer.length + 1];
        for (int f = 0; f < binsPer.length; f++) {
            for (int i = 0; i < n; i++) bins[f][i] = (byte) rng.nextInt(binsPer[f]);
            offsets[f + 1] = offsets[f] + binsPer[f];
        }
        float[] g = new float[n], h = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) rng.nextGaussian();
            h[i] = (float) rng.nextDouble();
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        // a dense node (packed groups through its rows), a sparse one (its bins gathered, over the threads), a tiny one (on the caller), each a slice of a row order
        int[] rows = all.clone();
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        java.util.Arrays.sort(rows, 0, n / 2);
        int[][] slices = {{0, n / 2}, {n / 2, n / 2 + n / 20}, {n - 300, n}};
        int size = offsets[binsPer.length];
        for (int threads : new int[] {1, 2, 4}) {
            int before = Threads.count();
            try {
                Threads.set(threads);
                Histograms.Packed packed = Histograms.pack(bins, threads);
                for (boolean hessians : new boolean[] {true, false}) {
                    float[] hh = hessians ? h : null;
                    double[] want = new double[Histograms.STRIDE * size], got = new double[Histograms.STRIDE * size];
                    naive(bins, offsets, all, 0, n, g, hh, want);
                    Histograms.build(bins, packed, offsets, all, 0, n, true, g, hh, got, new Histograms.Buffers(packed, hessians));
                    assertArrayEquals(want, got, "root, " + threads + " threads");
                    for (int[] s : slices) {
                        want = new double[Histograms.STRIDE * size];
                        got = new double[Histograms.STRIDE * size];
                        naive(bins, offsets, rows, s[0], s[1], g, hh, want);
                        Histograms.build(bins, packed, offsets, rows, s[0], s[1], false, g, hh, got, new Histograms.Buffers(packed, hessians));
                        assertArrayEquals(want, got, "rows " + s[0] + ".." + s[1] + ", " + threads + " threads");
                    }
                }
            } finally {
                Threads.set(before);
            }
        }
    }

    @Test
    void theBranchlessBinningAgreesWithTheBinarySearch() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3000;
        for (int edges : new int[] {0, 1, 2, 3, 7, 64, 200, 254}) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = i % 17 == 0 ? Double.NaN : Math.floor(rng.nextGaussian() * 40) / 4;
            double[] e = new double[edges];
            for (int i = 0; i < edges; i++) e[i] = -edges / 2.0 + i * 0.5;   // some values fall on an edge
            Binner b = new Binner(new double[][] {e}, new boolean[1]);
            byte[] got = b.transform(new double[][] {col})[0];
            for (int i = 0; i < n; i++) assertEquals(b.bin(0, col[i]), got[i] & 0xFF, "value " + col[i] + " with " + edges + " edges");
        }
    }

    @Test
    void theRadixSortOrdersAsArraysSort() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int n : new int[] {10, 5000, 70_000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (i % 5) {
                    case 0 -> -0.0;
                    case 1 -> 0.0;
                    case 2 -> Math.rint(rng.nextGaussian() * 3);
                    default -> rng.nextGaussian() * Math.exp(rng.nextDouble(-30, 30));
                };
            }
            double[] want = v.clone();
            java.util.Arrays.sort(want);
            Binner.sort(v, n);
            for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(v[i]), "at " + i);
        }
    }

    @Test
    void packingKeepsEveryFeatureOnceInOrder() {
        byte[][] bins = new byte[21][5];
        for (int threads : new int[] {1, 2, 3, 16}) {
            Histograms.Packed p = Histograms.pack(bins, threads);
            int next = 0;
            for (int[] group : p.features()) {
                assertEquals(true, group.length >= 1 && group.length <= Histograms.GROUP, "group of " + group.length);
                for (int f : group) assertEquals(next++, f);
            }
            assertEquals(21, next);
        }
    }

    @Test
    void aLargeFitSplitsInChunksOverTheThreadsToTheSameModel() {
        int n = 40_000;   // the root and its larger child partition in chunks over the threads
        float[] x = new float[n * 3], y = new float[n];
        HistGradientBoostingTest.noisyRegression(n, 9, x, y);
        for (int i = 0; i < n; i += 11) x[i * 3 + 2] = Float.NaN;
        Tensor xs = Tensor.of(x, n, 3), ys = Tensor.of(y, n);
        int before = Threads.count();
        try {
            Threads.set(1);
            float[] one = new HistGradientBoostingRegressor().maxIter(3).earlyStopping(false).fit(xs, ys).predict(xs).toFloatArray();
            Threads.set(2);
            float[] two = new HistGradientBoostingRegressor().maxIter(3).earlyStopping(false).fit(xs, ys).predict(xs).toFloatArray();
            assertArrayEquals(one, two);
        } finally {
            Threads.set(before);
        }
    }
}
