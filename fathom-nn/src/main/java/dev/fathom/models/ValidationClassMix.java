package dev.fathom.models;

import dev.fathom.backend.DType;
import dev.fathom.data.batch.Batch;
import dev.fathom.data.batch.BatchSource;
import dev.fathom.data.batch.TensorSource;
import dev.fathom.losses.BinaryCrossentropy;
import dev.fathom.losses.CategoricalCrossentropy;
import dev.fathom.losses.Loss;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Checks that {@code Fit.validationSplit}'s held-out samples (the last ones, unshuffled, as in
 * Keras) have about the training samples' mix of classes. Data sorted by class breaks this
 * silently: the last fifth of iris is all one class, which training never sees, and val_accuracy is
 * 0.0. A split is suspect when a class is in validation only, when a class's count there is
 * {@value #Z} or more standard deviations from what a random split of these samples would give
 * (the hypergeometric spread, so that an ordinary random split is not flagged), or when a class is
 * missing from validation that a random split would leave out less than once in 10,000; then every
 * class {@value #NAMED_Z} or more standard deviations off is named.
 *
 * <p>Only classification losses are checked (class indices for
 * {@link SparseCategoricalCrossentropy}, one-hot rows for {@link CategoricalCrossentropy}, 0/1 for
 * {@link BinaryCrossentropy}), on data in memory ({@link TensorSource}); a streamed source is not
 * read twice for it.
 */
final class ValidationClassMix {
    /** Standard deviations from a random split's count that make a class's count in validation suspect. */
    static final double Z = 4;
    /** A class missing from validation is suspect when a random split would leave it out less often than this. */
    static final double MISSING_CHANCE = 1e-4;
    /** Once the split is suspect, classes this many standard deviations off are named too. */
    static final double NAMED_Z = 2;
    /** Classes named one by one in each part of the warning; more are counted. */
    private static final int NAMED = 5;

    private ValidationClassMix() {}

    /**
     * The warning for a split of {@code training} and {@code validation}, or null when their class
     * mixes agree (or they are not class labels this can read).
     *
     * @param fraction the {@code validationSplit} fraction, for the message
     */
    static String check(Loss loss, BatchSource training, BatchSource validation, double fraction) {
        if (!(training instanceof TensorSource) || !(validation instanceof TensorSource)) return null;
        int[] train = classes(loss, training);
        int[] val = classes(loss, validation);
        if (train == null || val == null) return null;
        int k = 0;
        for (int c : train) k = Math.max(k, c + 1);
        for (int c : val) k = Math.max(k, c + 1);
        long[] nt = new long[k];
        long[] nv = new long[k];
        for (int c : train) nt[c]++;
        for (int c : val) nv[c]++;
        int n = train.length + val.length;
        int m = val.length;
        // Flagged when a class is in validation only, or its count there is one a random split almost never gives;
        // then every class whose count is off by 2 standard deviations or more is named, for the whole picture.
        boolean flagged = false;
        double[] z = new double[k];
        for (int c = 0; c < k; c++) {
            if (nt[c] + nv[c] == 0) continue;
            double p = (nt[c] + nv[c]) / (double) n;
            double sd = Math.sqrt(m * p * (1 - p) * (n - m) / (double) (n - 1));
            z[c] = sd > 0 ? (nv[c] - m * p) / sd : 0;
            flagged |= nt[c] == 0 || Math.abs(z[c]) >= Z || (nv[c] == 0 && logChanceMissing(nt[c], n, m) < Math.log(MISSING_CHANCE));
        }
        if (!flagged) return null;
        List<String> only = new ArrayList<>(), missing = new ArrayList<>(), over = new ArrayList<>(), under = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (nt[c] + nv[c] == 0) continue;
            if (nt[c] == 0) {
                only.add("class " + c + " (" + nv[c] + ")");
                continue;
            }
            if (Math.abs(z[c]) < NAMED_Z) continue;
            String shares = String.format(Locale.ROOT, "%s of validation, %s of training", percent(nv[c], m), percent(nt[c], train.length));
            if (nv[c] == 0) missing.add("class " + c + " (" + nt[c] + " in training)");
            else if (z[c] > 0) over.add("class " + c + " (" + shares + ")");
            else under.add("class " + c + " (" + shares + ")");
        }
        if (only.isEmpty() && missing.isEmpty() && over.isEmpty() && under.isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        if (!only.isEmpty()) parts.add("in validation only, never trained on: " + list(only));
        if (!missing.isEmpty()) parts.add("missing from validation: " + list(missing));
        if (!over.isEmpty()) parts.add("over-represented in validation: " + list(over));
        if (!under.isEmpty()) parts.add("under-represented in validation: " + list(under));
        return String.format(Locale.ROOT, "fit: validationSplit(%s) holds out the last %d of %d samples, unshuffled, and their classes"
                        + " differ from the training samples' (the data looks sorted by class): %s. Shuffle the samples before fit, or"
                        + " validate on a stratified split: Split s = Splits.trainTest(x, %s, seed).stratifiedBy(y); model.fit(s.train(x),"
                        + " s.train(y), fit.validationData(s.test(x), s.test(y)))", trim(fraction), m, n, String.join("; ", parts),
                trim(fraction));
    }

    /** Each sample's class, or null when the loss is not a classification loss or the targets are not classes. */
    private static int[] classes(Loss loss, BatchSource source) {
        boolean sparse = loss instanceof SparseCategoricalCrossentropy;
        boolean oneHot = loss instanceof CategoricalCrossentropy;
        boolean binary = loss instanceof BinaryCrossentropy;
        if (!sparse && !oneHot && !binary) return null;
        int[] shape = source.targetShape();
        int width = shape.length == 0 ? 1 : shape.length == 1 ? shape[0] : -1;
        if (width < 1 || (!oneHot && width != 1) || (oneHot && width < 2)) return null;
        int[] out = new int[source.size()];
        int at = 0;
        for (Iterator<Batch> it = source.batches(4096, null); it.hasNext(); ) {
            Tensor y = it.next().targets();
            double[] v = y.asType(DType.FLOAT64).toDoubleArray();
            int rows = y.shape(0);
            for (int r = 0; r < rows; r++) {
                int c;
                if (oneHot) {
                    c = 0;
                    for (int j = 1; j < width; j++) if (v[r * width + j] > v[r * width + c]) c = j;
                } else {
                    double t = v[r];
                    if (t != Math.rint(t) || t < 0 || (binary && t > 1) || t > 1e6) return null;   // not class indices
                    c = (int) t;
                }
                out[at++] = c;
            }
        }
        return at == out.length ? out : null;
    }

    /** The log of the chance that a random {@code m} of {@code n} samples hold none of a class's {@code count}. */
    private static double logChanceMissing(long count, int n, int m) {
        double log = 0;
        for (int i = 0; i < m; i++) log += Math.log((n - count - i) / (double) (n - i));
        return Double.isNaN(log) ? Double.NEGATIVE_INFINITY : log;
    }

    private static String list(List<String> items) {
        if (items.size() <= NAMED) return String.join(", ", items);
        return String.join(", ", items.subList(0, NAMED)) + " and " + (items.size() - NAMED) + " more";
    }

    private static String percent(long count, long of) {
        double p = 100.0 * count / of;
        return (p > 0 && p < 1 ? String.format(Locale.ROOT, "%.1f", p) : String.format(Locale.ROOT, "%.0f", p)) + "%";
    }

    private static String trim(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
