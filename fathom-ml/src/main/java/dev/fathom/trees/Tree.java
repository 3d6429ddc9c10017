package dev.fathom.trees;

import java.util.Arrays;

/**
 * One fitted CART tree as flat arrays, node 0 the root: an internal node sends a row to
 * {@code left[n]} when {@code x[feature[n]] <= threshold[n]}, else to {@code right[n]}; a leaf has
 * {@code feature[n] == -1} and its prediction in {@code value[n·outputs ..]} (class probabilities,
 * or the mean of each target). Children always have larger indices than their parent, so a walk
 * down ends, whatever a file holds.
 *
 * <pre>{@code
 * double[] p = tree.leafValue(tree.leaf(columns, row));
 * }</pre>
 */
final class Tree {
    final int[] feature;
    final double[] threshold;
    final int[] left;
    final int[] right;
    final double[] value;
    final int outputs;
    /** Impurity and weighted sample count per node: the importances' inputs (not saved). */
    final double[] impurity;
    final double[] weight;

    Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value, int outputs, double[] impurity, double[] weight) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.value = value;
        this.outputs = outputs;
        this.impurity = impurity;
        this.weight = weight;
    }

    int nodes() {
        return feature.length;
    }

    /** The leaf row {@code row} of the feature columns reaches. */
    int leaf(double[][] columns, int row) {
        int n = 0;
        while (feature[n] >= 0) n = columns[feature[n]][row] <= threshold[n] ? left[n] : right[n];
        return n;
    }

    /** Adds leaf {@code leaf}'s prediction to {@code out[offset ..]}. */
    void addValue(int leaf, double[] out, int offset) {
        int base = leaf * outputs;
        for (int k = 0; k < outputs; k++) out[offset + k] += value[base + k];
    }

    /** The depth of the deepest leaf (the root alone is depth 0). */
    int depth() {
        int[] d = new int[nodes()];
        int max = 0;
        for (int n = 0; n < nodes(); n++) {
            if (feature[n] < 0) continue;
            d[left[n]] = d[n] + 1;
            d[right[n]] = d[n] + 1;
            max = Math.max(max, d[n] + 1);
        }
        return max;
    }

    /** The decrease of weighted impurity each feature's splits bring, over the root's weight (scikit-learn's, before normalizing). */
    double[] importances(int features) {
        double[] out = new double[features];
        for (int n = 0; n < nodes(); n++) {
            if (feature[n] < 0) continue;
            out[feature[n]] += weight[n] * impurity[n] - weight[left[n]] * impurity[left[n]] - weight[right[n]] * impurity[right[n]];
        }
        for (int j = 0; j < features; j++) out[j] /= weight[0];
        return out;
    }

    /** {@code v} divided by its sum, or left as it is when that is 0 (a tree of one leaf). */
    static double[] normalized(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        double[] out = v.clone();
        if (s > 0) for (int i = 0; i < out.length; i++) out[i] /= s;
        return out;
    }

    /**
     * A tree read from a file, checked whole: the arrays agree in length, children lie after their
     * node and inside the tree, features inside {@code [0, features)}, thresholds and values finite.
     *
     * @throws IllegalArgumentException saying what is wrong, prefixed by {@code where}
     */
    static Tree checked(int[] feature, double[] threshold, int[] left, int[] right, double[] value, int outputs, int features,
                        String where) {
        int n = feature.length;
        if (n == 0 || threshold.length != n || left.length != n || right.length != n || value.length != (long) n * outputs) {
            throw new IllegalArgumentException(where + ": the node arrays disagree in length (" + n + " features, "
                    + threshold.length + " thresholds, " + left.length + " left, " + right.length + " right, " + value.length
                    + " values for " + outputs + " output(s)); the file is damaged or was edited");
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] < 0) continue;
            if (feature[i] >= features || left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n
                    || !Double.isFinite(threshold[i])) {
                throw new IllegalArgumentException(where + ": node " + i + " (feature " + feature[i] + ", children " + left[i]
                        + " and " + right[i] + ", threshold " + threshold[i] + ") is not a valid split of a tree of " + n
                        + " nodes on " + features + " features; the file is damaged or was edited");
            }
        }
        for (double v : value) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException(where + ": a leaf value is " + v + "; the file is damaged or was edited");
        }
        double[] zeros = new double[n];
        Arrays.fill(zeros, 0);
        return new Tree(feature, threshold, left, right, value, outputs, zeros, zeros);
    }
}
