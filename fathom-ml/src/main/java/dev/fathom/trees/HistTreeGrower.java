package dev.fathom.trees;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Grows one tree of histogram boosting leaf by leaf, as scikit-learn's {@code TreeGrower} and
 * LightGBM: the leaf whose best split gains the most is split next, until {@code maxLeafNodes}
 * leaves, {@code maxDepth}, or no split gains. A split's gain is
 * {@code G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ)} from the node's gradient histograms; each side
 * must keep {@code minSamplesLeaf} rows and a hessian of at least 10⁻³. Only the smaller child's
 * histograms are built from its rows; the larger one's are the parent's minus the smaller's.
 *
 * <p>Numeric features are scanned twice when training had missing values: with them on the
 * right, then on the left, and the better side is learned. Categorical features use the
 * sorted-gradient method: the categories with enough support (hessian ≥ 10) sorted by
 * {@code G/(H + 10)}, and the best prefix of that order (from either end, up to the middle) sent
 * left; the others, and the categories of less support, go right.
 *
 * <pre>{@code
 * HistTreeGrower.Grown grown = new HistTreeGrower(params, bins, packed, binner, hasMissing, g, h, rng, scratch).grow();
 * }</pre>
 */
final class HistTreeGrower {
    static final double MIN_HESSIAN = 1e-3;
    static final int MIN_CAT_SUPPORT = 10;

    /** The growth settings; {@code maxDepth} counts edges from the root. */
    record Params(int maxLeafNodes, int maxDepth, int minSamplesLeaf, double l2, double learningRate, double featureFraction) {}

    /**
     * Arrays that every tree of a fit reuses: the rows in node order, partition buffers, the
     * histograms' buffers, and the histogram arrays of finished nodes.
     */
    static final class Scratch {
        final int[] rows;
        final int[] tmp;
        final int[] tmp2;
        final Histograms.Buffers buffers;
        /** Histogram arrays of finished nodes, to be reused (all of one size: that of the fit's features). */
        final ArrayDeque<double[]> free = new ArrayDeque<>();

        Scratch(Histograms.Packed packed, boolean hessians) {
            int n = packed.rows();
            rows = new int[n];
            tmp = new int[n];
            tmp2 = new int[n];
            buffers = new Histograms.Buffers(packed, hessians);
        }
    }

    /** The tree and, for each leaf (node index), the slice of {@link #rows} that reached it. */
    record Grown(HistTree tree, int[] rows, int[] leafNode, int[] leafStart, int[] leafEnd) {}

    private static final class Node {
        final int id;
        final int start, end, depth, count;
        final double sumG, sumH;
        /** The node's histograms ({@link Histograms}' layout) while it may still be split. */
        double[] hist;
        /** The best split found; null when none gains. */
        Split split;
        Node left, right;

        Node(int id, int start, int end, int depth, int count, double sumG, double sumH) {
            this.id = id;
            this.start = start;
            this.end = end;
            this.depth = depth;
            this.count = count;
            this.sumG = sumG;
            this.sumH = sumH;
        }
    }

    private final Params p;
    private final byte[][] bins;
    private final Histograms.Packed packed;
    private final Binner binner;
    private final boolean[] hasMissing;
    private final float[] g;
    private final float[] h;    // null: a constant hessian of 1
    private final SplittableRandom rng;
    private final int n;
    private final int[] rows;
    private final int[] tmp;
    private final int[] tmp2;
    private final Scratch scratch;
    private final int[] allFeatures;
    private final int[] offsets;
    private final List<Node> nodes = new ArrayList<>();

    HistTreeGrower(Params p, byte[][] bins, Histograms.Packed packed, Binner binner, boolean[] hasMissing, float[] g, float[] h,
                   SplittableRandom rng, Scratch scratch) {
        this.p = p;
        this.bins = bins;
        this.packed = packed;
        this.binner = binner;
        this.hasMissing = hasMissing;
        this.g = g;
        this.h = h;
        this.rng = rng;
        this.n = g.length;
        rows = scratch.rows;
        for (int i = 0; i < n; i++) rows[i] = i;
        tmp = scratch.tmp;
        tmp2 = scratch.tmp2;
        this.scratch = scratch;
        offsets = binner.offsets;
        allFeatures = new int[bins.length];
        for (int f = 0; f < allFeatures.length; f++) allFeatures[f] = f;
    }

    Grown grow() {
        double sg = sum(g, n);
        double sh = h == null ? n : sum(h, n);
        Node root = newNode(0, n, 0, n, sg, sh);
        PriorityQueue<Node> heap = new PriorityQueue<>((a, b) -> a.split.gain != b.split.gain ? Double.compare(b.split.gain, a.split.gain)
                : Integer.compare(a.id, b.id));
        if (splittable(root)) {
            histograms(root, true);
            findSplits(root);
            if (root.split != null) heap.add(root);
            else release(root);
        }
        int leaves = 1;
        while (!heap.isEmpty() && leaves < p.maxLeafNodes()) {
            Node node = heap.poll();
            split(node);
            leaves++;
            Node l = node.left, r = node.right;
            // the last leaf made: no node will be split again, so no histograms (scikit-learn's finalize)
            boolean more = leaves < p.maxLeafNodes();
            boolean ls = more && splittable(l), rs = more && splittable(r);
            if (ls || rs) {
                Node small = l.count < r.count ? l : r, large = small == l ? r : l;   // ties as scikit-learn: the right one is built
                histograms(small, false);
                if (splittable(large)) {
                    large.hist = take(false);
                    Histograms.subtract(node.hist, small.hist, large.hist);
                }
                Node[] both = ls && rs ? new Node[] {l, r} : new Node[] {ls ? l : r};
                findSplits(both);
                for (Node c : both) {
                    if (c.split != null) heap.add(c);
                    else release(c);
                }
                if (!splittable(small)) release(small);
            }
            release(node);   // the parent's histograms are no longer needed
        }
        for (Node leaf : heap) release(leaf);
        return finish();
    }

    /**
     * The first {@code n} values' sum in float64, in order. A loop of its own: inside {@link #grow} it made C2
     * compile grow on stack (OSR) with all that follows it inlined (two or three compiles of 76-110 kB of machine
     * code in a run of `fathom train digits`).
     */
    private static double sum(float[] v, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) total += v[i];
        return total;
    }

    private Node newNode(int start, int end, int depth, int count, double sumG, double sumH) {
        Node node = new Node(nodes.size(), start, end, depth, count, sumG, sumH);
        nodes.add(node);
        return node;
    }

    private boolean splittable(Node node) {
        return node.depth < p.maxDepth() && node.count >= 2 * p.minSamplesLeaf();
    }

    private void histograms(Node node, boolean root) {
        node.hist = take(true);
        Histograms.build(bins, packed, offsets, rows, node.start, node.end, root, g, h, node.hist, scratch.buffers);
    }

    /** A histogram array from the pool (or a new one), zeroed when asked. */
    private double[] take(boolean zeroed) {
        double[] hist = scratch.free.poll();
        if (hist == null) return new double[Histograms.STRIDE * offsets[bins.length]];
        if (zeroed) Arrays.fill(hist, 0);
        return hist;
    }

    /** Gives a node's histograms back to the pool. */
    private void release(Node node) {
        if (node.hist != null) scratch.free.push(node.hist);
        node.hist = null;
    }

    private int count(Node node, int bin) {
        return (int) node.hist[Histograms.STRIDE * bin + 2];
    }

    private double grad(Node node, int bin) {
        return node.hist[Histograms.STRIDE * bin];
    }

    private int[] candidateFeatures() {
        int f = bins.length;
        int k = Math.max(1, Math.min(f, (int) (p.featureFraction() * f)));
        if (k == f) return allFeatures;
        int[] order = allFeatures.clone();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(f - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] out = Arrays.copyOf(order, k);
        Arrays.sort(out);
        return out;
    }

    /** The best split found on one feature (feature -1: none gains). */
    private static final class Split {
        double gain;
        int feature = -1;
        int binThreshold;
        boolean missingLeft;
        boolean categorical;
        long[] bits;
        double leftG, leftH;
        int leftCount;
    }

    /**
     * Finds each node's best split, the features of all the nodes spread over the threads (one
     * item a feature of a node). Each feature's best is its first split of the largest gain, and a
     * node takes the first feature's best of the largest gain: the split a scan of the features in
     * order would keep, whatever the threads. Candidate features are drawn node by node, in order.
     */
    private void findSplits(Node... nodes) {
        int k = nodes.length;
        int[][] candidates = new int[k][];
        double[] parents = new double[k];
        int[] first = new int[k + 1];
        for (int c = 0; c < k; c++) {
            Node node = nodes[c];
            parents[c] = node.sumG * value(node.sumG, node.sumH);
            candidates[c] = candidateFeatures();
            first[c + 1] = first[c] + candidates[c].length;
        }
        Split[] found = new Split[first[k]];
        TreeThreads.forEach(found.length, i -> {
            int c = 0;
            while (i >= first[c + 1]) c++;
            int f = candidates[c][i - first[c]];
            Split best = new Split();
            if (binner.categorical[f]) categoricalSplit(nodes[c], f, parents[c], best);
            else numericSplit(nodes[c], f, parents[c], best);
            found[i] = best;
        });
        for (int c = 0; c < k; c++) {
            Split chosen = null;
            for (int i = first[c]; i < first[c + 1]; i++) {
                Split best = found[i];
                if (best.feature >= 0 && best.gain > (chosen == null ? 0 : chosen.gain)) chosen = best;
            }
            nodes[c].split = chosen;
        }
    }

    private double hess(Node node, int at) {
        return node.hist[Histograms.STRIDE * at + (h == null ? 2 : 1)];
    }

    private void numericSplit(Node node, int f, double parent, Split best) {
        int off = offsets[f];
        int nb = binner.nonMissingBins(f);
        boolean miss = hasMissing[f];
        int minLeaf = p.minSamplesLeaf();
        // missing values (when any) on the right
        double lg = 0, lh = 0;
        int lc = 0;
        int end = nb - 1 + (miss ? 1 : 0);
        for (int b = 0; b < end; b++) {
            lc += count(node, off + b);
            lg += grad(node, off + b);
            lh += hess(node, off + b);
            int rc = node.count - lc;
            if (lc < minLeaf) continue;
            if (rc < minLeaf) break;
            double rh = node.sumH - lh;
            if (lh < MIN_HESSIAN) continue;
            if (rh < MIN_HESSIAN) break;
            double rg = node.sumG - lg;
            double gain = gain(parent, lg, lh, rg, rh);
            if (gain > best.gain) record(best, gain, f, b, !miss && lc > rc, lg, lh, lc);
        }
        if (!miss) return;
        // missing values on the left
        double rg = 0, rh = 0;
        int rc = 0;
        for (int b = nb - 2; b >= 0; b--) {
            rc += count(node, off + b + 1);
            rg += grad(node, off + b + 1);
            rh += hess(node, off + b + 1);
            int lcc = node.count - rc;
            if (rc < minLeaf) continue;
            if (lcc < minLeaf) break;
            double lhh = node.sumH - rh;
            if (rh < MIN_HESSIAN) continue;
            if (lhh < MIN_HESSIAN) break;
            double lgg = node.sumG - rg;
            double gain = gain(parent, lgg, lhh, rg, rh);
            if (gain > best.gain) record(best, gain, f, b, true, lgg, lhh, lcc);
        }
    }

    /** A node's value before shrinkage, {@code -G/(H + λ)}, computed as scikit-learn does (so equal gains tie alike). */
    private double value(double g, double h) {
        return -g / (h + p.l2() + 1e-15);
    }

    /** The loss decrease of a split, {@code G·v - G_L·v_L - G_R·v_R}: {@code G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ)}. */
    private double gain(double parentLoss, double lg, double lh, double rg, double rh) {
        double gain = parentLoss;
        gain -= lg * value(lg, lh);
        gain -= rg * value(rg, rh);
        return gain;
    }

    private static void record(Split best, double gain, int f, int bin, boolean missingLeft, double lg, double lh, int lc) {
        best.gain = gain;
        best.feature = f;
        best.binThreshold = bin;
        best.missingLeft = missingLeft;
        best.categorical = false;
        best.bits = null;
        best.leftG = lg;
        best.leftH = lh;
        best.leftCount = lc;
    }

    private void categoricalSplit(Node node, int f, double parent, Split best) {
        int off = offsets[f];
        int nb = binner.nonMissingBins(f);
        if (!(node.sumH > 0)) return;
        double support = node.count / node.sumH;
        int[] used = new int[nb + 1];
        int k = 0;
        for (int b = 0; b < nb; b++) if (hess(node, off + b) * support >= MIN_CAT_SUPPORT) used[k++] = b;
        int missing = binner.missingBin(f);
        if (hasMissing[f] && hess(node, off + missing) * support >= MIN_CAT_SUPPORT) used[k++] = missing;
        if (k <= 1) return;
        Integer[] order = new Integer[k];
        double[] key = new double[missing + 1];
        for (int i = 0; i < k; i++) {
            int b = used[i];
            order[i] = b;
            key[b] = grad(node, off + b) / (hess(node, off + b) + MIN_CAT_SUPPORT);
        }
        Arrays.sort(order, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        int minLeaf = p.minSamplesLeaf();
        int bestDirection = 0, bestLength = 0;
        double lgBest = 0, lhBest = 0;
        int lcBest = 0;
        for (int direction = 1; direction >= -1; direction -= 2) {
            // up to the middle: low-support categories always go right, with at least half of the others
            int most = direction == 1 ? (k + 1) / 2 : (k + 1) / 2 - 1;
            double lg = 0, lh = 0;
            int lc = 0;
            for (int i = 0; i < most; i++) {
                int b = order[direction == 1 ? i : k - 1 - i];
                lc += count(node, off + b);
                lg += grad(node, off + b);
                lh += hess(node, off + b);
                int rc = node.count - lc;
                if (lc < minLeaf || lh < MIN_HESSIAN) continue;
                double rh = node.sumH - lh;
                if (rc < minLeaf || rh < MIN_HESSIAN) break;
                double rg = node.sumG - lg;
                double gain = gain(parent, lg, lh, rg, rh);
                if (gain > best.gain) {
                    best.gain = gain;
                    bestDirection = direction;
                    bestLength = i + 1;
                    lgBest = lg;
                    lhBest = lh;
                    lcBest = lc;
                }
            }
        }
        if (bestDirection == 0) return;
        long[] bits = new long[4];
        for (int i = 0; i < bestLength; i++) {
            int b = order[bestDirection == 1 ? i : k - 1 - i];
            bits[b >>> 6] |= 1L << (b & 63);
        }
        best.feature = f;
        best.binThreshold = 0;
        best.categorical = true;
        best.bits = bits;
        best.missingLeft = (bits[missing >>> 6] >>> (missing & 63) & 1) != 0;
        best.leftG = lgBest;
        best.leftH = lhBest;
        best.leftCount = lcBest;
    }

    private boolean goesLeft(Split s, int bin) {
        if (s.categorical) return (s.bits[bin >>> 6] >>> (bin & 63) & 1) != 0;
        return bin == binner.missingBin(s.feature) ? s.missingLeft : bin <= s.binThreshold;
    }

    /** Rows per task of a split's partition. */
    private static final int SPLIT_CHUNK = 1 << 14;

    /**
     * Moves the node's rows that go left to the front of its slice, keeping their order, and makes
     * its children. Where each bin goes is looked up in a table, and every row is written to both
     * buffers with only the right cursor advanced: no branch to mispredict on a coin-flip split.
     * A large node is partitioned in chunks over the threads (each chunk's left and right rows into
     * buffers of their own, then every chunk's part to its place), which gives the same order.
     */
    private void split(Node node) {
        Split best = node.split;
        byte[] col = bins[best.feature];
        int[] left = new int[256];
        int nb = binner.missingBin(best.feature) + 1;
        for (int b = 0; b < nb; b++) left[b] = goesLeft(best, b) ? 1 : 0;
        int k;
        int chunks = node.count / SPLIT_CHUNK;
        if (chunks < 2 || TreeThreads.available() < 2) {
            k = node.start;
            int t = 0;
            for (int i = node.start; i < node.end; i++) {
                int r = rows[i];
                int l = left[col[r] & 0xFF];
                rows[k] = r;
                tmp[t] = r;
                k += l;
                t += 1 - l;
            }
            System.arraycopy(tmp, 0, rows, k, t);
        } else {
            int start = node.start, end = node.end;
            int[] lefts = new int[chunks];
            TreeThreads.forEach(chunks, c -> {
                int s = start + c * SPLIT_CHUNK, e = c == chunks - 1 ? end : s + SPLIT_CHUNK;
                int kl = s, kr = s;
                for (int i = s; i < e; i++) {
                    int r = rows[i];
                    int l = left[col[r] & 0xFF];
                    tmp[kl] = r;
                    tmp2[kr] = r;
                    kl += l;
                    kr += 1 - l;
                }
                lefts[c] = kl - s;
            });
            int[] leftAt = new int[chunks], rightAt = new int[chunks];
            int totalLeft = 0;
            for (int c = 0; c < chunks; c++) totalLeft += lefts[c];
            for (int c = 0, l = start, r = start + totalLeft; c < chunks; c++) {
                int s = start + c * SPLIT_CHUNK, e = c == chunks - 1 ? end : s + SPLIT_CHUNK;
                leftAt[c] = l;
                rightAt[c] = r;
                l += lefts[c];
                r += e - s - lefts[c];
            }
            TreeThreads.forEach(chunks, c -> {
                int s = start + c * SPLIT_CHUNK, e = c == chunks - 1 ? end : s + SPLIT_CHUNK;
                System.arraycopy(tmp, s, rows, leftAt[c], lefts[c]);
                System.arraycopy(tmp2, s, rows, rightAt[c], e - s - lefts[c]);
            });
            k = start + totalLeft;
        }
        node.left = newNode(node.start, k, node.depth + 1, k - node.start, best.leftG, best.leftH);
        node.right = newNode(k, node.end, node.depth + 1, node.end - k, node.sumG - best.leftG, node.sumH - best.leftH);
    }

    private Grown finish() {
        int m = nodes.size();
        int[] feature = new int[m], thr = new int[m], left = new int[m], right = new int[m];
        boolean[] missingLeft = new boolean[m], categorical = new boolean[m];
        long[] categories = new long[4 * m];
        double[] value = new double[m], gain = new double[m];
        List<Node> leaves = new ArrayList<>();
        for (Node node : nodes) {
            int i = node.id;
            value[i] = p.learningRate() * value(node.sumG, node.sumH);
            if (node.left == null) {
                feature[i] = -1;
                left[i] = right[i] = -1;
                leaves.add(node);
                continue;
            }
            Split s = node.split;
            feature[i] = s.feature;
            thr[i] = s.binThreshold;
            missingLeft[i] = s.missingLeft;
            categorical[i] = s.categorical;
            if (s.bits != null) System.arraycopy(s.bits, 0, categories, 4 * i, 4);
            left[i] = node.left.id;
            right[i] = node.right.id;
            gain[i] = s.gain;
        }
        int[] leafNode = new int[leaves.size()], leafStart = new int[leaves.size()], leafEnd = new int[leaves.size()];
        for (int j = 0; j < leaves.size(); j++) {
            leafNode[j] = leaves.get(j).id;
            leafStart[j] = leaves.get(j).start;
            leafEnd[j] = leaves.get(j).end;
        }
        return new Grown(new HistTree(feature, thr, missingLeft, categorical, categories, left, right, value, gain), rows,
                leafNode, leafStart, leafEnd);
    }
}
