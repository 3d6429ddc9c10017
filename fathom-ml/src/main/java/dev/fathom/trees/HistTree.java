package dev.fathom.trees;

/**
 * One fitted tree of histogram boosting, on binned features, as flat arrays with node 0 the root.
 * A numeric split sends bin {@code b} left when {@code b <= binThreshold[n]}, and the missing bin
 * where {@code missingLeft[n]} says (learned from the rows with missing values, or, when training
 * saw none, the side that had more rows); a categorical split sends the bins (categories) in its
 * 256-bit set {@code categories[4n .. 4n+3]} left, the missing bin included when it is in the set.
 * Leaves hold {@code value[n]}, the learning rate already applied. Children have larger indices
 * than their parent.
 *
 * <pre>{@code
 * raw[row] += tree.value[tree.leaf(bins, row, binner.missingBins)];
 * }</pre>
 */
final class HistTree {
    final int[] feature;
    final int[] binThreshold;
    final boolean[] missingLeft;
    final boolean[] categorical;
    final long[] categories;
    final int[] left;
    final int[] right;
    final double[] value;
    /** The gain of each split, for the importances (not saved). */
    final double[] gain;

    HistTree(int[] feature, int[] binThreshold, boolean[] missingLeft, boolean[] categorical, long[] categories, int[] left, int[] right,
             double[] value, double[] gain) {
        this.feature = feature;
        this.binThreshold = binThreshold;
        this.missingLeft = missingLeft;
        this.categorical = categorical;
        this.categories = categories;
        this.left = left;
        this.right = right;
        this.value = value;
        this.gain = gain;
    }

    int nodes() {
        return feature.length;
    }

    boolean goesLeft(int n, int bin, int missingBin) {
        // missingBin: that of the node's feature
        if (categorical[n]) return (categories[4 * n + (bin >>> 6)] >>> (bin & 63) & 1) != 0;
        return bin == missingBin ? missingLeft[n] : bin <= binThreshold[n];
    }

    /** The leaf that row {@code row} of binned features {@code bins [features][rows]} reaches; {@code missingBins} per feature. */
    int leaf(byte[][] bins, int row, int[] missingBins) {
        int n = 0;
        while (feature[n] >= 0) {
            int f = feature[n];
            n = goesLeft(n, bins[f][row] & 0xFF, missingBins[f]) ? left[n] : right[n];
        }
        return n;
    }

    /** A tree read from a file, checked whole (see {@link Tree#checked}). */
    static HistTree checked(int[] feature, int[] binThreshold, boolean[] missingLeft, boolean[] categorical, long[] categories,
                            int[] left, int[] right, double[] value, int features, String where) {
        int n = feature.length;
        if (n == 0 || binThreshold.length != n || missingLeft.length != n || categorical.length != n || categories.length != 4L * n
                || left.length != n || right.length != n || value.length != n) {
            throw new IllegalArgumentException(where + ": the node arrays disagree in length; the file is damaged or was edited");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(value[i])) throw new IllegalArgumentException(where + ": node " + i + " holds " + value[i]);
            if (feature[i] < 0) continue;
            if (feature[i] >= features || left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n
                    || binThreshold[i] < 0 || binThreshold[i] > 255) {
                throw new IllegalArgumentException(where + ": node " + i + " (feature " + feature[i] + ", children " + left[i] + " and "
                        + right[i] + ", bin " + binThreshold[i] + ") is not a valid split of a tree of " + n + " nodes on " + features
                        + " features; the file is damaged or was edited");
            }
        }
        return new HistTree(feature, binThreshold, missingLeft, categorical, categories, left, right, value, new double[n]);
    }
}
