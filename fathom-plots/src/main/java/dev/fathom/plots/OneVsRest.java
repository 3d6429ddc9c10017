package dev.fathom.plots;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Splits a k-class problem into k binary ones for the curve plots. */
final class OneVsRest {
    private OneVsRest() {}

    /** For each class name, the 0/1 labels of "is this class"; checks the shapes and that every class occurs. */
    static Map<String, int[]> labels(int[] yTrue, double[] scores, List<String> classNames) {
        Objects.requireNonNull(yTrue, "yTrue");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(classNames, "classNames");
        int k = classNames.size();
        int n = yTrue.length;
        if (k < 2) throw new IllegalArgumentException("one-vs-rest needs at least 2 class names, got " + classNames);
        if (scores.length != (long) n * k) {
            throw new IllegalArgumentException("one-vs-rest: " + n + " labels and " + k + " classes need " + (long) n * k
                    + " scores (row-major [" + n + ", " + k + "]), got " + scores.length);
        }
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            if (yTrue[i] < 0 || yTrue[i] >= k) {
                throw new IllegalArgumentException("one-vs-rest: yTrue[" + i + "] = " + yTrue[i] + " is not a class index in [0, " + k
                        + ") of " + classNames);
            }
            counts[yTrue[i]]++;
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0 || counts[c] == n) {
                throw new IllegalArgumentException("one-vs-rest: class " + c + " ('" + classNames.get(c) + "') has " + counts[c]
                        + " of " + n + " samples; each class needs both positive and negative samples, e.g. a stratified split");
            }
            int[] binary = new int[n];
            for (int i = 0; i < n; i++) binary[i] = yTrue[i] == c ? 1 : 0;
            if (out.put(classNames.get(c), binary) != null) {
                throw new IllegalArgumentException("one-vs-rest: class name '" + classNames.get(c) + "' appears twice in " + classNames);
            }
        }
        return out;
    }

    /** Column {@code c} of row-major {@code [n, k]} scores. */
    static double[] column(double[] scores, int k, int c) {
        double[] col = new double[scores.length / k];
        for (int i = 0; i < col.length; i++) col[i] = scores[i * k + c];
        return col;
    }
}
