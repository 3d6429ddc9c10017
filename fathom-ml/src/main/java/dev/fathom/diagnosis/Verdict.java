package dev.fathom.diagnosis;

/**
 * What the learning curves say about a trained model: the headline of a {@link Diagnosis}.
 *
 * <pre>{@code
 * Diagnosis d = Diagnosis.of(model.fit(x, y, Fit.epochs(30).validationSplit(0.2)));
 * if (d.verdict() == Verdict.OVERFITTING) System.out.println(d.advice());
 * }</pre>
 */
public enum Verdict {
    /** The model has not learned what the data can teach: scores near a baseline, or loss still falling steeply. */
    UNDERFITTING("Underfitting"),
    /** Validation stopped improving while training went on improving: the model learns its training samples. */
    OVERFITTING("Overfitting"),
    /** Validation reached its best near the end, training has settled, and both beat the baseline. */
    GOOD_FIT("Good fit"),
    /** The training (or validation) loss became NaN or infinite, or rose far above its best. */
    DIVERGED("Diverged"),
    /** Too little to judge: fewer than three epochs, or no validation data to check overfitting against. */
    INCONCLUSIVE("Inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The verdict as it starts a sentence, e.g. {@code "Good fit"}. */
    public String label() {
        return label;
    }
}
