package dev.fathom.trees;

import java.util.function.IntConsumer;

/**
 * Gradient histograms, the hot loop of histogram boosting: for every feature, the sums of the
 * gradients (and hessians) and the row counts of a node's rows in each of the feature's bins.
 * Layout per node, feature {@code f}'s bins starting at {@code offsets[f]} (only as many as it has:
 * a 0/1 column takes 3): {@code gh[(offsets[f] + bin) · 2]} the gradient sum and {@code + 1} the
 * hessian sum, {@code count[offsets[f] + bin]} the rows.
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
 * Histograms.build(bins, packed, offsets, rows, start, end, false, g, h, gh, count, orderedG, orderedH, null);
 * Histograms.subtract(parentGh, parentCount, smallGh, smallCount, largeGh, largeCount);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    /** Below this many row-features (some tens of microseconds) a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 14;
    /** Rows per task of the gradients' gather. */
    private static final int GATHER_CHUNK = 1 << 13;
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
     * Sums rows {@code rows[start, end)} into zeroed {@code gh} and {@code count}, for every
     * feature. {@code h} is null for a constant hessian (the counts stand for it). With
     * {@code inRowOrder} the node is the root: its rows are {@code 0..n-1} in order and {@code g},
     * {@code h} are read as they are; otherwise {@code og}, {@code oh} (scratch of at least
     * {@code end - start}) first receive the node's gradients gathered in row order, once for all features.
     * {@code rootCount}, when not null, holds the root's counts (the same for every tree of a fit:
     * all the rows), copied rather than counted again.
     *
     * <p>Which loop reads the bins is chosen by the share of all rows the node holds, for the
     * memory it touches: the root streams each byte column ({@code bins}, {@code [features][rows]});
     * a node of at least {@link #DENSE} of the rows reads the {@link Packed} groups, which load the
     * row index and the gradients once per group; a sparser node reads the byte columns again, whose
     * rows lie in the core's cache (a packed group is four times larger, and a sparse node's rows
     * would each miss it). The sums are the same, in the same order, whichever loop adds them.
     */
    static void build(byte[][] bins, Packed packed, int[] offsets, int[] rows, int start, int end, boolean inRowOrder, float[] g,
                      float[] h, double[] gh, int[] count, float[] og, float[] oh, int[] rootCount) {
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
            if (serial) for (int q = 0; q < packed.groups(); q++) group(packed, q, offsets, rows, start, m, fg, fh, gh, count);
            else TreeThreads.forEach(packed.groups(), q -> group(packed, q, offsets, rows, start, m, fg, fh, gh, count));
        } else {
            int[] r = inRowOrder ? null : rows;
            boolean counted = inRowOrder && rootCount != null;
            IntConsumer feature = f -> {
                if (counted) sums(bins[f], m, fg, fh, gh, offsets[f]);
                else one(bins[f], r, start, m, fg, fh, gh, count, offsets[f]);
            };
            if (serial) for (int f = 0; f < features; f++) feature.accept(f);
            else TreeThreads.forEach(features, feature);
            if (counted) System.arraycopy(rootCount, 0, count, 0, count.length);
        }
    }

    /** The root's gradient (and hessian) sums of one feature, its counts known. */
    private static void sums(byte[] col, int m, float[] g, float[] h, double[] gh, int off) {
        int o = 2 * off;
        if (h == null) {
            for (int i = 0; i < m; i++) gh[o + 2 * (col[i] & 0xFF)] += g[i];
        } else {
            for (int i = 0; i < m; i++) {
                int at = o + 2 * (col[i] & 0xFF);
                gh[at] += g[i];
                gh[at + 1] += h[i];
            }
        }
    }

    /** One feature's histogram from its byte column, the rows in order ({@code rows} null: the root) or through {@code rows}. */
    private static void one(byte[] col, int[] rows, int start, int m, float[] g, float[] h, double[] gh, int[] count, int off) {
        if (rows == null) {
            if (h == null) for (int i = 0; i < m; i++) addG(gh, count, off + (col[i] & 0xFF), g[i]);
            else for (int i = 0; i < m; i++) addGH(gh, count, off + (col[i] & 0xFF), g[i], h[i]);
        } else if (h == null) {
            for (int i = 0; i < m; i++) addG(gh, count, off + (col[rows[start + i]] & 0xFF), g[i]);
        } else {
            for (int i = 0; i < m; i++) addGH(gh, count, off + (col[rows[start + i]] & 0xFF), g[i], h[i]);
        }
    }

    /** One group's histograms: the loops the boosting's time goes to, one per group size. */
    private static void group(Packed packed, int q, int[] offsets, int[] rows, int start, int m, float[] g, float[] h, double[] gh,
                              int[] count) {
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
                        addG(gh, count, o0 + (v & 0xFF), gi);
                        addG(gh, count, o1 + (v >>> 8 & 0xFF), gi);
                        addG(gh, count, o2 + (v >>> 16 & 0xFF), gi);
                        addG(gh, count, o3 + (v >>> 24), gi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(gh, count, o0 + (v & 0xFF), gi);
                        addG(gh, count, o1 + (v >>> 8 & 0xFF), gi);
                        addG(gh, count, o2 + (v >>> 16 & 0xFF), gi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(gh, count, o0 + (v & 0xFF), gi);
                        addG(gh, count, o1 + (v >>> 8 & 0xFF), gi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) addG(gh, count, o0 + (p[rows[start + i]] & 0xFF), g[i]);
                }
            }
        } else {
            switch (f.length) {
                case 4 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(gh, count, o0 + (v & 0xFF), gi, hi);
                        addGH(gh, count, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(gh, count, o2 + (v >>> 16 & 0xFF), gi, hi);
                        addGH(gh, count, o3 + (v >>> 24), gi, hi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(gh, count, o0 + (v & 0xFF), gi, hi);
                        addGH(gh, count, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(gh, count, o2 + (v >>> 16 & 0xFF), gi, hi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(gh, count, o0 + (v & 0xFF), gi, hi);
                        addGH(gh, count, o1 + (v >>> 8 & 0xFF), gi, hi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) addGH(gh, count, o0 + (p[rows[start + i]] & 0xFF), g[i], h[i]);
                }
            }
        }
    }

    private static void addG(double[] gh, int[] count, int at, float g) {
        gh[2 * at] += g;
        count[at]++;
    }

    private static void addGH(double[] gh, int[] count, int at, float g, float h) {
        gh[2 * at] += g;
        gh[2 * at + 1] += h;
        count[at]++;
    }

    /** {@code large = parent - small}: the sibling's histograms without a pass over its rows. */
    static void subtract(double[] parentGh, int[] parentCount, double[] smallGh, int[] smallCount, double[] largeGh, int[] largeCount) {
        for (int b = 0; b < largeCount.length; b++) largeCount[b] = parentCount[b] - smallCount[b];
        for (int b = 0; b < largeGh.length; b++) largeGh[b] = parentGh[b] - smallGh[b];
    }
}
