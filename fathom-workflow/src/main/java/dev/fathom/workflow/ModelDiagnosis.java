package dev.fathom.workflow;

import dev.fathom.diagnosis.Diagnosis;
import dev.fathom.diagnosis.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * Whether the final model over- or underfits, with the numbers behind the verdict and what to try
 * next. For a network it is the {@link Diagnosis} of its learning curves; for other models it
 * compares the training score with the cross-validated one and with the dummy's (see
 * {@link #fromScores}).
 *
 * @param verdict  over-, underfitting, good fit, ...
 * @param findings the numbers behind the verdict, one sentence each
 * @param advice   what to try next
 * @param curves   the learning-curve diagnosis of the network behind the final model, or null
 */
public record ModelDiagnosis(Verdict verdict, List<String> findings, List<String> advice, Diagnosis curves) {
    /** A training score this much above the cross-validated one means the model learnt its rows by heart. */
    public static final double OVERFIT_GAP = 0.05;
    /** A cross-validated score less than this share of the way from the dummy's to a perfect one means underfitting. */
    public static final double MIN_SKILL = 0.2;

    /** Checks every part is given. */
    public ModelDiagnosis {
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        advice = List.copyOf(advice);
    }

    /** The diagnosis of a network's learning curves. */
    static ModelDiagnosis fromCurves(Diagnosis d) {
        return new ModelDiagnosis(d.verdict(), d.findings(), d.advice(), d);
    }

    /**
     * The diagnosis of a model without learning curves, from its score on its own training rows,
     * its cross-validated score and the dummy's: overfitting when the training score is at least
     * {@link #OVERFIT_GAP} higher than the cross-validated one; underfitting when the
     * cross-validated score is less than {@link #MIN_SKILL} of the way from the dummy's to 1.
     */
    static ModelDiagnosis fromScores(String scoring, double train, double cv, double dummy) {
        String numbers = String.format(java.util.Locale.ROOT, "%s %.4f on its own training rows, %.4f cross-validated, %.4f for the dummy",
                scoring, train, cv, dummy);
        double skill = dummy >= 1 ? 1 : (cv - dummy) / (1 - dummy);
        if (skill < MIN_SKILL) {
            return new ModelDiagnosis(Verdict.UNDERFITTING, List.of(numbers, String.format(java.util.Locale.ROOT,
                    "it closes only %.0f%% of the gap between the dummy and a perfect score", 100 * skill)),
                    List.of("try a model with more capacity (a larger network, fewer neighbours, less regularization)",
                            "engineer features that carry more information about the target",
                            "check the target is predictable from these columns at all"), null);
        }
        if (train - cv >= OVERFIT_GAP) {
            return new ModelDiagnosis(Verdict.OVERFITTING, List.of(numbers, String.format(java.util.Locale.ROOT,
                    "the training score is %.4f above the cross-validated one: the model fits rows it has seen much better than new ones",
                    train - cv)), List.of("regularize more (smaller C, more neighbours, dropout, weight decay)", "collect more rows",
                    "drop features that carry noise"), null);
        }
        return new ModelDiagnosis(Verdict.GOOD_FIT, List.of(numbers, String.format(java.util.Locale.ROOT,
                "the training score is within %.2f of the cross-validated one, and well above the dummy's", OVERFIT_GAP)),
                List.of("more data or better features are the ways to improve further"), null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(verdict.label()).append(':');
        for (String f : findings) sb.append(' ').append(sentence(f));
        if (!advice.isEmpty()) sb.append(" Try: ").append(String.join("; ", advice.stream().map(a -> a.replaceAll("[.\\s]+$", "")).toList())).append('.');
        return sb.toString();
    }

    /** {@code text} ending with exactly one full stop. */
    private static String sentence(String text) {
        String t = text.strip().replaceAll("[.;\\s]+$", "");
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1) + ".";
    }
}
