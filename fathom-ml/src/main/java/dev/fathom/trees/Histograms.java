package dev.fathom.trees;

/**
 * Gradient histograms, the hot loop of histogram boosting: for every feature, the sums of the
 * gradients (and hessians) and the row counts of a node's rows in each of the feature's bins.
 * Layout per node, feature {@code f}'s bins starting at {@code offsets[f]} (only as many as it has:
 * a 0/1 column takes 3): {@code gh[(offsets[f] + bin) · 2]} the gradient sum and {@code + 1} the
 * hessian sum, {@code count[offsets[f] + bin]} the rows. Features are spread over the CPU
 * threads; each writes only its own part, so the sums do not depend on the thread count.
 *
 * <pre>{@code
 * Histograms.build(bins, offsets, rows, start, end, g, h, gh, count, orderedG, orderedH);
 * Histograms.subtract(parentGh, parentCount, smallGh, smallCount, largeGh, largeCount);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    /** Below this many row-features a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 16;
    /** Rows per task of the gradients' gather. */
    private static final int GATHER_CHUNK = 1 << 15;

    private Histograms() {}

    /**
     * Sums rows {@code rows[start, end)} (all rows {@code 0..n-1} in order when {@code rows} is null)
     * into zeroed {@code gh} and {@code count}, for every feature. {@code h} is
     * null for a constant hessian (the counts stand for it). {@code og}, {@code oh} are scratch of
     * at least {@code end - start}: the node's gradients gathered in row order once for all features.
     */
    static void build(byte[][] bins, int[] offsets, int[] rows, int start, int end, float[] g, float[] h, double[] gh, int[] count,
                      float[] og, float[] oh) {
        int features = bins.length;
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
        if ((long) m * features < PARALLEL_WORK) {
            for (int f = 0; f < features; f++) one(bins[f], rows, start, m, fg, fh, gh, count, offsets[f]);
        } else {
            TreeThreads.forEach(features, f -> one(bins[f], rows, start, m, fg, fh, gh, count, offsets[f]));
        }
    }

    /** One feature's histogram: the loop the boosting's time goes to. */
    private static void one(byte[] col, int[] rows, int start, int m, float[] g, float[] h, double[] gh, int[] count, int off) {
        int ghOff = off * 2;
        if (rows == null) {
            if (h == null) {
                for (int i = 0; i < m; i++) {
                    int b = col[i] & 0xFF;
                    gh[ghOff + 2 * b] += g[i];
                    count[off + b]++;
                }
            } else {
                for (int i = 0; i < m; i++) {
                    int b = col[i] & 0xFF;
                    gh[ghOff + 2 * b] += g[i];
                    gh[ghOff + 2 * b + 1] += h[i];
                    count[off + b]++;
                }
            }
        } else if (h == null) {
            for (int i = 0; i < m; i++) {
                int b = col[rows[start + i]] & 0xFF;
                gh[ghOff + 2 * b] += g[i];
                count[off + b]++;
            }
        } else {
            for (int i = 0; i < m; i++) {
                int b = col[rows[start + i]] & 0xFF;
                gh[ghOff + 2 * b] += g[i];
                gh[ghOff + 2 * b + 1] += h[i];
                count[off + b]++;
            }
        }
    }

    /** {@code large = parent - small}: the sibling's histograms without a pass over its rows. */
    static void subtract(double[] parentGh, int[] parentCount, double[] smallGh, int[] smallCount, double[] largeGh, int[] largeCount) {
        for (int b = 0; b < largeCount.length; b++) largeCount[b] = parentCount[b] - smallCount[b];
        for (int b = 0; b < largeGh.length; b++) largeGh[b] = parentGh[b] - smallGh[b];
    }
}
