package dev.fathom.diagnosis;

import dev.fathom.models.History;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * What a model's learning curves say: a {@link Verdict}, the numbers behind it, and what to try
 * next. Made by {@link Diagnoser} (thresholds and baselines documented there) or, with the
 * defaults, by {@link #of(History)}. {@link #toString()} is a short paragraph to print, e.g.
 *
 * <pre>{@code
 * History history = model.fit(x, y, Fit.epochs(40).validationSplit(0.2));
 * Diagnosis d = Diagnosis.of(history);
 * System.out.println(d);
 * // Overfitting: val_loss was lowest at epoch 7 (0.312) and rose 18% by epoch 20 while loss kept
 * // falling (0.29 → 0.08). ... Try: EarlyStopping("val_loss", 3, true) to keep epoch 7's weights; ...
 * int best = d.bestEpoch();                     // 0-based epoch of the lowest val_loss
 * }</pre>
 *
 * @param verdict  the headline
 * @param loss     the numbers read off the loss curve
 * @param metric   the numbers read off the metric curve (e.g. accuracy), or {@code null} when there was none
 * @param findings sentences stating what was seen, with the numbers
 * @param advice   what to try next, most promising first; each a short phrase
 */
public record Diagnosis(Verdict verdict, CurveSummary loss, CurveSummary metric, List<String> findings, List<String> advice) {

    /** Checks the parts and freezes the lists. */
    public Diagnosis {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(loss, "loss");
        findings = List.copyOf(findings);
        advice = List.copyOf(advice);
    }

    /** The diagnosis of {@code history}'s loss (and first metric) with the default thresholds and no baseline. */
    public static Diagnosis of(History history) {
        return new Diagnoser().diagnose(history);
    }

    /** The epoch (0-based) of the lowest validation loss; -1 without validation data. */
    public int bestEpoch() {
        return loss.bestEpoch();
    }

    /** The last finite training loss. */
    public double finalTrain() {
        return loss.finalTrain();
    }

    /** The last finite validation loss; NaN without validation data. */
    public double finalValidation() {
        return loss.finalValidation();
    }

    /** Validation loss minus training loss at the end; NaN without validation data. */
    public double gap() {
        return loss.gap();
    }

    /** The training loss' relative improvement per epoch at the end (see {@link CurveSummary#trainTrend()}). */
    public double trend() {
        return loss.trainTrend();
    }

    /** A short paragraph: the verdict, the findings, and "Try: " with the advice. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(verdict.label()).append(':');
        for (String f : findings) sb.append(' ').append(f);
        if (!advice.isEmpty()) sb.append(" Try: ").append(String.join("; ", advice)).append('.');
        return sb.toString();
    }

    /** {@code v} with 3 significant digits, no exponent, no trailing zeros: 0.312, 18.4, 1200. */
    static String format(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == 0) return "0";
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e7) return String.format(java.util.Locale.ROOT, "%.3g", v);
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** {@code fraction} as a percentage: 0.184 → "18%", 0.004 → "0.4%". */
    static String percent(double fraction) {
        double p = Math.abs(fraction) * 100;
        return (p < 9.95 ? String.format(java.util.Locale.ROOT, "%.1f", p).replaceAll("\\.0$", "") : Long.toString(Math.round(p))) + "%";
    }
}
