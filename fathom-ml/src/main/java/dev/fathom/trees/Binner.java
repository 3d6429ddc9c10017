package dev.fathom.trees;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Maps each feature's values to at most {@code maxBins} small integers, as scikit-learn's
 * {@code _BinMapper}: a numeric feature by thresholds at its distinct values' midpoints when it has
 * at most {@code maxBins} of them, else at {@code maxBins - 1} quantiles (NumPy's {@code midpoint}
 * percentiles) of up to 200,000 rows drawn from the seed; a categorical feature by the rank of each
 * category seen in training. Missing values (NaN), and categories not seen in training, go to a
 * bin of their own after the feature's others ({@link #missingBin}), so a feature of few values has
 * few bins and its histograms stay small. A value goes to bin {@code b} when
 * {@code edge[b-1] < x <= edge[b]}, so {@code x <= edge[b]} exactly when its bin is {@code <= b}.
 *
 * <pre>{@code
 * Binner binner = Binner.fit(columns, categorical, 255, seed);
 * byte[][] bins = binner.transform(columns);   // [features][rows], bin = b & 0xFF
 * }</pre>
 */
final class Binner {
    static final int SUBSAMPLE = 200_000;

    /** Per feature: the numeric thresholds, or the categories (sorted) of a categorical feature. */
    final double[][] edges;
    final boolean[] categorical;
    /** Per feature, the bin of missing values: {@link #nonMissingBins}. */
    final int[] missingBins;
    /** Where each feature's bins start in a node's histograms; {@code offsets[features]} is their total. */
    final int[] offsets;

    Binner(double[][] edges, boolean[] categorical) {
        this.edges = edges;
        this.categorical = categorical;
        missingBins = new int[edges.length];
        offsets = new int[edges.length + 1];
        for (int f = 0; f < edges.length; f++) {
            missingBins[f] = nonMissingBins(f);
            offsets[f + 1] = offsets[f] + missingBins[f] + 1;
        }
    }

    int missingBin(int f) {
        return missingBins[f];
    }

    /** The bins of feature {@code f} that hold values (the missing bin aside). */
    int nonMissingBins(int f) {
        return categorical[f] ? edges[f].length : edges[f].length + 1;
    }

    static Binner fit(double[][] cols, boolean[] categorical, int maxBins, long seed, String who) {
        int f = cols.length;
        int n = f == 0 ? 0 : cols[0].length;
        int[] rows = null;
        if (n > SUBSAMPLE) {
            // a sample without replacement: a partial Fisher-Yates shuffle, sorted back into row order
            SplittableRandom rng = new SplittableRandom(seed);
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            for (int i = 0; i < SUBSAMPLE; i++) {
                int j = i + rng.nextInt(n - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            rows = Arrays.copyOf(all, SUBSAMPLE);
            Arrays.sort(rows);
        }
        double[][] edges = new double[f][];
        int[] rowsUsed = rows;
        TreeThreads.forEach(f, j -> edges[j] = categorical[j] ? categories(cols[j], j, maxBins, who)
                : thresholds(cols[j], rowsUsed, maxBins));
        return new Binner(edges, categorical.clone());
    }

    private static double[] thresholds(double[] col, int[] rows, int maxBins) {
        int m = rows == null ? col.length : rows.length;
        double[] v = new double[m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            double x = col[rows == null ? i : rows[i]];
            if (!Double.isNaN(x)) v[k++] = x;
        }
        sort(v, k);
        int distinct = 0;
        for (int i = 0; i < k; i++) if (i == 0 || v[i] != v[i - 1]) distinct++;
        if (distinct <= maxBins) {
            double[] u = new double[distinct];
            for (int i = 0, d = 0; i < k; i++) if (i == 0 || v[i] != v[i - 1]) u[d++] = v[i];
            double[] mid = new double[Math.max(0, distinct - 1)];
            for (int i = 0; i < mid.length; i++) mid[i] = (u[i] + u[i + 1]) * 0.5;
            return mid;
        }
        double[] q = new double[maxBins - 1];
        int used = 0;
        for (int i = 1; i < maxBins; i++) {
            double pos = (double) i / maxBins * (k - 1);
            int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
            double t = (v[lo] + v[hi]) * 0.5;
            if (used == 0 || t != q[used - 1]) q[used++] = t;
        }
        return Arrays.copyOf(q, used);
    }

    private static double[] categories(double[] col, int feature, int maxBins, String who) {
        double[] all = new double[col.length];
        int k = 0;
        for (double x : col) if (!Double.isNaN(x)) all[k++] = x;
        sort(all, k);
        int distinct = 0;
        for (int i = 0; i < k; i++) if (i == 0 || Double.compare(all[i], all[i - 1]) != 0) all[distinct++] = all[i];   // as DoubleStream.distinct
        double[] v = Arrays.copyOf(all, distinct);
        for (double c : v) {
            if (c < 0 || c != Math.rint(c) || c > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(who + ": categorical feature " + feature + " holds " + c
                        + "; categories must be whole numbers >= 0 (codes), with NaN for missing; encode the column's categories as codes first");
            }
        }
        if (v.length > maxBins) {
            throw new IllegalArgumentException(who + ": categorical feature " + feature + " has " + v.length
                    + " categories, more than maxBins (" + maxBins + "); group the rare ones, or leave the feature out of categoricalFeatures");
        }
        return v;
    }

    /**
     * Sorts the first {@code n} values (no NaN) in the order of {@link Arrays#sort(double[])}, -0.0
     * before 0.0: a large array by an LSD radix sort on the bits (11 bits a pass, passes whose digit
     * all values share skipped), some three times faster than the comparison sort on the binning's
     * 200,000 values.
     */
    static void sort(double[] v, int n) {
        if (n < 4096) {
            Arrays.sort(v, 0, n);
            return;
        }
        long[] a = new long[n], b = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(v[i]);
            a[i] = bits ^ (bits >> 63 | Long.MIN_VALUE);   // as unsigned numbers, in the values' order
        }
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < 64; shift += 11) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) count[(int) (a[i] >>> shift) & 2047]++;
            if (count[(int) (a[0] >>> shift) & 2047] == n) continue;
            for (int d = 0, at = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = at;
                at += c;
            }
            for (int i = 0; i < n; i++) b[count[(int) (a[i] >>> shift) & 2047]++] = a[i];
            long[] t = a;
            a = b;
            b = t;
        }
        for (int i = 0; i < n; i++) {
            long key = a[i];
            v[i] = Double.longBitsToDouble(key ^ (~key >> 63 | Long.MIN_VALUE));
        }
    }

    /** The bin of value {@code x} of feature {@code f}. */
    int bin(int f, double x) {
        if (Double.isNaN(x)) return missingBins[f];
        double[] e = edges[f];
        if (categorical[f]) {
            int i = Arrays.binarySearch(e, x);
            return i >= 0 ? i : missingBins[f];
        }
        // the number of edges below x: the first index with x <= edge
        int lo = 0, hi = e.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Every value's bin: {@code [features][rows]}, read as {@code b & 0xFF}. */
    byte[][] transform(double[][] cols) {
        int f = cols.length;
        byte[][] out = new byte[f][];
        TreeThreads.forEach(f, j -> {
            double[] c = cols[j];
            byte[] b = new byte[c.length];
            if (categorical[j]) {
                for (int i = 0; i < c.length; i++) b[i] = (byte) bin(j, c[i]);
            } else {
                numericBins(edges[j], missingBins[j], c, b);
            }
            out[j] = b;
        });
        return out;
    }

    /**
     * {@link #bin} of a whole numeric column, by a binary search without branches to mispredict:
     * the edges padded with +∞ to a power of two, so that every value takes the same steps.
     */
    private static void numericBins(double[] e, int missingBin, double[] c, byte[] out) {
        int size = Integer.highestOneBit(e.length) << 1;   // > e.length: at least one +∞, so the count stays <= e.length
        double[] padded = Arrays.copyOf(e, size);
        Arrays.fill(padded, e.length, size, Double.POSITIVE_INFINITY);
        for (int i = 0; i < c.length; i++) {
            double x = c[i];
            int pos = 0;
            for (int step = size >>> 1; step > 0; step >>>= 1) pos += padded[pos + step - 1] < x ? step : 0;
            out[i] = (byte) (x != x ? missingBin : pos);   // the edges below x; NaN to the missing bin
        }
    }

    /**
     * A binner read from a file, checked: edges finite and strictly increasing, categories whole
     * numbers, no feature with more bins than the missing bin's index.
     */
    static Binner checked(double[][] edges, boolean[] categorical, int maxBins, String where) {
        if (maxBins < 2 || maxBins > 255) throw new IllegalArgumentException(where + ": maxBins " + maxBins + " is outside [2, 255]");
        for (int f = 0; f < edges.length; f++) {
            double[] e = edges[f];
            if (e.length > (categorical[f] ? maxBins : maxBins - 1)) {
                throw new IllegalArgumentException(where + ": feature " + f + " has " + e.length + " bin edges for " + maxBins + " bins");
            }
            for (int i = 0; i < e.length; i++) {
                if (!Double.isFinite(e[i]) || (i > 0 && !(e[i] > e[i - 1]))) {
                    throw new IllegalArgumentException(where + ": the bin edges of feature " + f
                            + " are not finite and increasing; the file is damaged or was edited");
                }
            }
        }
        return new Binner(edges, categorical);
    }
}
