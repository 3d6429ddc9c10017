package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricInput;
import dev.fathom.metrics.MetricRegistry;
import dev.fathom.metrics.MetricTask;
import dev.fathom.metrics.Predictions;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric of {@link MetricRegistry} that needs the whole epoch at once (precision, F1, ROC AUC, R²
 * are not means of per-batch values): it keeps every batch's outputs and targets and computes the
 * registry's metric on them when asked. With one output unit the problem is binary (class 1 when
 * the output passes 0 for logits, 0.5 for probabilities; the outputs rank the samples for ROC
 * AUC); with several, the class is the argmax, probabilities are the softmax of logits, and a
 * two-class metric is computed in its several-classes form (precision → precision_macro, roc_auc →
 * roc_auc_ovr). Several output units of a regressor are several targets.
 */
final class EpochMetric implements Metric {
    private final MetricDefinition metric;
    private final boolean logits;
    private final List<float[]> outputs = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    private int units = -1;
    private int rows;

    EpochMetric(String name, boolean logits) {
        this(MetricRegistry.get(name), logits);
    }

    EpochMetric(MetricDefinition metric, boolean logits) {
        this.metric = metric;
        this.logits = logits;
    }

    @Override
    public String name() {
        return metric.name();
    }

    @Override
    public void update(Tensor predictions, Tensor targetBatch) {
        try (var scope = GradMode.noGrad()) {
            int n = predictions.shape(0);
            int u = predictions.size() / Math.max(1, n);
            if (units >= 0 && u != units) throw new IllegalArgumentException(name() + ": outputs changed from " + units + " to " + u + " units");
            units = u;
            outputs.add(predictions.toFloatArray());
            targets.add(targetBatch.toFloatArray());
            rows += n;
        }
    }

    @Override
    public double result() {
        if (rows == 0) return Double.NaN;
        float[] out = concat(outputs);
        float[] tgt = concat(targets);
        return metric.task() == MetricTask.REGRESSION ? metric.compute(Predictions.ofValues(doubles(tgt), doubles(out), units))
                : classification(out, tgt);
    }

    private double classification(float[] out, float[] tgt) {
        MetricDefinition m = metric;
        if (units > 1 && m.task() == MetricTask.BINARY) {
            if (m.severalClassesForm() == null) {
                throw new IllegalArgumentException(m.name() + " is for two classes (one output unit), but the model has " + units
                        + " output units; compile with a metric for several classes, e.g. 'roc_auc_ovr' or 'f1_macro'");
            }
            m = MetricRegistry.get(m.severalClassesForm());
        }
        int[] actual = new int[rows];
        int[] predicted = new int[rows];
        boolean oneHot = tgt.length == out.length && units > 1;
        for (int i = 0; i < rows; i++) {
            actual[i] = oneHot ? argmax(tgt, i * units, units) : Math.round(tgt[i]);
            predicted[i] = units == 1 ? (out[i] > (logits ? 0 : 0.5) ? 1 : 0) : argmax(out, i * units, units);
        }
        if (!m.needs().contains(MetricInput.PROBABILITIES)) return m.compute(Predictions.ofClasses(actual, predicted, null));
        Predictions p = Predictions.ofClasses(actual, predicted, probabilities(out));
        // A logit ranks the samples as its probability does, without the sigmoid's rounding to 1 far out.
        return m.compute(units == 1 ? p.withPositiveScores(doubles(out)) : p);
    }

    /** {@code [rows][classes]} probabilities: two columns from one unit's sigmoid, else a softmax (or the rows normalized). */
    private double[][] probabilities(float[] out) {
        if (units == 1) {
            double[][] proba = new double[rows][];
            for (int i = 0; i < rows; i++) {
                double p1 = logits ? 1 / (1 + Math.exp(-out[i])) : out[i];
                proba[i] = new double[] {1 - p1, p1};
            }
            return proba;
        }
        double[][] proba = new double[rows][units];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < units; c++) max = Math.max(max, out[i * units + c]);
            for (int c = 0; c < units; c++) {
                proba[i][c] = logits ? Math.exp(out[i * units + c] - max) : out[i * units + c];
                sum += proba[i][c];
            }
            for (int c = 0; c < units; c++) proba[i][c] /= sum;
        }
        return proba;
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) if (v[from + c] > v[from + best]) best = c;
        return best;
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Override
    public void reset() {
        outputs.clear();
        targets.clear();
        units = -1;
        rows = 0;
    }

    @Override
    public String toString() {
        return name() + " over " + rows + " samples";
    }
}
