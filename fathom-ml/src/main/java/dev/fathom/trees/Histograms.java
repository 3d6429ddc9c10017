package dev.fathom.trees;

/**
 * Gradient histograms, the hot loop of histogram boosting: for every feature, the sums of the
 * gradients (and hessians) and the row counts of a node's rows in each of the feature's bins.
 * Layout per node, feature {@code f}'s bins starting at {@code offsets[f]} (only as many as it has:
 * a 0/1 column takes 3): {@code gh[(offsets[f] + bin) · 2]} the gradient sum and {@code + 1} the
 * hessian sum, {@code count[offsets[f] + bin]} the rows.
 *
 * <p>The bins are read row-major ({@code binRows[row · features + f]}, one byte a feature): a
 * row's bins share a cache line, so a node deep in the tree, whose rows are scattered, costs one
 * miss a row rather than one a feature, and the updates of one feature's histogram are spaced by
 * the other features' (a column of few distinct bins no longer waits on its own last store).
 * The features are split into contiguous groups, one per CPU thread; every feature still sums its
 * rows in row order, so the sums do not depend on the thread count.
 *
 * <pre>{@code
 * Histograms.build(binRows, features, offsets, rows, start, end, g, h, gh, count, orderedG, orderedH);
 * Histograms.subtract(parentGh, parentCount, smallGh, smallCount, largeGh, largeCount);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    /** Below this many row-features a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 16;
    /** Rows per task of the gradients' gather. */
    private static final int GATHER_CHUNK = 1 << 15;

    private Histograms() {}

    /** The column-major bins {@code [features][rows]} as one row-major array {@code [rows · features]}. */
    static byte[] rowMajor(byte[][] bins, int n) {
        int features = bins.length;
        byte[] out = new byte[n * features];
        for (int f = 0; f < features; f++) {
            byte[] col = bins[f];
            for (int i = 0, at = f; i < n; i++, at += features) out[at] = col[i];
        }
        return out;
    }

    /**
     * Sums rows {@code rows[start, end)} (all rows {@code 0..n-1} in order when {@code rows} is null)
     * into zeroed {@code gh} and {@code count}, for every feature. {@code h} is
     * null for a constant hessian (the counts stand for it). {@code og}, {@code oh} are scratch of
     * at least {@code end - start}: the node's gradients gathered in row order once for all features.
     */
    static void build(byte[] binRows, int features, int[] offsets, int[] rows, int start, int end, float[] g, float[] h,
                      double[] gh, int[] count, float[] og, float[] oh) {
        int m = end - start;
        float[] gg = g, hh = h;
        if (rows != null) {
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
        int groups = (long) m * features < PARALLEL_WORK ? 1 : Math.min(TreeThreads.available(), features);
        if (groups <= 1) {
            range(binRows, features, 0, features, offsets, rows, start, m, fg, fh, gh, count);
        } else {
            TreeThreads.forEach(groups, k -> range(binRows, features, k * features / groups, (k + 1) * features / groups, offsets,
                    rows, start, m, fg, fh, gh, count));
        }
    }

    /** Features f0..f1-1's histograms, row by row: the loop the boosting's time goes to. */
    private static void range(byte[] binRows, int features, int f0, int f1, int[] offsets, int[] rows, int start, int m,
                              float[] g, float[] h, double[] gh, int[] count) {
        for (int i = 0; i < m; i++) {
            int base = (rows == null ? i : rows[start + i]) * features;
            double gi = g[i];
            if (h == null) {
                for (int f = f0; f < f1; f++) {
                    int at = offsets[f] + (binRows[base + f] & 0xFF);
                    gh[2 * at] += gi;
                    count[at]++;
                }
            } else {
                double hi = h[i];
                for (int f = f0; f < f1; f++) {
                    int at = offsets[f] + (binRows[base + f] & 0xFF);
                    gh[2 * at] += gi;
                    gh[2 * at + 1] += hi;
                    count[at]++;
                }
            }
        }
    }

    /** {@code large = parent - small}: the sibling's histograms without a pass over its rows. */
    static void subtract(double[] parentGh, int[] parentCount, double[] smallGh, int[] smallCount, double[] largeGh, int[] largeCount) {
        for (int b = 0; b < largeCount.length; b++) largeCount[b] = parentCount[b] - smallCount[b];
        for (int b = 0; b < largeGh.length; b++) largeGh[b] = parentGh[b] - smallGh[b];
    }
}
