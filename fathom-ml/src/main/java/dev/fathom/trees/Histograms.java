package dev.fathom.trees;

import java.util.function.IntConsumer;

/**
 * Gradient histograms, the hot loop of histogram boosting: for every feature, the sums of the
 * gradients and hessians and the row counts of a node's rows in each of the feature's bins, in one
 * {@code double} array of {@link #STRIDE} slots per bin (scikit-learn's {@code hist_struct}, padded
 * to 32 bytes): feature {@code f}'s bin {@code b} is at {@code at = 4 · (offsets[f] + b)}, its
 * gradient sum in {@code hist[at]}, its hessian sum in {@code hist[at + 1]} (0 for a constant
 * hessian, which the counts stand for) and its row count in {@code hist[at + 2]} (exact: a double
 * counts to 2⁵³). A feature has only as many bins as it needs: a 0/1 column takes 3. The three
 * sums of a row share one aligned 32-byte slot, so an update touches one cache line and the
 * address is a shift, which made the loops some 30% faster per update than separate gradient and
 * count arrays.
 *
 * <p>The bins of the larger nodes below the root are read from a {@link Packed} copy that holds up
 * to four features' bins of a row in one {@code int} (LightGBM's feature groups): one pass over a
 * node's rows fills the histograms of
 * a whole group, so the row index, the gradient and the hessian are loaded once per group rather
 * than once per feature, and a row's bins come in one memory access instead of four scattered ones.
 * Groups are spread over the CPU threads; each writes only its features' part, and every feature's
 * sums add the node's rows in the same order however the features are grouped, so the sums do not
 * depend on the thread count.
 *
 * <pre>{@code
 * Histograms.Packed packed = Histograms.pack(bins, TreeThreads.available());
 * double[] hist = new double[Histograms.STRIDE * offsets[features]];
 * Histograms.build(bins, packed, offsets, rows, start, end, false, g, h, hist, orderedG, orderedH);
 * Histograms.subtract(parent, small, large);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    /** Below this many row-features (some tens of microseconds) a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 14;
    /** Rows per task of the gradients' gather. */
    private static final int GATHER_CHUNK = 1 << 13;
    /** Slots per bin: the gradient sum, the hessian sum, the row count, and one unused (32 bytes). */
    static final int STRIDE = 4;
    /** The most features packed into one int per row. */
    static final int GROUP = 4;
    /** A node of at least 1/DENSE_SHARE of the rows reads the packed groups. */
    private static final int DENSE_SHARE = 12;
    /** That share, for the documentation. */
    static final double DENSE = 1.0 / DENSE_SHARE;

    private Histograms() {}

    /**
     * The bins of each group of features, row by row: {@code data[group][row]} holds the bin of the
     * group's {@code k}-th feature {@code features[group][k]} in byte {@code k}.
     */
    record Packed(int[][] data, int[][] features) {
        int groups() {
            return data.length;
        }
    }

    /**
     * Packs the binned columns {@code [features][rows]} into groups of at most {@link #GROUP}
     * features of neighbouring columns, sized so that there are about three groups per thread (to
     * keep the threads evenly busy) but no more groups than features. The grouping changes the speed only.
     */
    static Packed pack(byte[][] bins, int threads) {
        int f = bins.length;
        int n = f == 0 ? 0 : bins[0].length;
        int groups = Math.min(f, Math.max((f + GROUP - 1) / GROUP, 3 * threads));
        int[][] features = new int[groups][];
        for (int g = 0, at = 0; g < groups; g++) {
            int size = f / groups + (g < f % groups ? 1 : 0);   // sizes differ by at most one, larger first
            features[g] = new int[size];
            for (int k = 0; k < size; k++) features[g][k] = at++;
        }
        int[][] data = new int[groups][];
        TreeThreads.forEach(groups, g -> {
            int[] p = new int[n];
            int[] fs = features[g];
            for (int k = 0; k < fs.length; k++) {
                byte[] col = bins[fs[k]];
                int shift = 8 * k;
                for (int i = 0; i < n; i++) p[i] |= (col[i] & 0xFF) << shift;
            }
            data[g] = p;
        });
        return new Packed(data, features);
    }

    /**
     * Sums rows {@code rows[start, end)} into zeroed {@code hist}, for every feature. {@code h} is
     * null for a constant hessian (the counts stand for it). With {@code inRowOrder} the node is the
     * root: its rows are {@code 0..n-1} in order and {@code g}, {@code h} are read as they are;
     * otherwise {@code og}, {@code oh} (scratch of at least {@code end - start}) first receive the
     * node's gradients gathered in row order, once for all features.
     *
     * <p>Which loop reads the bins is chosen by the share of all rows the node holds, for the
     * memory it touches: the root streams each byte column ({@code bins}, {@code [features][rows]});
     * a node of at least {@link #DENSE} of the rows reads the {@link Packed} groups, which load the
     * row index and the gradients once per group; a sparser node reads the byte columns again, whose
     * rows lie in the core's cache (a packed group is four times larger, and a sparse node's rows
     * would each miss it). The sums are the same, in the same order, whichever loop adds them.
     */
    static void build(byte[][] bins, Packed packed, int[] offsets, int[] rows, int start, int end, boolean inRowOrder, float[] g,
                      float[] h, double[] hist, float[] og, float[] oh) {
        int m = end - start;
        int n = bins.length == 0 ? 0 : bins[0].length;
        float[] gg = g, hh = h;
        if (!inRowOrder) {
            int chunks = (m + GATHER_CHUNK - 1) / GATHER_CHUNK;
            TreeThreads.forEach(chunks, c -> {
                for (int i = c * GATHER_CHUNK, e = Math.min(m, i + GATHER_CHUNK); i < e; i++) {
                    int r = rows[start + i];
                    og[i] = g[r];
                    if (h != null) oh[i] = h[r];
                }
            });
            gg = og;
            hh = h == null ? null : oh;
        }
        float[] fg = gg, fh = hh;
        int features = bins.length;
        boolean serial = (long) m * features < PARALLEL_WORK;
        if (!inRowOrder && (long) m * DENSE_SHARE >= n) {
            if (serial) for (int q = 0; q < packed.groups(); q++) group(packed, q, offsets, rows, start, m, fg, fh, hist);
            else TreeThreads.forEach(packed.groups(), q -> group(packed, q, offsets, rows, start, m, fg, fh, hist));
        } else {
            int[] r = inRowOrder ? null : rows;
            IntConsumer feature = f -> one(bins[f], r, start, m, fg, fh, hist, offsets[f]);
            if (serial) for (int f = 0; f < features; f++) feature.accept(f);
            else TreeThreads.forEach(features, feature);
        }
    }

    /** One feature's histogram from its byte column, the rows in order ({@code rows} null: the root) or through {@code rows}. */
    private static void one(byte[] col, int[] rows, int start, int m, float[] g, float[] h, double[] hist, int off) {
        if (rows == null) {
            if (h == null) for (int i = 0; i < m; i++) addG(hist, off + (col[i] & 0xFF), g[i]);
            else for (int i = 0; i < m; i++) addGH(hist, off + (col[i] & 0xFF), g[i], h[i]);
        } else if (h == null) {
            for (int i = 0; i < m; i++) addG(hist, off + (col[rows[start + i]] & 0xFF), g[i]);
        } else {
            for (int i = 0; i < m; i++) addGH(hist, off + (col[rows[start + i]] & 0xFF), g[i], h[i]);
        }
    }

    /** One group's histograms: the loops the boosting's time goes to, one per group size. */
    private static void group(Packed packed, int q, int[] offsets, int[] rows, int start, int m, float[] g, float[] h, double[] hist) {
        int[] p = packed.data()[q];
        int[] f = packed.features()[q];
        int o0 = offsets[f[0]];
        int o1 = f.length > 1 ? offsets[f[1]] : 0, o2 = f.length > 2 ? offsets[f[2]] : 0, o3 = f.length > 3 ? offsets[f[3]] : 0;
        if (h == null) {
            switch (f.length) {
                case 4 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                        addG(hist, o2 + (v >>> 16 & 0xFF), gi);
                        addG(hist, o3 + (v >>> 24), gi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                        addG(hist, o2 + (v >>> 16 & 0xFF), gi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) addG(hist, o0 + (p[rows[start + i]] & 0xFF), g[i]);
                }
            }
        } else {
            switch (f.length) {
                case 4 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(hist, o2 + (v >>> 16 & 0xFF), gi, hi);
                        addGH(hist, o3 + (v >>> 24), gi, hi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(hist, o2 + (v >>> 16 & 0xFF), gi, hi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) addGH(hist, o0 + (p[rows[start + i]] & 0xFF), g[i], h[i]);
                }
            }
        }
    }

    private static void addG(double[] hist, int bin, float g) {
        int at = bin << 2;
        hist[at] += g;
        hist[at + 2] += 1;
    }

    private static void addGH(double[] hist, int bin, float g, float h) {
        int at = bin << 2;
        hist[at] += g;
        hist[at + 1] += h;
        hist[at + 2] += 1;
    }

    /** {@code large = parent - small}: the sibling's histograms without a pass over its rows. */
    static void subtract(double[] parent, double[] small, double[] large) {
        for (int b = 0; b < large.length; b++) large[b] = parent[b] - small[b];
    }
}
