package dev.fathom.trees;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows one CART tree depth first, as scikit-learn's {@code DepthFirstTreeBuilder}: a node becomes
 * a leaf at {@code maxDepth}, below {@code minSamplesSplit} rows, when no split leaves
 * {@code minSamplesLeaf} rows on each side, or when it is pure; otherwise it takes the split of the
 * largest impurity decrease among {@code maxFeatures} features drawn at random (drawing on while
 * the drawn ones are constant in the node). The best splitter sorts the node's rows by each drawn
 * feature and tries every threshold midway between two distinct values; the random splitter (extra
 * trees) tries one threshold per feature, uniform between the node's smallest and largest value.
 *
 * <p>Rows carry weights (a bootstrap's draw counts); rows of weight 0 take no part.
 *
 * <pre>{@code
 * Tree t = new TreeBuilder(params, columns, labels, classes, null, 1, weights, new SplittableRandom(seed)).build();
 * }</pre>
 */
final class TreeBuilder {
    /** Values closer than this are not split apart (scikit-learn's FEATURE_THRESHOLD). */
    private static final double FEATURE_THRESHOLD = 1e-7;
    private static final double LN2 = Math.log(2);

    /** The settings a tree grows by. */
    record Params(Criterion criterion, int maxDepth, int minSamplesSplit, int minSamplesLeaf, int maxFeatures, boolean random) {}

    private final Params p;
    private final double[][] cols;
    private final int[] labels;        // classification, else null
    private final int classes;
    private final double[] targets;    // regression [n * outputs], else null
    private final int outputs;          // classes for classification, targets for regression
    private final double[] w;
    private final SplittableRandom rng;

    // the growing tree
    private int size;
    private int[] feature = new int[64];
    private double[] threshold = new double[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private double[] value;
    private double[] impurity = new double[64];
    private double[] weight = new double[64];

    // scratch for the split search
    private final int[] samples;
    private final double[] vals;
    private final int[] idx;
    private final double[] nodeStat;
    private final double[] leftStat;
    private final int[] featureOrder;

    TreeBuilder(Params p, double[][] cols, int[] labels, int classes, double[] targets, int outputs, double[] w, SplittableRandom rng) {
        this.p = p;
        this.cols = cols;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.outputs = labels != null ? classes : outputs;
        this.w = w;
        this.rng = rng;
        int n = w.length;
        int m = 0;
        for (double v : w) if (v > 0) m++;
        samples = new int[m];
        for (int i = 0, j = 0; i < n; i++) if (w[i] > 0) samples[j++] = i;
        vals = new double[m];
        idx = new int[m];
        nodeStat = new double[this.outputs + 1];
        leftStat = new double[this.outputs + 1];
        featureOrder = new int[cols.length];
        value = new double[64 * this.outputs];
    }

    Tree build() {
        // a stack of [start, end, depth, parent, isLeft]
        int[][] stack = new int[64][];
        int top = 0;
        stack[top++] = new int[] {0, samples.length, 0, -1, 0};
        while (top > 0) {
            int[] item = stack[--top];
            int start = item[0], end = item[1], depth = item[2];
            int node = addNode(item[3], item[4] == 1);
            double imp = stats(start, end, nodeStat);
            impurity[node] = imp;
            weight[node] = nodeStat[outputs];
            setValue(node);
            int rows = end - start;
            boolean leaf = depth >= p.maxDepth() || rows < p.minSamplesSplit() || rows < 2 * p.minSamplesLeaf() || imp <= 1e-12;
            if (!leaf) {
                Split s = p.random() ? randomSplit(start, end) : bestSplit(start, end);
                if (s != null) {
                    int mid = partition(start, end, s.feature, s.threshold);
                    feature[node] = s.feature;
                    threshold[node] = s.threshold;
                    if (top + 2 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                    stack[top++] = new int[] {mid, end, depth + 1, node, 0};
                    stack[top++] = new int[] {start, mid, depth + 1, node, 1};
                }
            }
        }
        return new Tree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size), Arrays.copyOf(left, size),
                Arrays.copyOf(right, size), Arrays.copyOf(value, size * outputs), outputs, Arrays.copyOf(impurity, size),
                Arrays.copyOf(weight, size));
    }

    private int addNode(int parent, boolean isLeft) {
        if (size == feature.length) {
            int cap = size * 2;
            feature = Arrays.copyOf(feature, cap);
            threshold = Arrays.copyOf(threshold, cap);
            left = Arrays.copyOf(left, cap);
            right = Arrays.copyOf(right, cap);
            impurity = Arrays.copyOf(impurity, cap);
            weight = Arrays.copyOf(weight, cap);
            value = Arrays.copyOf(value, cap * outputs);
        }
        int node = size++;
        feature[node] = -1;
        left[node] = -1;
        right[node] = -1;
        if (parent >= 0) {
            if (isLeft) left[parent] = node;
            else right[parent] = node;
        }
        return node;
    }

    /** A leaf's prediction: class probabilities, or each target's mean. */
    private void setValue(int node) {
        double total = nodeStat[outputs];
        for (int k = 0; k < outputs; k++) value[node * outputs + k] = nodeStat[k] / total;
    }

    /**
     * Fills {@code stat} with the node's weighted class counts (or target sums) and its total weight
     * at {@code [outputs]}, and returns its impurity.
     */
    private double stats(int start, int end, double[] stat) {
        Arrays.fill(stat, 0);
        double sq = 0;
        for (int i = start; i < end; i++) {
            int s = samples[i];
            double ws = w[s];
            stat[outputs] += ws;
            if (labels != null) {
                stat[labels[s]] += ws;
            } else {
                for (int k = 0; k < outputs; k++) {
                    double y = targets[s * outputs + k];
                    stat[k] += ws * y;
                    sq += ws * y * y;
                }
            }
        }
        return impurity(stat, sq);
    }

    /** The impurity of a node of statistics {@code stat} (and, for regression, weighted sum of squares {@code sq}). */
    private double impurity(double[] stat, double sq) {
        double total = stat[outputs];
        if (labels == null) {
            double v = sq / total;
            for (int k = 0; k < outputs; k++) v -= (stat[k] / total) * (stat[k] / total);
            return v / outputs;
        }
        double out = p.criterion() == Criterion.ENTROPY ? 0 : 1;
        for (int c = 0; c < classes; c++) {
            double q = stat[c] / total;
            if (p.criterion() == Criterion.ENTROPY) {
                if (q > 0) out -= q * Math.log(q) / LN2;
            } else {
                out -= q * q;
            }
        }
        return out;
    }

    private record Split(int feature, double threshold) {}

    /** The next feature of a fresh random order, drawn one at a time (Fisher-Yates). */
    private int drawFeature(int drawn) {
        int j = drawn + rng.nextInt(featureOrder.length - drawn);
        int t = featureOrder[drawn];
        featureOrder[drawn] = featureOrder[j];
        featureOrder[j] = t;
        return featureOrder[drawn];
    }

    private void resetFeatureOrder() {
        for (int j = 0; j < featureOrder.length; j++) featureOrder[j] = j;
    }

    /** The best split over up to maxFeatures non-constant features, or null. */
    private Split bestSplit(int start, int end) {
        int m = end - start;
        resetFeatureOrder();
        int useful = 0;
        Split best = null;
        double bestProxy = Double.NEGATIVE_INFINITY;
        double total = nodeStat[outputs];
        boolean entropy = p.criterion() == Criterion.ENTROPY;
        for (int drawn = 0; drawn < featureOrder.length && useful < p.maxFeatures(); drawn++) {
            int f = drawFeature(drawn);
            double[] col = cols[f];
            for (int i = 0; i < m; i++) {
                int s = samples[start + i];
                idx[i] = s;
                vals[i] = col[s];
            }
            Sorting.sort(vals, idx, 0, m);
            if (vals[m - 1] <= vals[0] + FEATURE_THRESHOLD) continue;
            useful++;
            Arrays.fill(leftStat, 0);
            // running terms of the proxy: Σ over outputs of (left stat)² and (right stat)², or Σ c·log c for entropy
            double leftTerm = 0, rightTerm = 0;
            if (labels != null) {
                for (int c = 0; c < classes; c++) rightTerm += entropy ? xlogx(nodeStat[c]) : nodeStat[c] * nodeStat[c];
            }
            for (int i = 0; i < m - 1; i++) {
                int s = idx[i];
                double ws = w[s];
                if (labels != null) {
                    int c = labels[s];
                    double l = leftStat[c], r = nodeStat[c] - l;
                    if (entropy) {
                        leftTerm += xlogx(l + ws) - xlogx(l);
                        rightTerm += xlogx(r - ws) - xlogx(r);
                    } else {
                        leftTerm += ws * (2 * l + ws);
                        rightTerm += ws * (ws - 2 * r);
                    }
                    leftStat[c] = l + ws;
                } else {
                    for (int k = 0; k < outputs; k++) leftStat[k] += ws * targets[s * outputs + k];
                }
                leftStat[outputs] += ws;
                if (vals[i + 1] <= vals[i] + FEATURE_THRESHOLD) continue;
                int nLeft = i + 1;
                if (nLeft < p.minSamplesLeaf() || m - nLeft < p.minSamplesLeaf()) continue;
                double wl = leftStat[outputs], wr = total - wl;
                double proxy;
                if (labels == null) {
                    double a = 0, b = 0;
                    for (int k = 0; k < outputs; k++) {
                        double sl = leftStat[k], sr = nodeStat[k] - sl;
                        a += sl * sl;
                        b += sr * sr;
                    }
                    proxy = a / wl + b / wr;
                } else if (entropy) {
                    // -(wl·H_l + wr·H_r)·ln2 = Σ c log c - w log w, on each side
                    proxy = leftTerm - xlogx(wl) + rightTerm - xlogx(wr);
                } else {
                    proxy = leftTerm / wl + rightTerm / wr;
                }
                if (proxy > bestProxy) {
                    bestProxy = proxy;
                    double t = vals[i] / 2 + vals[i + 1] / 2;
                    if (t == vals[i + 1] || Double.isInfinite(t)) t = vals[i];
                    best = new Split(f, t);
                }
            }
        }
        return best;
    }

    /** Extra trees: one uniform threshold per drawn feature; the best of those, or null. */
    private Split randomSplit(int start, int end) {
        resetFeatureOrder();
        int useful = 0;
        Split best = null;
        double bestProxy = Double.NEGATIVE_INFINITY;
        double total = nodeStat[outputs];
        for (int drawn = 0; drawn < featureOrder.length && useful < p.maxFeatures(); drawn++) {
            int f = drawFeature(drawn);
            double[] col = cols[f];
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = start; i < end; i++) {
                double v = col[samples[i]];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi <= lo + FEATURE_THRESHOLD) continue;
            useful++;
            double t = lo + (hi - lo) * rng.nextDouble();
            if (t >= hi) t = lo;
            Arrays.fill(leftStat, 0);
            int nLeft = 0;
            double sqLeft = 0;
            for (int i = start; i < end; i++) {
                int s = samples[i];
                if (col[s] > t) continue;
                nLeft++;
                double ws = w[s];
                leftStat[outputs] += ws;
                if (labels != null) leftStat[labels[s]] += ws;
                else for (int k = 0; k < outputs; k++) leftStat[k] += ws * targets[s * outputs + k];
            }
            if (nLeft < p.minSamplesLeaf() || (end - start) - nLeft < p.minSamplesLeaf()) continue;
            double wl = leftStat[outputs], wr = total - wl;
            double proxy = 0;
            if (labels != null && p.criterion() == Criterion.ENTROPY) {
                for (int c = 0; c < classes; c++) proxy += xlogx(leftStat[c]) + xlogx(nodeStat[c] - leftStat[c]);
                proxy -= xlogx(wl) + xlogx(wr);
            } else {
                double a = 0, b = 0;
                for (int k = 0; k < outputs; k++) {
                    double sl = leftStat[k], sr = nodeStat[k] - sl;
                    a += sl * sl;
                    b += sr * sr;
                }
                proxy = a / wl + b / wr;
            }
            if (proxy > bestProxy) {
                bestProxy = proxy;
                best = new Split(f, t);
            }
        }
        return best;
    }

    private static double xlogx(double v) {
        return v > 0 ? v * Math.log(v) : 0;
    }

    /** Puts the rows with {@code x[f] <= t} first; returns where the rest begin. */
    private int partition(int start, int end, int f, double t) {
        double[] col = cols[f];
        int i = start, j = end - 1;
        while (i <= j) {
            if (col[samples[i]] <= t) {
                i++;
            } else {
                int tmp = samples[i];
                samples[i] = samples[j];
                samples[j] = tmp;
                j--;
            }
        }
        return i;
    }
}
