package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.metrics.Average;
import dev.fathom.metrics.Classification;
import dev.fathom.metrics.Regression;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric that needs the whole epoch at once (precision, F1, ROC AUC, R² are not means of
 * per-batch values): it keeps every batch's outputs and targets and scores them with
 * {@link dev.fathom.metrics} when asked. With one output unit the problem is binary (class 1 when
 * the output passes 0 for logits, 0.5 for probabilities); with several, the class is the argmax
 * and precision, recall and F1 are macro averages.
 */
final class EpochMetric implements Metric {
    /** The names this class answers to. */
    static final List<String> NAMES = List.of("precision", "recall", "f1", "balanced_accuracy", "auc", "rmse", "r2", "mape");

    private final String name;
    private final boolean logits;
    private final List<float[]> outputs = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    private int units = -1;
    private int rows;

    EpochMetric(String name, boolean logits) {
        if (!NAMES.contains(name)) throw new IllegalArgumentException("unknown epoch metric '" + name + "'");
        this.name = name;
        this.logits = logits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(Tensor predictions, Tensor targetBatch) {
        try (var scope = GradMode.noGrad()) {
            int n = predictions.shape(0);
            int u = predictions.size() / Math.max(1, n);
            if (units >= 0 && u != units) throw new IllegalArgumentException(name + ": outputs changed from " + units + " to " + u + " units");
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
        return switch (name) {
            case "rmse", "r2", "mape" -> regression(out, tgt);
            default -> classification(out, tgt);
        };
    }

    private double regression(float[] out, float[] tgt) {
        double[] p = new double[out.length];
        double[] y = new double[tgt.length];
        for (int i = 0; i < p.length; i++) p[i] = out[i];
        for (int i = 0; i < y.length; i++) y[i] = tgt[i];
        return switch (name) {
            case "rmse" -> Regression.rmse(y, p);
            // Several output units are several targets: each gets its own R², averaged, as Keras'
            // R2Score and scikit-learn do; pooled into one column R² would reward the targets' spread.
            case "r2" -> Regression.r2(y, p, units);
            default -> Regression.mape(y, p);
        };
    }

    private double classification(float[] out, float[] tgt) {
        int[] actual = new int[rows];
        int[] predicted = new int[rows];
        boolean oneHot = tgt.length == out.length && units > 1;
        for (int i = 0; i < rows; i++) {
            actual[i] = oneHot ? argmax(tgt, i * units, units) : Math.round(tgt[i]);
            predicted[i] = units == 1 ? (out[i] > (logits ? 0 : 0.5) ? 1 : 0) : argmax(out, i * units, units);
        }
        Average average = units == 1 ? Average.BINARY : Average.MACRO;
        return switch (name) {
            case "precision" -> Classification.precision(actual, predicted, average);
            case "recall" -> Classification.recall(actual, predicted, average);
            case "f1" -> Classification.f1(actual, predicted, average);
            case "balanced_accuracy" -> Classification.balancedAccuracy(actual, predicted);
            default -> auc(out, actual);
        };
    }

    private double auc(float[] out, int[] actual) {
        if (units == 1) {
            double[] scores = new double[rows];
            for (int i = 0; i < rows; i++) scores[i] = out[i]; // a logit ranks as its probability does
            return Classification.rocAuc(actual, scores);
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
        return Classification.rocAuc(actual, proba, Average.MACRO);
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
        return name + " over " + rows + " samples";
    }
}
