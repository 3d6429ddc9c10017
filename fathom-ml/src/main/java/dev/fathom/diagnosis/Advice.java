package dev.fathom.diagnosis;

import java.util.ArrayList;
import java.util.List;

/** What to try next for each rule of {@link Diagnoser}, as short phrases naming Fathom's API. */
final class Advice {
    private Advice() {}

    /** Which of {@link Diagnoser}'s rules decided the verdict. */
    enum Reason {
        NON_FINITE(Verdict.DIVERGED),
        TRAIN_ROSE(Verdict.DIVERGED),
        TOO_FEW_EPOCHS(Verdict.INCONCLUSIVE),
        VALIDATION_ROSE(Verdict.OVERFITTING),
        VALIDATION_STALLED(Verdict.OVERFITTING),
        POOR_SKILL(Verdict.UNDERFITTING),
        STILL_FALLING(Verdict.UNDERFITTING),
        NO_VALIDATION(Verdict.INCONCLUSIVE),
        GOOD(Verdict.GOOD_FIT);

        final Verdict verdict;

        Reason(Verdict verdict) {
            this.verdict = verdict;
        }
    }

    /**
     * The patience to suggest for EarlyStopping: about a sixth of the epochs run, 2 to 10, so noise
     * in a long run does not stop it and a short run still stops in time.
     */
    static int patience(int epochs) {
        return (int) Math.max(2, Math.min(10, Math.round(epochs * 0.15)));
    }

    static List<String> lines(Reason reason, CurveSummary loss) {
        List<String> a = new ArrayList<>();
        int e = loss.epochs();
        String stop = "EarlyStopping(\"val_loss\", " + patience(e) + ", true)";
        switch (reason) {
            case NON_FINITE, TRAIN_ROSE -> {
                a.add("a learning rate 10x lower");
                a.add("gradient clipping, e.g. new Adam(lr).clipNorm(1.0)");
                a.add("standardized inputs (a Normalization layer) checked for NaN and infinite values");
                if (reason == Reason.NON_FINITE) a.add("new TerminateOnNaN() to stop at the first NaN");
            }
            case TOO_FEW_EPOCHS -> {
                a.add("more epochs, e.g. Fit.epochs(" + Math.max(20, 10 * e) + ")"
                        + (loss.hasValidation() ? " with EarlyStopping(\"val_loss\", 5, true)" : ""));
                if (!loss.hasValidation()) a.add("validation data, e.g. Fit.validationSplit(0.2)");
            }
            case VALIDATION_ROSE, VALIDATION_STALLED -> {
                a.add(stop + " to keep epoch " + (loss.bestEpoch() + 1) + "'s weights");
                a.add("Dropout(0.3) after the hidden layers");
                a.add("L2 regularization, e.g. kernelRegularizer(Regularizer.l2(1e-4))");
                a.add("fewer units or layers");
                a.add("more training data, or augmentation (Fit.augment)");
            }
            case POOR_SKILL -> {
                a.add("more capacity: more units or layers");
                a.add("nonlinear activations such as \"relu\" between the Dense layers");
                a.add("less regularization and dropout, if any");
                a.add("standardized inputs (a Normalization layer)");
                a.add("a higher learning rate or more epochs");
            }
            case STILL_FALLING -> {
                a.add("more epochs, e.g. Fit.epochs(" + 2 * e + ")" + (loss.hasValidation() ? " with " + stop : ""));
                a.add("a higher learning rate, e.g. 3x");
                a.add("Adam if you use plain SGD");
            }
            case NO_VALIDATION -> {
                a.add("validation data, e.g. Fit.validationSplit(0.2) or Fit.validationData(xVal, yVal), then diagnose again");
            }
            case GOOD -> {
                a.add("keeping this setup; " + stop + " keeps the best epoch if you train longer");
                a.add("more capacity with Dropout or L2 regularization to hold the gap, if you need a better score");
            }
        }
        return a;
    }
}
