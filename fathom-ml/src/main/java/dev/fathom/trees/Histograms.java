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
 * <p>Below the root, the bins are read from a {@link Packed} copy that holds up to four features' bins of a row in
 * one {@code int} (LightGBM's feature groups): one pass over a node's rows fills the histograms of
 * a whole group, so the row index, the gradient and the hessian are loaded once per group rather
 * than once per feature. Groups are spread over the CPU threads; each writes only its features'
 * part, and every feature's sums add the node's rows in the same order however the features are
 * grouped, so the sums do not depend on the thread count.
 *
 * <pre>{@code
 * Histograms.Packed packed = Histograms.pack(bins, TreeThreads.available());
 * Histograms.Buffers buffers = new Histograms.Buffers(packed, true);
 * double[] hist = new double[Histograms.STRIDE * offsets[features]];
 * Histograms.build(bins, packed, offsets, rows, start, end, false, g, h, hist, buffers);
 * Histograms.subtract(parent, small, large);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    /** Below this many row-features (some tens of microseconds) a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 14;
    /** Rows per task of the gradients' gather, and of a sparse node's, whose bins come too (a cache miss or two a row). */
    private static final int GATHER_CHUNK = 1 << 13, SPARSE_GATHER_CHUNK = 1 << 12;
    /** Slots per bin: the gradient sum, the hessian sum, the row count, and one unused (32 bytes). */
    static final int STRIDE = 4;
    /** The most features packed into one int per row. */
    static final int GROUP = 4;
    /** A node of fewer than 1/DENSE_SHARE of the rows has its bins gathered first (see {@link #build}). */
    private static final int DENSE_SHARE = 12;

    private Histograms() {}

    /**
     * The bins of each group of features: {@code data[group][row]} holds the bin of the group's
     * {@code k}-th feature {@code features[group][k]} in byte {@code k}; {@code byRow} holds the same
     * ints row by row, {@code byRow[row * groups + group]}, so that one row's bins lie together.
     */
    record Packed(int[][] data, int[][] features, int[] byRow) {
        int groups() {
            return data.length;
        }

        int rows() {
            return data.length == 0 ? 0 : data[0].length;
        }
    }

    /**
     * What {@link #build} writes before it sums, reused for every node of a fit: the node's
     * gradients and hessians in its row order, and a sparse node's bins in that order.
     */
    static final class Buffers {
        final float[] og;
        final float[] oh;
        final int[][] bins;

        /** Buffers for {@code packed}'s rows; {@code hessians} false for a constant hessian. */
        Buffers(Packed packed, boolean hessians) {
            int n = packed.rows();
            og = new float[n];
            oh = hessians ? new float[n] : null;
            bins = new int[packed.groups()][n / DENSE_SHARE + 1];
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
        int[] byRow = new int[groups * n];
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
        int chunks = (n + GATHER_CHUNK - 1) / GATHER_CHUNK;
        TreeThreads.forEach(chunks, c -> {
            for (int i = c * GATHER_CHUNK, e = Math.min(n, i + GATHER_CHUNK); i < e; i++) {
                for (int g = 0; g < groups; g++) byRow[i * groups + g] = data[g][i];
            }
        });
        return new Packed(data, features, byRow);
    }

    /**
     * Sums rows {@code rows[start, end)} into zeroed {@code hist}, for every feature. {@code h} is
     * null for a constant hessian (the counts stand for it). With {@code inRowOrder} the node is the
     * root: its rows are {@code 0..n-1} in order, and {@code g}, {@code h} and each feature's byte
     * column of {@code bins} ({@code [features][rows]}, which {@code packed} was made from) are
     * streamed as they are, a feature per item over the threads. Otherwise the node's gradients (and hessians) are first gathered into
     * {@code buffers} in its row order, once for all features, and how its bins are read depends
     * on the share of all rows it holds, for the memory it touches: a node of at least
     * 1/{@value #DENSE_SHARE} of the rows reads each packed group through its rows (they lie close
     * together, so the group's cache lines are mostly used whole); the bins of a sparser node are
     * gathered too, a row's groups from {@link Packed#byRow} in one or two cache lines (where its
     * groups apart would cost one cache miss each), and its groups are then read in order. The sums
     * are the same, in the same order, whichever loop adds them.
     */
    static void build(byte[][] bins, Packed packed, int[] offsets, int[] rows, int start, int end, boolean inRowOrder, float[] g, float[] h,
                      double[] hist, Buffers buffers) {
        int m = end - start;
        int n = packed.rows();
        int groups = packed.groups();
        int[][] f = packed.features();
        boolean sparse = !inRowOrder && (long) m * DENSE_SHARE < n;
        float[] gg = g, hh = h;
        if (!inRowOrder) {
            float[] og = buffers.og, oh = buffers.oh;
            int[][] sb = buffers.bins;
            int[] byRow = packed.byRow();
            int chunk = sparse ? SPARSE_GATHER_CHUNK : GATHER_CHUNK;
            int chunks = (m + chunk - 1) / chunk;
            TreeThreads.forEach(chunks, c -> {
                for (int i = c * chunk, e = Math.min(m, i + chunk); i < e; i++) {
                    int r = rows[start + i];
                    og[i] = g[r];
                    if (h != null) oh[i] = h[r];
                    if (sparse) for (int q = 0, at = r * groups; q < groups; q++) sb[q][i] = byRow[at + q];
                }
            });
            gg = og;
            hh = h == null ? null : oh;
        }
        float[] fg = gg, fh = hh;
        int[][] data = packed.data();
        boolean serial = (long) m * (offsets.length - 1) < PARALLEL_WORK;
        int items = inRowOrder ? bins.length : groups;
        IntConsumer item;
        if (inRowOrder) item = j -> column(bins[j], m, fg, fh, hist, offsets[j]);
        else if (sparse) item = q -> sequential(buffers.bins[q], m, f[q], offsets, fg, fh, hist);
        else item = q -> indexed(data[q], rows, start, m, f[q], offsets, fg, fh, hist);
        if (serial) for (int j = 0; j < items; j++) item.accept(j);
        else TreeThreads.forEach(items, item);
    }

    /** The root's histogram of one feature from its byte column: every row, in order. */
    private static void column(byte[] col, int m, float[] g, float[] h, double[] hist, int off) {
        if (h == null) for (int i = 0; i < m; i++) addG(hist, off + (col[i] & 0xFF), g[i]);
        else for (int i = 0; i < m; i++) addGH(hist, off + (col[i] & 0xFF), g[i], h[i]);
    }

    /** One group's histograms from bins laid out in the node's row order ({@code p[0, m)}). */
    private static void sequential(int[] p, int m, int[] f, int[] offsets, float[] g, float[] h, double[] hist) {
        int o0 = offsets[f[0]];
        int o1 = f.length > 1 ? offsets[f[1]] : 0, o2 = f.length > 2 ? offsets[f[2]] : 0, o3 = f.length > 3 ? offsets[f[3]] : 0;
        if (h == null) {
            switch (f.length) {
                case 4 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                        addG(hist, o2 + (v >>> 16 & 0xFF), gi);
                        addG(hist, o3 + (v >>> 24), gi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                        addG(hist, o2 + (v >>> 16 & 0xFF), gi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                        addG(hist, o1 + (v >>> 8 & 0xFF), gi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                    }
                }
            }
        } else {
            switch (f.length) {
                case 4 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(hist, o2 + (v >>> 16 & 0xFF), gi, hi);
                        addGH(hist, o3 + (v >>> 24), gi, hi);
                    }
                }
                case 3 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                        addGH(hist, o2 + (v >>> 16 & 0xFF), gi, hi);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                        addGH(hist, o1 + (v >>> 8 & 0xFF), gi, hi);
                    }
                }
                default -> {
                    for (int i = 0; i < m; i++) {
                        int v = p[i];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                    }
                }
            }
        }
    }

    /** One group's histograms from the packed bins of all rows, read through the node's rows {@code rows[start, start + m)}. */
    private static void indexed(int[] p, int[] rows, int start, int m, int[] f, int[] offsets, float[] g, float[] h, double[] hist) {
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
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i];
                        addG(hist, o0 + (v & 0xFF), gi);
                    }
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
                    for (int i = 0; i < m; i++) {
                        int v = p[rows[start + i]];
                        float gi = g[i], hi = h[i];
                        addGH(hist, o0 + (v & 0xFF), gi, hi);
                    }
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
