package dev.fathom.trees;

/**
 * Gradient histograms, the hot loop of histogram boosting: for every feature, the sums of the
 * gradients (and hessians) and the row counts of a node's rows in each of the feature's 256 bins.
 * Layout per node: {@code gh[(feature · 256 + bin) · 2]} the gradient sum and {@code + 1} the
 * hessian sum, {@code count[feature · 256 + bin]} the rows. Features are spread over the CPU
 * threads; each writes only its own part, so the sums do not depend on the thread count.
 *
 * <pre>{@code
 * Histograms.build(bins, rows, start, end, g, h, gh, count, orderedG, orderedH, features);
 * Histograms.subtract(parentGh, parentCount, smallGh, smallCount, largeGh, largeCount);   // the sibling, for free
 * }</pre>
 */
final class Histograms {
    static final int BINS = 256;
    /** Below this many row-features a node's histograms are built on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 16;

    private Histograms() {}

    /**
     * Sums rows {@code rows[start, end)} (all rows {@code 0..n-1} in order when {@code rows} is null)
     * into zeroed {@code gh} and {@code count}, for the features in {@code features}. {@code h} is
     * null for a constant hessian (the counts stand for it). {@code og}, {@code oh} are scratch of
     * at least {@code end - start}: the node's gradients gathered in row order once for all features.
     */
    static void build(byte[][] bins, int[] rows, int start, int end, float[] g, float[] h, double[] gh, int[] count,
                      float[] og, float[] oh, int[] features) {
        int m = end - start;
        float[] gg = g, hh = h;
        if (rows != null) {
            for (int i = 0; i < m; i++) og[i] = g[rows[start + i]];
            if (h != null) for (int i = 0; i < m; i++) oh[i] = h[rows[start + i]];
            gg = og;
            hh = h == null ? null : oh;
        }
        float[] fg = gg, fh = hh;
        if ((long) m * features.length < PARALLEL_WORK) {
            for (int f : features) one(bins[f], rows, start, m, fg, fh, gh, count, f * BINS);
        } else {
            TreeThreads.forEach(features.length, k -> one(bins[features[k]], rows, start, m, fg, fh, gh, count, features[k] * BINS));
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

    /** {@code large = parent - small}, for the features in {@code features}: the sibling's histograms without a pass over its rows. */
    static void subtract(double[] parentGh, int[] parentCount, double[] smallGh, int[] smallCount, double[] largeGh, int[] largeCount,
                         int[] features) {
        for (int f : features) {
            int off = f * BINS;
            for (int b = off; b < off + BINS; b++) largeCount[b] = parentCount[b] - smallCount[b];
            for (int b = 2 * off; b < 2 * (off + BINS); b++) largeGh[b] = parentGh[b] - smallGh[b];
        }
    }
}
