package dev.fathom.datasets;

import java.util.Objects;

/**
 * A published result on a data set: what was measured, with which method, under which protocol,
 * and where it was published, so a model trained on the same data can be compared with it.
 * Each number is the one its source prints, at the precision printed there.
 *
 * <pre>{@code
 * for (ReferenceScore s : Datasets.load("iris").referenceScores()) {
 *     System.out.println(s);   // accuracy 0.98: SVC(kernel='linear', C=1); 5-fold stratified ... [scikit-learn ...]
 * }
 * ReferenceScore best = Datasets.load("wine").referenceScore("accuracy");   // the first accuracy listed
 * }</pre>
 *
 * @param metric   what was measured, in scikit-learn's words: {@code "accuracy"}, {@code "r2"},
 *                 {@code "mse"}, {@code "aic"}
 * @param value    the published number; accuracy as a fraction (0.975 for 97.5%)
 * @param method   the model, e.g. {@code "SVC(kernel='linear', C=1)"}
 * @param protocol how it was evaluated: the split or cross-validation and any preprocessing
 * @param source   where the number is published: paper, UCI page or documentation page, with its address
 */
public record ReferenceScore(String metric, double value, String method, String protocol, String source) {

    /** Checks that every part is given and the value is a finite number. */
    public ReferenceScore {
        requireText(metric, "metric");
        requireText(method, "method");
        requireText(protocol, "protocol");
        requireText(source, "source");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("ReferenceScore " + metric + " of " + method + ": value must be finite, got " + value);
        }
    }

    /** Whether a larger value is better: false for errors and information criteria (mse, mae, aic, bic). */
    public boolean higherIsBetter() {
        return switch (metric) {
            case "mse", "rmse", "mae", "aic", "bic", "log_loss" -> false;
            default -> true;
        };
    }

    /** E.g. {@code accuracy 0.98: SVC(kernel='linear', C=1); 5-fold stratified CV [scikit-learn User Guide ...]}. */
    @Override
    public String toString() {
        return metric + " " + value + ": " + method + "; " + protocol + " [" + source + "]";
    }

    private static void requireText(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isBlank()) throw new IllegalArgumentException("ReferenceScore: " + what + " must not be blank");
    }
}
