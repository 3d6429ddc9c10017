package dev.fathom.data.split;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class labels to stratify on, encoded as codes {@code 0..k-1} in order of first appearance (as
 * scikit-learn's StratifiedKFold encodes them), with each class's name for messages and where
 * they came from ("column 'species'", "labels").
 */
final class Labels {
    final int[] codes;
    final List<String> names;
    final String source;

    private Labels(int[] codes, List<String> names, String source) {
        this.codes = codes;
        this.names = names;
        this.source = source;
    }

    /** Labels given as integers. */
    static Labels of(int[] labels) {
        if (labels == null) throw new IllegalArgumentException("labels are null; pass one class label per sample");
        Map<Integer, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        int[] codes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            codes[i] = index.computeIfAbsent(labels[i], v -> {
                names.add(Integer.toString(v));
                return names.size() - 1;
            });
        }
        return new Labels(codes, names, "labels");
    }

    /**
     * Labels held in a tensor: class indices {@code [n]} or {@code [n, 1]} (int or whole floats), or
     * one-hot rows {@code [n, k]} (the class is the position of the largest value).
     */
    static Labels of(Tensor y) {
        if (y == null) throw new IllegalArgumentException("labels are null; pass one class label per sample");
        if (y.rank() == 2 && y.shape(1) > 1) return of(y.argmax(1).toIntArray());
        if (y.rank() != 1 && !(y.rank() == 2 && y.shape(1) == 1)) {
            throw new IllegalArgumentException("labels must have shape [n], [n, 1] or one-hot [n, classes]; got "
                    + Arrays.toString(y.shape()));
        }
        if (y.dtype() == DType.INT32) return of(y.toIntArray());
        double[] v = y.toDoubleArray();
        int[] asInt = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("label " + v[i] + " at row " + i + " is not a class index; stratify on"
                        + " class labels (whole numbers), not on a continuous target (bin it first)");
            }
            asInt[i] = (int) v[i];
        }
        return of(asInt);
    }

    /** The values of a table column as labels; a missing value is an error naming its row. */
    static Labels of(Table table, String column) {
        Column c = table.column(column);
        String source = "column '" + column + "'";
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        int[] codes = new int[c.size()];
        for (int r = 0; r < codes.length; r++) {
            if (c.isMissing(r)) {
                throw new IllegalArgumentException("cannot stratify by " + source + ": row " + r + " has no value ("
                        + c.missingCount() + " rows are missing); drop or impute those rows first");
            }
            String key = c instanceof CategoricalColumn cat ? cat.get(r) : c.text(r);
            codes[r] = index.computeIfAbsent(key, k -> {
                names.add(k);
                return names.size() - 1;
            });
        }
        return new Labels(codes, names, source);
    }

    /** The number of samples. */
    int size() {
        return codes.length;
    }

    /** The number of classes. */
    int classes() {
        return names.size();
    }

    /** How many samples each class has. */
    int[] counts() {
        int[] counts = new int[names.size()];
        for (int c : codes) counts[c]++;
        return counts;
    }

    /** The rows of each class, ascending. */
    int[][] members() {
        int[] counts = counts();
        int[][] members = new int[counts.length][];
        for (int k = 0; k < counts.length; k++) members[k] = new int[counts[k]];
        int[] fill = new int[counts.length];
        for (int i = 0; i < codes.length; i++) members[codes[i]][fill[codes[i]]++] = i;
        return members;
    }

    /** The first row of class {@code k}, for messages. */
    int firstRow(int k) {
        for (int i = 0; i < codes.length; i++) if (codes[i] == k) return i;
        return -1;
    }

    /** Checks that there is one label per sample. */
    Labels checkSize(String op, int samples) {
        if (codes.length != samples) {
            throw new IllegalArgumentException(op + ": got " + codes.length + " labels for " + samples
                    + " samples; pass one label per sample, in the same order");
        }
        return this;
    }
}
