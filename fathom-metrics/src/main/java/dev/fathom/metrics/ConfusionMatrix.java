package dev.fathom.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Counts of (true class, predicted class) pairs: row i, column j holds how many samples of class
 * {@code labels[i]} were predicted as {@code labels[j]}. The labels are the sorted union of true
 * and predicted labels, as in scikit-learn, unless given.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1});
 * cm.count(2, 1);                                        // 1: one true 2 predicted as 1
 * System.out.println(cm.withNames(List.of("cat", "dog", "bird")));   // an aligned table
 * }</pre>
 */
public final class ConfusionMatrix {
    private final int[] labels;
    private final long[][] counts;
    private final List<String> names;

    private ConfusionMatrix(int[] labels, long[][] counts, List<String> names) {
        this.labels = labels;
        this.counts = counts;
        this.names = names;
    }

    /** The matrix of {@code yTrue} against {@code yPred} over the labels present in either. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        TreeSet<Integer> present = new TreeSet<>();
        for (int v : yTrue) present.add(v);
        for (int v : yPred) present.add(v);
        return of(yTrue, yPred, present.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The matrix over exactly {@code labels}, in that order; samples whose true or predicted label
     * is not among them are left out (as scikit-learn's {@code labels=} argument does).
     */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, int[] labels) {
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        if (labels.length == 0) throw new IllegalArgumentException("a confusion matrix needs at least one label");
        int max = Arrays.stream(labels).max().orElse(0);
        int min = Arrays.stream(labels).min().orElse(0);
        if (min < 0 || max > 1_000_000) throw new IllegalArgumentException("labels must be class indices in [0, 1000000]; got " + min + ".." + max);
        int[] index = new int[max + 1];
        Arrays.fill(index, -1);
        for (int i = 0; i < labels.length; i++) {
            if (index[labels[i]] >= 0) throw new IllegalArgumentException("label " + labels[i] + " is listed twice");
            index[labels[i]] = i;
        }
        long[][] counts = new long[labels.length][labels.length];
        for (int s = 0; s < yTrue.length; s++) {
            int t = yTrue[s];
            int p = yPred[s];
            if (t < 0 || p < 0) throw new IllegalArgumentException("labels must be class indices >= 0; sample " + s + " has true "
                    + t + " and predicted " + p);
            if (t <= max && p <= max && index[t] >= 0 && index[p] >= 0) counts[index[t]][index[p]]++;
        }
        return new ConfusionMatrix(labels.clone(), counts, null);
    }

    /** The same matrix printed with class names instead of label numbers, one name per label. */
    public ConfusionMatrix withNames(List<String> classNames) {
        if (classNames.size() != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels " + Arrays.toString(labels) + " need as many names, got "
                    + classNames.size() + " " + classNames);
        }
        return new ConfusionMatrix(labels, counts, List.copyOf(classNames));
    }

    /** The labels of the rows and columns, in order. */
    public int[] labels() {
        return labels.clone();
    }

    /** The number of classes. */
    public int size() {
        return labels.length;
    }

    /** Samples of the {@code row}-th label predicted as the {@code column}-th (positions, not label values). */
    public long count(int row, int column) {
        return counts[row][column];
    }

    /** A copy of all counts, [true][predicted]. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
        return c;
    }

    /** True positives of the class at position {@code i}. */
    public long truePositives(int i) {
        return counts[i][i];
    }

    /** Samples predicted as class {@code i} that are not. */
    public long falsePositives(int i) {
        long s = 0;
        for (int r = 0; r < counts.length; r++) if (r != i) s += counts[r][i];
        return s;
    }

    /** Samples of class {@code i} predicted as something else. */
    public long falseNegatives(int i) {
        long s = 0;
        for (int c = 0; c < counts.length; c++) if (c != i) s += counts[i][c];
        return s;
    }

    /** The number of true samples of class {@code i}. */
    public long support(int i) {
        return Arrays.stream(counts[i]).sum();
    }

    /** All samples counted. */
    public long total() {
        long s = 0;
        for (long[] row : counts) s += Arrays.stream(row).sum();
        return s;
    }

    /** The name of position {@code i}: its class name when given, else its label number. */
    public String name(int i) {
        return names != null ? names.get(i) : Integer.toString(labels[i]);
    }

    /**
     * An aligned table: one row per true class, one column per predicted class, with the totals of
     * each row, for printing.
     */
    @Override
    public String toString() {
        int k = labels.length;
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[k + 2];
        header[0] = "true \\ predicted";
        for (int j = 0; j < k; j++) header[j + 1] = name(j);
        header[k + 1] = "total";
        rows.add(header);
        for (int i = 0; i < k; i++) {
            String[] r = new String[k + 2];
            r[0] = name(i);
            for (int j = 0; j < k; j++) r[j + 1] = Long.toString(counts[i][j]);
            r[k + 1] = Long.toString(support(i));
            rows.add(r);
        }
        return Metrics.alignedTable(rows);
    }
}
