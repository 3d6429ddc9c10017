package dev.fathom.diagnosis;

import dev.fathom.models.History;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.fathom.diagnosis.Diagnosis.format;
import static dev.fathom.diagnosis.Diagnosis.percent;

/**
 * Reads a model's learning curves and says whether it underfits, overfits or fits well, with the
 * numbers behind the verdict and what to try next. The loss decides; a metric (the history's first,
 * e.g. accuracy) is reported beside it and can flag underfitting through its own baseline.
 *
 * <p>The rules, in order (E = epochs; "the tail" = the last fifth of the epochs, at least 2; trends
 * are least-squares slopes over the tail relative to the mean, see {@link CurveSummary}):
 * <ol>
 * <li>{@link Verdict#DIVERGED}: a loss value is NaN or infinite, or the final training loss is
 *     more than {@value #DIVERGENCE_RISE}× worse than its best (relative).</li>
 * <li>{@link Verdict#INCONCLUSIVE}: fewer than {@value #MIN_EPOCHS} epochs — no trend to read.</li>
 * <li>{@link Verdict#OVERFITTING} (needs validation data), either: validation loss ended (mean of
 *     up to 3 epochs after its best) at least {@link #overfitRise} (default 10%) above its best,
 *     at least 2 epochs after it, while the training loss kept falling; or validation has not
 *     improved for max(3, E/4) epochs while the training loss fell at least {@value #PLATEAU_GAIN}
 *     (relative) more and the gap between them grew to at least {@value #PLATEAU_GAP} of the
 *     validation loss. (fit's training loss is a mean over an epoch whose weights kept changing, so
 *     early on it lags the end-of-epoch validation loss; a gap that merely grew from negative to
 *     nothing is not overfitting.)</li>
 * <li>{@link Verdict#UNDERFITTING}, either: the final training loss (or metric) is less than
 *     {@link #minSkill} (default 0.2) of the way from the baseline to a perfect score
 *     ({@link Baseline#skill}: for MSE with the variance baseline this is R² &lt; 0.2) — needs a
 *     baseline; or the training loss is still falling at least {@link #steepTrend} (default 1%)
 *     per epoch over the tail while validation (if any) still improves as well.</li>
 * <li>{@link Verdict#GOOD_FIT} with validation data; without it {@link Verdict#INCONCLUSIVE}, saying
 *     that overfitting cannot be seen without validation data.</li>
 * </ol>
 * A task whose labels are noisy sits near its baseline whatever the model: the skill rule then says
 * underfitting; a larger model that does no better confirms the noise.
 *
 * <pre>{@code
 * Diagnosis d = new Diagnoser()
 *         .baseline(Baseline.crossEntropy(3))                       // log(3) for 3 balanced classes
 *         .baseline(Baseline.of("accuracy", 1 / 3.0, "guessing"))
 *         .overfitRise(0.05)
 *         .diagnose(history);
 * System.out.println(d);
 * }</pre>
 */
public final class Diagnoser {
    /** Fewer epochs than this give {@link Verdict#INCONCLUSIVE}. */
    public static final int MIN_EPOCHS = 3;
    /** A final training loss this much (relative) above its best means training diverged. */
    public static final double DIVERGENCE_RISE = 0.5;
    /** The training loss' relative gain since the best validation epoch that, with a stalled validation loss, means overfitting. */
    public static final double PLATEAU_GAIN = 0.2;
    /** For a plateau to count as overfitting, validation must end at least this share worse than training. */
    public static final double PLATEAU_GAP = 0.1;
    /** Epochs since the best must exceed both 2 and this share of the epochs for a plateau to count. */
    public static final double PLATEAU_FRACTION = 0.25;

    private final Map<String, Baseline> baselines = new LinkedHashMap<>();
    private String metric;
    private double overfitRise = 0.10;
    private double steepTrend = 0.01;
    private double minSkill = 0.2;

    /** A diagnoser with the default thresholds and no baseline. */
    public Diagnoser() {}

    /** Judges the curve of {@code baseline.key()} against it (one baseline per key; a later one replaces). */
    public Diagnoser baseline(Baseline baseline) {
        baselines.put(Objects.requireNonNull(baseline, "baseline").key(), baseline);
        return this;
    }

    /** The metric to report beside the loss (default: the history's first key other than loss and lr). */
    public Diagnoser metric(String key) {
        if (key == null || key.isBlank() || key.startsWith("val_") || key.equals("loss")) {
            throw new IllegalArgumentException("metric must be a training metric key such as \"accuracy\", got '" + key + "'");
        }
        metric = key;
        return this;
    }

    /** The relative rise of validation loss over its best that counts as overfitting (default 0.10). */
    public Diagnoser overfitRise(double fraction) {
        if (!(fraction > 0)) throw new IllegalArgumentException("overfitRise must be > 0, got " + fraction);
        overfitRise = fraction;
        return this;
    }

    /** The relative fall per epoch at the end above which training counts as unfinished (default 0.01). */
    public Diagnoser steepTrend(double perEpoch) {
        if (!(perEpoch > 0)) throw new IllegalArgumentException("steepTrend must be > 0, got " + perEpoch);
        steepTrend = perEpoch;
        return this;
    }

    /** The baseline skill below which a model underfits (default 0.2; see {@link Baseline#skill}). */
    public Diagnoser minSkill(double skill) {
        if (!(skill > 0 && skill < 1)) throw new IllegalArgumentException("minSkill must be in (0, 1), got " + skill);
        minSkill = skill;
        return this;
    }

    /**
     * Diagnoses {@code history}: its {@code loss}/{@code val_loss} and the chosen metric.
     *
     * @throws IllegalArgumentException when the history is empty or lacks the metric asked for
     */
    public Diagnosis diagnose(History history) {
        Objects.requireNonNull(history, "history");
        EpochCurves loss = EpochCurves.from(history, "loss");
        String key = metric;
        if (key == null) {
            key = history.keys().stream().filter(k -> !k.equals("loss") && !k.equals(History.LEARNING_RATE) && !k.startsWith("val_"))
                    .findFirst().orElse(null);
        } else if (!history.keys().contains(key)) {
            throw new IllegalArgumentException("Diagnoser: metric '" + key + "' is not in the history; it has " + history.keys()
                    + "; compile the model with that metric or choose one of those");
        }
        return diagnose(loss, key == null ? null : EpochCurves.from(history, key));
    }

    /** Diagnoses a loss curve alone. */
    public Diagnosis diagnose(EpochCurves loss) {
        return diagnose(loss, null);
    }

    /**
     * Diagnoses a loss curve with a metric curve reported beside it.
     *
     * @param loss   the loss (lower is better)
     * @param metric a metric over the same epochs, or {@code null}
     */
    public Diagnosis diagnose(EpochCurves loss, EpochCurves metric) {
        Objects.requireNonNull(loss, "loss");
        if (loss.higherIsBetter()) {
            throw new IllegalArgumentException("Diagnoser: the first curve must be a loss (lower is better), got '" + loss.name()
                    + "'; pass it as the metric");
        }
        if (metric != null && metric.epochs() != loss.epochs()) {
            throw new IllegalArgumentException("Diagnoser: loss has " + loss.epochs() + " epochs but " + metric.name() + " has "
                    + metric.epochs() + "; give curves of the same run");
        }
        CurveSummary l = CurveSummary.of(loss, baselines.get(loss.name()));
        CurveSummary m = metric == null ? null : CurveSummary.of(metric, baselines.get(metric.name()));
        List<String> findings = new ArrayList<>();
        Advice.Reason reason = judge(loss, l, m, findings);
        if (m != null && reason.verdict != Verdict.DIVERGED) findings.add(metricSentence(m));
        return new Diagnosis(reason.verdict, l, m, findings, Advice.lines(reason, l));
    }

    /** Applies the rules in order, adds the sentences that state what was seen, and says which rule fired. */
    private Advice.Reason judge(EpochCurves curve, CurveSummary l, CurveSummary m, List<String> f) {
        String name = l.name();
        String val = l.validationName();
        int e = l.epochs();
        if (l.hasNonFinite()) {
            int at = l.finiteEpochs();
            boolean trainBad = !Double.isFinite(curve.train()[at]);
            String key = trainBad ? name : val;
            double bad = trainBad ? curve.train()[at] : curve.validation()[at];
            f.add(key + " became " + format(bad) + " at epoch " + (at + 1) + (at == 0 ? ", the first epoch."
                    : " (last finite " + name + " " + format(l.finalTrain()) + " at epoch " + at + ")."));
            if (!trainBad) f.add("The training loss was finite, so the validation data may hold NaN or infinite values, or the predictions on it overflow.");
            return Advice.Reason.NON_FINITE;
        }
        double trainRise = -CurveSummary.improvement(l.bestTrain(), l.finalTrain(), false);
        if (l.bestTrainEpoch() < e - 1 && trainRise > DIVERGENCE_RISE) {
            f.add(name + " rose " + percent(trainRise) + " from its lowest " + format(l.bestTrain()) + " at epoch "
                    + (l.bestTrainEpoch() + 1) + " to " + format(l.finalTrain()) + " at epoch " + e + ".");
            return Advice.Reason.TRAIN_ROSE;
        }
        if (e < MIN_EPOCHS) {
            f.add("Only " + e + (e == 1 ? " epoch" : " epochs") + ": too few to read a trend (" + name + " " + format(l.finalTrain())
                    + (l.hasValidation() ? ", " + val + " " + format(l.finalValidation()) : "") + ")." + baselineClause(l));
            return Advice.Reason.TOO_FEW_EPOCHS;
        }
        if (l.hasValidation()) {
            int since = l.epochsSinceBest();
            if (l.validationRise() >= overfitRise && since >= 2 && l.trainGainSinceBest() > 0) {
                f.add(val + " was lowest at epoch " + (l.bestEpoch() + 1) + " (" + format(l.bestValidation()) + ") and rose "
                        + percent(l.validationRise()) + " by epoch " + e + " while " + name + " kept falling ("
                        + format(l.trainAtBest()) + " → " + format(l.finalTrain()) + ").");
                f.add(gapSentence(l));
                return Advice.Reason.VALIDATION_ROSE;
            }
            // The gap must be real, not just grown: fit's training loss is a mean over an epoch whose
            // weights kept changing, so in the first epochs it lags behind the end-of-epoch validation loss.
            if (since >= Math.max(3, Math.round(PLATEAU_FRACTION * e)) && l.trainGainSinceBest() >= PLATEAU_GAIN
                    && l.gap() > l.gapAtBest() && l.gap() >= PLATEAU_GAP * Math.abs(l.finalValidation())) {
                f.add(val + " has not improved on " + format(l.bestValidation()) + " (epoch " + (l.bestEpoch() + 1) + ") for " + since
                        + " epochs while " + name + " fell " + percent(l.trainGainSinceBest()) + " more (" + format(l.trainAtBest())
                        + " → " + format(l.finalTrain()) + ").");
                f.add(gapSentence(l));
                return Advice.Reason.VALIDATION_STALLED;
            }
        }
        CurveSummary poor = poorSkill(l) ? l : m != null && poorSkill(m) ? m : null;
        if (poor != null) {
            f.add(poor.name() + " ends at " + format(poor.finalTrain()) + (poor.trainSkill() > 0 ? ", only " + percent(poor.trainSkill())
                    + " of the way from" : ", no better than") + " the baseline (" + poor.baseline().description() + ")"
                    + (poor.trainSkill() > 0 ? " to a perfect score" : "")
                    + (poor.hasValidation() ? "; " + poor.validationName() + " " + format(poor.finalValidation()) : "")
                    + ": the model cannot fit even its training data.");
            return Advice.Reason.POOR_SKILL;
        }
        boolean valStillImproving = !l.hasValidation() || l.validationTrend() > 0 || l.epochsSinceBest() <= l.trendWindow();
        if (l.trainTrend() >= steepTrend && valStillImproving) {
            f.add(name + " was still falling " + percent(l.trainTrend()) + " per epoch over the last " + l.trendWindow() + " epochs ("
                    + format(curve.train()[e - 1 - l.trendWindow()]) + " → " + format(l.finalTrain()) + ")"
                    + (l.hasValidation() ? " and " + val + " still improved (best " + format(l.bestValidation()) + " at epoch "
                    + (l.bestEpoch() + 1) + ")" : "") + ": training stopped before the model converged.");
            return Advice.Reason.STILL_FALLING;
        }
        if (!l.hasValidation()) {
            f.add(name + " settled at " + format(l.finalTrain()) + " (changing " + percent(l.trainTrend()) + " per epoch at the end)."
                    + baselineClause(l));
            f.add("Without validation data this cannot tell whether the model overfits.");
            return Advice.Reason.NO_VALIDATION;
        }
        f.add(val + " reached its best " + format(l.bestValidation()) + " at epoch " + (l.bestEpoch() + 1) + " of " + e
                + " and ended within " + percent(l.validationRise()) + " of it; " + name + " " + format(l.finalTrain())
                + " has settled (changing " + percent(l.trainTrend()) + " per epoch)." + baselineClause(l));
        f.add(gapSentence(l));
        return Advice.Reason.GOOD;
    }

    private boolean poorSkill(CurveSummary c) {
        return c.baseline() != null && Double.isFinite(c.trainSkill()) && c.trainSkill() < minSkill;
    }

    private static String baselineClause(CurveSummary c) {
        if (c.baseline() == null || !Double.isFinite(c.trainSkill())) return "";
        return " That is " + (c.trainSkill() >= 0 ? percent(c.trainSkill()) + " of the way from the baseline (" : "worse than the baseline (")
                + c.baseline().description() + (c.trainSkill() >= 0 ? ") to a perfect score." : ").");
    }

    private static String gapSentence(CurveSummary l) {
        String rel = Math.abs(l.finalValidation()) > 1e-12 ? " (" + percent(l.gap() / Math.abs(l.finalValidation())) + " of "
                + l.validationName() + ")" : "";
        return "Gap " + l.validationName() + " − " + l.name() + ": " + format(l.gapAtBest()) + " at epoch " + (l.bestEpoch() + 1)
                + ", " + format(l.gap()) + " at the end" + rel + ".";
    }

    private static String metricSentence(CurveSummary m) {
        StringBuilder sb = new StringBuilder(m.name()).append(' ').append(format(m.finalTrain()));
        if (m.hasValidation()) {
            sb.append(", ").append(m.validationName()).append(' ').append(format(m.finalValidation()))
                    .append(" (best ").append(format(m.bestValidation())).append(" at epoch ").append(m.bestEpoch() + 1).append(')');
        }
        return sb.append('.').toString();
    }
}
