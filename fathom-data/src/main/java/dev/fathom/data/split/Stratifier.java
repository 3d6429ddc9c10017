package dev.fathom.data.split;

import dev.fathom.tensor.Generator;

/**
 * Decides how many samples of each class go to each part of a stratified split. Each part gets
 * its size times the class's share, rounded so that the sizes add up (the largest remainders are
 * rounded up, ties broken at random, as scikit-learn's {@code _approximate_mode}), with one
 * refinement: every class with enough members gets at least one sample in every part, so a small
 * class is never missing from the test set.
 */
final class Stratifier {
    private Stratifier() {}

    /**
     * {@code result[k][p]}: the samples of class {@code k} that part {@code p} gets. Parts are
     * filled in order; the last takes whatever remains, so {@code sizes} lists all but the last.
     *
     * @param names the parts' names for messages, one more than {@code sizes} (the last is the rest)
     * @param fractions the fractions the user gave for the parts in {@code sizes}, for messages
     */
    static int[][] allocate(String op, Labels labels, int[] sizes, String[] names, String[] fractions, Generator g) {
        int[] counts = labels.counts();
        int classes = counts.length;
        for (int k = 0; k < classes; k++) {
            if (counts[k] < 2) {
                throw new IllegalArgumentException(op + ": cannot stratify by " + labels.source + ": class '"
                        + labels.names.get(k) + "' has only " + counts[k] + " sample (row " + labels.firstRow(k)
                        + "), so it cannot be in both the training and the " + names[0] + " set; every class needs at"
                        + " least 2 samples. Drop or merge the rare classes, or split without stratification");
            }
        }
        int parts = sizes.length + 1;
        int[][] result = new int[classes][parts];
        int[] remaining = counts.clone();
        long left = labels.size();
        // A fixed random rank per class breaks ties between equal remainders without favouring the first classes.
        int[] rank = new int[classes];
        for (int k = 0; k < classes; k++) rank[k] = k;
        g.shuffle(rank);
        for (int p = 0; p < sizes.length; p++) {
            int partsLeft = parts - p;
            int[] lo = new int[classes];
            int[] hi = new int[classes];
            double[] ideal = new double[classes];
            int[] take = new int[classes];
            long sumLo = 0;
            long sumHi = 0;
            long sum = 0;
            for (int k = 0; k < classes; k++) {
                int r = remaining[k];
                // Keep one sample back for each later part when the class has enough; otherwise later parts come first.
                lo[k] = r >= partsLeft ? 1 : 0;
                hi[k] = r - Math.min(r, partsLeft - 1);
                ideal[k] = (double) r * sizes[p] / left;
                take[k] = Math.clamp((long) Math.floor(ideal[k]), lo[k], hi[k]);
                sumLo += lo[k];
                sumHi += hi[k];
                sum += take[k];
            }
            if (sumLo > sizes[p]) {
                throw new IllegalArgumentException(op + ": the " + names[p] + " set of " + sizes[p] + " sample"
                        + (sizes[p] == 1 ? "" : "s") + " (" + fractions[p] + ") cannot hold one sample of each of the "
                        + sumLo + " classes of " + labels.source + "; raise the fraction so that it holds at least "
                        + sumLo + " samples, or stratify on fewer classes");
            }
            if (sumHi < sizes[p]) {
                throw new IllegalArgumentException(op + ": after a " + names[p] + " set of " + sizes[p] + " samples ("
                        + fractions[p] + "), too few samples remain to keep one of each of the " + classes
                        + " classes of " + labels.source + " for the " + names[parts - 1] + " set; lower the fraction");
            }
            while (sum < sizes[p]) {
                int best = -1;
                for (int k = 0; k < classes; k++) {
                    if (take[k] < hi[k] && (best < 0 || better(ideal[k] - take[k], rank[k], ideal[best] - take[best], rank[best]))) best = k;
                }
                take[best]++;
                sum++;
            }
            while (sum > sizes[p]) {
                int best = -1;
                for (int k = 0; k < classes; k++) {
                    if (take[k] > lo[k] && (best < 0 || better(take[k] - ideal[k], rank[k], take[best] - ideal[best], rank[best]))) best = k;
                }
                take[best]--;
                sum--;
            }
            for (int k = 0; k < classes; k++) {
                result[k][p] = take[k];
                remaining[k] -= take[k];
            }
            left -= sizes[p];
        }
        for (int k = 0; k < classes; k++) result[k][parts - 1] = remaining[k];
        return result;
    }

    /** Whether a candidate with this shortfall (or excess) and tie rank beats the best so far. */
    private static boolean better(double gap, int rank, double bestGap, int bestRank) {
        // Remainders that differ only by rounding are ties.
        if (Math.abs(gap - bestGap) > 1e-9) return gap > bestGap;
        return rank < bestRank;
    }
}
