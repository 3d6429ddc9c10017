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
 * are least-squares slopes over the tail relative to the mean, see {@link CurveSummary}). Sizes are
 * weighed against <em>the loss scale</em>: the loss's baseline when one is given (log k for k
 * classes, the target variance for MSE: the loss of knowing nothing), else the larger of the first
 * epoch's training and validation loss. A change smaller than {@link #materialChange} (default 2%)
 * of that scale is too small to matter, however large it is relative to a near-zero loss.
 * <ol>
 * <li>{@link Verdict#DIVERGED}: a loss value is NaN or infinite, or the final training loss is
 *     more than {@value #DIVERGENCE_RISE}× worse than its best (relative).</li>
 * <li>{@link Verdict#INCONCLUSIVE}: fewer than {@value #MIN_EPOCHS} epochs — no trend to read.</li>
 * <li>{@link Verdict#OVERFITTING} (needs validation data), when the curves show it, either: validation
 *     loss ended (mean of up to 3 epochs after its best) at least {@link #overfitRise} (default 10%)
 *     above its best, at least 2 epochs after it, while the training loss kept falling; or
 *     validation has not improved for max(3, E/4) epochs while the training loss fell at least
 *     {@value #PLATEAU_GAIN} (relative) more and the gap between them grew to at least
 *     {@value #PLATEAU_GAP} of the validation loss (fit's training loss is a mean over an epoch
 *     whose weights kept changing, so early on it lags the end-of-epoch validation loss; a gap that
 *     merely grew from negative to nothing is not overfitting) — <em>and</em> it matters: the rise
 *     (or the gap) is at least {@link #materialChange} of the loss scale, or the validation metric
 *     ended at least that share of its own scale below its best. A rise that does not matter (at
 *     test accuracy 1.0, val_loss 0.0055 → 0.0136 against a scale of log 3 = 1.1) is reported as a
 *     slight drift and the rules go on.</li>
 * <li>{@link Verdict#UNDERFITTING}, either: the final training loss (or metric) is less than
 *     {@link #minSkill} (default 0.2) of the way from the baseline to a perfect score
 *     ({@link Baseline#skill}: for MSE with the variance baseline this is R² &lt; 0.2) — needs a
 *     baseline; or the training loss is still falling at least {@link #steepTrend} (default 1%)
 *     per epoch over the tail while validation (if any) still improves as well, and the training
 *     loss is not already near zero (below {@link #materialChange} of the loss scale: nothing is
 *     left to learn on the training data).</li>
 * <li>{@link Verdict#GOOD_FIT} with validation data (saying so when validation drifted slightly);
 *     without it {@link Verdict#INCONCLUSIVE}, saying that overfitting cannot be seen without
 *     validation data.</li>
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
    private double materialChange = 0.02;

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
     * The smallest change, as a share of the loss scale (the baseline, else the first epoch's
     * loss), that counts as over- or underfitting (default 0.02): smaller rises of validation loss
     * are a slight drift, and a smaller training loss is near zero.
     */
    public Diagnoser materialChange(double shareOfScale) {
        if (!(shareOfScale > 0 && shareOfScale < 1)) {
            throw new IllegalArgumentException("materialChange must be in (0, 1), got " + shareOfScale);
        }
        materialChange = shareOfScale;
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
        Diagnosis d = diagnose(loss, key == null ? null : EpochCurves.from(history, key));
        if (history.warnings().isEmpty()) return d;
        // What fit warned about (a validation split of another class mix) explains curves that look wrong: said first.
        List<String> findings = new ArrayList<>();
        for (String w : history.warnings()) findings.add(w.endsWith(".") ? w : w + ".");
        findings.addAll(d.findings());
        return new Diagnosis(d.verdict(), d.loss(), d.metric(), findings, d.advice());
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
        double scale = lossScale(curve, l);
        String drift = null;
        if (l.hasValidation()) {
            int since = l.epochsSinceBest();
            boolean rose = l.validationRise() >= overfitRise && since >= 2 && l.trainGainSinceBest() > 0;
            // The gap must be real, not just grown: fit's training loss is a mean over an epoch whose
            // weights kept changing, so in the first epochs it lags behind the end-of-epoch validation loss.
            boolean stalled = !rose && since >= Math.max(3, Math.round(PLATEAU_FRACTION * e)) && l.trainGainSinceBest() >= PLATEAU_GAIN
                    && l.gap() > l.gapAtBest() && l.gap() >= PLATEAU_GAP * Math.abs(l.finalValidation());
            if (rose || stalled) {
                // How much worse validation got (rose) or stands (stalled), in the loss' own units.
                double size = rose ? l.validationRise() * Math.max(Math.abs(l.bestValidation()), 1e-12) : l.gap();
                String metricDrop = m != null ? metricDrop(m) : null;
                if (size >= materialChange * scale || metricDrop != null) {
                    if (rose) {
                        f.add(val + " was lowest at epoch " + (l.bestEpoch() + 1) + " (" + format(l.bestValidation()) + ") and rose "
                                + percent(l.validationRise()) + " by epoch " + e + " while " + name + " kept falling ("
                                + format(l.trainAtBest()) + " → " + format(l.finalTrain()) + ").");
                    } else {
                        f.add(val + " has not improved on " + format(l.bestValidation()) + " (epoch " + (l.bestEpoch() + 1) + ") for " + since
                                + " epochs while " + name + " fell " + percent(l.trainGainSinceBest()) + " more (" + format(l.trainAtBest())
                                + " → " + format(l.finalTrain()) + ").");
                    }
                    if (metricDrop != null) f.add(metricDrop);
                    f.add(gapSentence(l));
                    return rose ? Advice.Reason.VALIDATION_ROSE : Advice.Reason.VALIDATION_STALLED;
                }
                drift = val + " drifted slightly: " + (rose ? "it rose from its lowest " + format(l.bestValidation()) + " at epoch "
                        + (l.bestEpoch() + 1) + " to " + format(l.finalValidation()) + " at epoch " + e + "; the mean of its last "
                        + Math.min(CurveSummary.RISE_EPOCHS, since) + " epochs is " + format(size) + " above the lowest"
                        : "it has not improved on " + format(l.bestValidation()) + " (epoch " + (l.bestEpoch() + 1) + ") for " + since
                        + " epochs while " + name + " fell to " + format(l.finalTrain()) + ", a gap of " + format(size))
                        + ", only " + percent(size / scale) + " of the loss scale (" + scaleText(curve, l) + "), below the "
                        + percent(materialChange) + " that counts as overfitting"
                        + (m != null && m.hasValidation() ? "; " + m.validationName() + " ended at " + format(m.finalValidation())
                        + " (best " + format(m.bestValidation()) + ")" : "") + ".";
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
        boolean nearZero = Math.abs(l.finalTrain()) < materialChange * scale;
        if (l.trainTrend() >= steepTrend && valStillImproving && !nearZero) {
            f.add(name + " was still falling " + percent(l.trainTrend()) + " per epoch over the last " + l.trendWindow() + " epochs ("
                    + format(curve.train()[e - 1 - l.trendWindow()]) + " → " + format(l.finalTrain()) + ")"
                    + (l.hasValidation() ? " and " + val + " still improved (best " + format(l.bestValidation()) + " at epoch "
                    + (l.bestEpoch() + 1) + ")" : "") + ": training stopped before the model converged.");
            return Advice.Reason.STILL_FALLING;
        }
        String settled = nearZero && l.trainTrend() >= steepTrend
                ? name + " " + format(l.finalTrain()) + " is near zero (" + percent(Math.abs(l.finalTrain()) / scale)
                + (l.baseline() != null && l.baseline().value() > 0 ? " of the loss scale" : " of " + scaleText(curve, l)) + "): it still falls " + percent(l.trainTrend()) + " per epoch, but little is left to learn on the"
                + " training data."
                : null;
        if (!l.hasValidation()) {
            f.add(settled != null ? settled : name + " settled at " + format(l.finalTrain()) + " (changing " + percent(l.trainTrend())
                    + " per epoch at the end).");
            String clause = baselineClause(l);
            if (!clause.isEmpty()) f.add(clause.strip());
            f.add("Without validation data this cannot tell whether the model overfits.");
            return Advice.Reason.NO_VALIDATION;
        }
        if (drift != null) {
            f.add(drift);
            if (settled != null) f.add(settled);
        } else {
            f.add(val + " reached its best " + format(l.bestValidation()) + " at epoch " + (l.bestEpoch() + 1) + " of " + e
                    + " and ended within " + percent(l.validationRise()) + " of it; " + (settled != null ? settled : name + " "
                    + format(l.finalTrain()) + " has settled (changing " + percent(l.trainTrend()) + " per epoch)."));
        }
        String clause = baselineClause(l);
        if (!clause.isEmpty()) f.add(clause.strip());
        f.add(gapSentence(l));
        return Advice.Reason.GOOD;
    }

    /** The loss scale the rules weigh sizes against: the baseline's value, else the first epoch's larger loss. */
    private static double lossScale(EpochCurves curve, CurveSummary l) {
        if (l.baseline() != null && l.baseline().value() > 0) return l.baseline().value();
        double first = Math.abs(curve.train()[0]);
        if (curve.validation() != null && Double.isFinite(curve.validation()[0])) first = Math.max(first, Math.abs(curve.validation()[0]));
        return first > 0 ? first : 1;
    }

    private static String scaleText(EpochCurves curve, CurveSummary l) {
        if (l.baseline() != null && l.baseline().value() > 0) return l.baseline().description();
        return "the first epoch's " + l.name() + ", " + format(lossScale(curve, l));
    }

    /**
     * A sentence when the validation metric ended at least {@link #materialChange} of its scale
     * (the largest of its first and best values) worse than its best; else null.
     */
    private String metricDrop(CurveSummary m) {
        if (!m.hasValidation() || !Double.isFinite(m.finalValidation())) return null;
        double drop = m.higherIsBetter() ? m.bestValidation() - m.finalValidation() : m.finalValidation() - m.bestValidation();
        double scale = Math.max(Math.max(Math.abs(m.firstTrain()), Math.abs(m.bestValidation())), 1e-12);
        if (drop < materialChange * scale) return null;
        return m.validationName() + " fell from its best " + format(m.bestValidation()) + " at epoch " + (m.bestEpoch() + 1) + " to "
                + format(m.finalValidation()) + ".";
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
