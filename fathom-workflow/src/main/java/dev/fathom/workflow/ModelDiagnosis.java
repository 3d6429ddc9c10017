package dev.fathom.workflow;

import dev.fathom.diagnosis.Diagnosis;
import dev.fathom.diagnosis.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the final model over- or underfits, with the numbers behind the verdict and what to try
 * next in the knobs of its own family. For a network it is the {@link Diagnosis} of its learning
 * curves (see {@code Diagnoser} for the rules), with its scores beside it; for other models (and
 * ensembles) it weighs the score on its own training rows against the cross-validated one and the
 * dummy's (see {@link #fromScores}).
 *
 * @param verdict  over-, underfitting, good fit, ...
 * @param findings the numbers behind the verdict, one sentence each
 * @param advice   what to try next, in the terms of the model's family
 * @param curves   the learning-curve diagnosis of the network behind the final model, or null
 */
public record ModelDiagnosis(Verdict verdict, List<String> findings, List<String> advice, Diagnosis curves) {
    /**
     * A training score this share of the range from the dummy's score to a perfect one above the
     * cross-validated score means the model fits rows it has seen much better than new ones.
     */
    public static final double OVERFIT_SHARE = 0.1;
    /** A cross-validated score less than this share of the way from the dummy's to a perfect one means underfitting. */
    public static final double MIN_SKILL = 0.2;
    /** A gap between the training and the cross-validated score smaller than this is not worth a sentence. */
    static final double NOTABLE_GAP = 0.02;

    /** Checks every part is given. */
    public ModelDiagnosis {
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        advice = List.copyOf(advice);
    }

    /**
     * The scores a verdict is weighed against.
     *
     * @param scoring the metric the models were compared by (higher is better, at most 1: accuracy, balanced accuracy, R²)
     * @param train   the final model's score on its own training rows
     * @param cv      its mean cross-validated score
     * @param dummy   the dummy's cross-validated score (the floor)
     * @param test    its score on the untouched test split, NaN when there is none
     */
    record Scores(String scoring, double train, double cv, double dummy, double test) {
        /** How far the cross-validated score is from the dummy's towards a perfect one: 0 no better than the dummy, 1 perfect. */
        double skill(double score) {
            return dummy >= 1 ? 1 : (score - dummy) / (1 - dummy);
        }

        /** The training score's lead over the cross-validated one, as a share of the range from the dummy to a perfect score. */
        double gapShare() {
            return (train - cv) / Math.max(1 - dummy, 1e-12);
        }

        String sentence() {
            return String.format(Locale.ROOT, "%s %.4f on its own training rows, %.4f cross-validated, %.4f for the dummy", scoring, train,
                    cv, dummy) + (Double.isFinite(test) ? String.format(Locale.ROOT, ", %.4f on the untouched test split", test) : "");
        }
    }

    /**
     * The diagnosis of a network's learning curves, with its scores as a finding and the advice of
     * its family for an over- or underfitting verdict or a good fit. fathom train's networks stop
     * early on val_loss and restore the weights of its lowest epoch, which the findings say when
     * validation rose after it.
     */
    static ModelDiagnosis fromCurves(Diagnosis d, Algorithm.Family family, Scores scores) {
        List<String> findings = new ArrayList<>(d.findings());
        boolean restored = d.bestEpoch() >= 0 && d.bestEpoch() < d.loss().epochs() - 1;
        if (restored) {
            findings.add("the saved weights are those of epoch " + (d.bestEpoch() + 1) + ", the lowest " + d.loss().validationName()
                    + ": training stops early and restores them");
        }
        if (scores != null) findings.add(scores.sentence());
        Verdict verdict = d.verdict();
        // The curves overfit after the best epoch, but the model kept is that epoch's: when its
        // scores agree (the gap below OVERFIT_SHARE), early stopping did its job and the kept model
        // is a good fit; calling it overfitting beside a test score that matches would be false.
        if (verdict == Verdict.OVERFITTING && restored && scores != null && scores.gapShare() < OVERFIT_SHARE) {
            verdict = Verdict.GOOD_FIT;
            findings.add(String.format(Locale.ROOT, "the overfitting came after the epoch kept: the kept weights score %.4f above the"
                    + " cross-validated %s on their own training rows, %.0f%% of the range from the dummy's score to a perfect one"
                    + " (%.0f%% counts as overfitting)", scores.train() - scores.cv(), scores.scoring(), 100 * scores.gapShare(),
                    100 * OVERFIT_SHARE));
        }
        List<String> advice = switch (verdict) {
            case OVERFITTING, UNDERFITTING, GOOD_FIT -> FamilyAdvice.of(family, verdict, true, true);
            default -> d.advice();
        };
        return new ModelDiagnosis(verdict, findings, advice, d);
    }

    /**
     * The diagnosis of a model without learning curves, from its score on its own training rows,
     * its cross-validated score and the dummy's, with the advice of its family. Scores run from
     * the dummy's (skill 0) to a perfect 1 (skill 1); the gap is the training score's lead over the
     * cross-validated one as a share of that range. In order:
     * <ol>
     * <li>the dummy itself is the final model: underfitting, nothing beat knowing nothing;</li>
     * <li>overfitting when the gap is at least {@link #OVERFIT_SHARE} of the range (a model that
     *     learns its training rows by heart, whatever its cross-validated skill), except for a
     *     random forest, whose deep trees always do;</li>
     * <li>underfitting when the cross-validated skill is below {@link #MIN_SKILL};</li>
     * <li>else a good fit, naming a gap of at least {@value #NOTABLE_GAP} as small.</li>
     * </ol>
     */
    static ModelDiagnosis fromScores(Algorithm.Family family, boolean classification, Scores s) {
        List<String> findings = new ArrayList<>(List.of(s.sentence()));
        double gap = s.train() - s.cv();
        Verdict verdict;
        if (family == Algorithm.Family.DUMMY) {
            verdict = Verdict.UNDERFITTING;
            findings.add("the final model is the dummy: no model predicted new rows better than knowing nothing");
        } else if (s.gapShare() >= OVERFIT_SHARE && family != Algorithm.Family.FOREST) {
            verdict = Verdict.OVERFITTING;
            findings.add(String.format(Locale.ROOT, "the training score is %.4f above the cross-validated one, %.0f%% of the range from"
                    + " the dummy's score to a perfect one: the model fits rows it has seen much better than new ones", gap,
                    100 * s.gapShare()));
        } else if (s.skill(s.cv()) < MIN_SKILL) {
            verdict = Verdict.UNDERFITTING;
            findings.add(String.format(Locale.ROOT, "it closes only %.0f%% of the gap between the dummy and a perfect score, on its"
                    + " training rows as on new ones", 100 * s.skill(s.cv())));
        } else if (family == Algorithm.Family.FOREST && s.gapShare() >= OVERFIT_SHARE) {
            // Each tree of a forest grows until its leaves are pure: near-perfect training scores are its design, not a symptom.
            verdict = Verdict.GOOD_FIT;
            findings.add(String.format(Locale.ROOT, "the training score is %.4f above the cross-validated one, as for any random forest:"
                    + " its deep trees fit the rows they have seen by design, so its cross-validated score is the one to judge", gap));
        } else {
            verdict = Verdict.GOOD_FIT;
            findings.add(gap >= NOTABLE_GAP
                    ? String.format(Locale.ROOT, "the training score is %.4f above the cross-validated one, only %.0f%% of the range from"
                    + " the dummy's score to a perfect one (%.0f%% counts as overfitting), and well above the dummy's", gap,
                    100 * s.gapShare(), 100 * OVERFIT_SHARE)
                    : String.format(Locale.ROOT, "the training score is within %.2f of the cross-validated one, and well above the"
                    + " dummy's", NOTABLE_GAP));
        }
        return new ModelDiagnosis(verdict, findings, FamilyAdvice.of(family, verdict, classification, false), null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(verdict.label()).append(':');
        if (!findings.isEmpty()) sb.append(' ').append(findingsText());
        if (!advice.isEmpty()) sb.append(" Try: ").append(String.join("; ", advice.stream().map(a -> a.replaceAll("[.\\s]+$", "")).toList())).append('.');
        return sb.toString();
    }

    /** The findings as sentences, each ending with one full stop: what the report prints after the verdict. */
    public String findingsText() {
        return String.join(" ", findings.stream().map(ModelDiagnosis::sentence).toList());
    }

    /** {@code text} ending with exactly one full stop, its first letter upper case unless it starts with a key such as val_loss. */
    private static String sentence(String text) {
        String t = text.strip().replaceAll("[.;\\s]+$", "");
        if (t.isEmpty()) return t;
        String first = t.split("[ :,(]", 2)[0];
        boolean key = first.contains("_") || first.equals("loss") || first.equals("accuracy") || first.matches(".*\\d.*");
        return (key ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1)) + ".";
    }
}
