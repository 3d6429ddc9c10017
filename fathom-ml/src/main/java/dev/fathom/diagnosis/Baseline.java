package dev.fathom.diagnosis;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * The score of a model that learned nothing about the inputs, to judge a learning curve against:
 * a loss no better than guessing means the model underfits. The factories compute the usual ones
 * from the targets; {@link #of} takes any other, e.g. a {@code DummyClassifier}'s accuracy.
 *
 * <pre>{@code
 * Baseline.crossEntropy(3);                   // loss: log(3) = 1.099, uniform guessing over 3 classes
 * Baseline.priorCrossEntropy(yTrain);         // loss: entropy of the class frequencies (DummyClassifier "prior")
 * Baseline.meanSquaredError(yTrain);          // loss: the target variance (DummyRegressor "mean")
 * Baseline.of("accuracy", dummy.score(x, y), "DummyClassifier(most_frequent)");
 * }</pre>
 *
 * @param key         the training key it applies to, e.g. {@code "loss"} or {@code "accuracy"}
 * @param value       the baseline's value of that key
 * @param description where the value comes from, for the diagnosis text
 */
public record Baseline(String key, double value, String description) {

    /** Checks the key and value. */
    public Baseline {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("a baseline needs the key it applies to, e.g. \"loss\"");
        if (key.startsWith("val_")) {
            throw new IllegalArgumentException("baseline key '" + key + "': give the training key '" + key.substring(4)
                    + "'; the same baseline is used for training and validation values");
        }
        if (!Double.isFinite(value)) throw new IllegalArgumentException("baseline for '" + key + "' must be finite, got " + value);
        if (description == null) description = "baseline";
    }

    /** A baseline of your own for {@code key}. */
    public static Baseline of(String key, double value, String description) {
        return new Baseline(key, value, description);
    }

    /**
     * The categorical cross-entropy (natural log) of predicting {@code 1/k} for each of {@code k}
     * classes: {@code log(k)}.
     */
    public static Baseline crossEntropy(int classes) {
        if (classes < 2) throw new IllegalArgumentException("crossEntropy baseline needs at least 2 classes, got " + classes);
        return new Baseline("loss", Math.log(classes), "log(" + classes + ") = " + Diagnosis.format(Math.log(classes))
                + ", the loss of guessing uniformly over " + classes + " classes");
    }

    /**
     * The cross-entropy of always predicting the class frequencies of {@code labels} (class
     * indices): their entropy, what scikit-learn's {@code DummyClassifier(strategy="prior")} scores
     * as log loss on the same labels. Lower than {@code log(k)} when classes are unbalanced.
     */
    public static Baseline priorCrossEntropy(int[] labels) {
        if (labels == null || labels.length == 0) throw new IllegalArgumentException("priorCrossEntropy needs at least one label");
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int label : labels) counts.merge(label, 1, Integer::sum);
        double entropy = 0;
        for (int c : counts.values()) {
            double p = (double) c / labels.length;
            entropy -= p * Math.log(p);
        }
        return new Baseline("loss", entropy, Diagnosis.format(entropy) + ", the loss of predicting the class frequencies of "
                + counts.size() + " classes");
    }

    /**
     * The binary cross-entropy of always predicting the positive rate {@code p} of 0/1 targets:
     * {@code -(p log p + (1-p) log(1-p))}.
     */
    public static Baseline binaryCrossEntropy(double positiveRate) {
        if (!(positiveRate > 0 && positiveRate < 1)) {
            throw new IllegalArgumentException("binaryCrossEntropy baseline needs a positive rate in (0, 1), got " + positiveRate);
        }
        double p = positiveRate;
        double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        return new Baseline("loss", h, Diagnosis.format(h) + ", the loss of predicting the positive rate " + Diagnosis.format(p));
    }

    /**
     * The mean squared error of always predicting the mean of {@code targets}: their (population)
     * variance, what {@code DummyRegressor(strategy="mean")} scores on them.
     */
    public static Baseline meanSquaredError(double[] targets) {
        if (targets == null || targets.length == 0) throw new IllegalArgumentException("meanSquaredError baseline needs at least one target");
        double mean = Arrays.stream(targets).average().orElseThrow();
        double var = 0;
        for (double t : targets) var += (t - mean) * (t - mean);
        var /= targets.length;
        if (!Double.isFinite(var)) throw new IllegalArgumentException("meanSquaredError baseline: the targets hold NaN or infinite values");
        return new Baseline("loss", var, Diagnosis.format(var) + ", the target variance (predicting the mean)");
    }

    /**
     * The mean absolute error of always predicting the median of {@code targets}, what
     * {@code DummyRegressor(strategy="median")} scores on them.
     */
    public static Baseline meanAbsoluteError(double[] targets) {
        if (targets == null || targets.length == 0) throw new IllegalArgumentException("meanAbsoluteError baseline needs at least one target");
        double[] sorted = targets.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double mae = 0;
        for (double t : targets) mae += Math.abs(t - median);
        mae /= n;
        if (!Double.isFinite(mae)) throw new IllegalArgumentException("meanAbsoluteError baseline: the targets hold NaN or infinite values");
        return new Baseline("loss", mae, Diagnosis.format(mae) + ", the error of predicting the median");
    }

    /** The same value for another key, e.g. {@code Baseline.meanSquaredError(y).forKey("mse")}. */
    public Baseline forKey(String otherKey) {
        return new Baseline(otherKey, value, description);
    }

    /**
     * How far {@code score} is from this baseline towards a perfect score, in [.., 1]: for values
     * that go down (losses, errors) {@code 1 - score / baseline} (R² for the variance baseline);
     * for scores that go up to 1 (accuracy, AUC, R²) {@code (score - baseline) / (1 - baseline)}.
     * 0 means no better than the baseline, negative worse.
     */
    public double skill(double score) {
        if (EpochCurves.higherIsBetter(key)) return value >= 1 ? Double.NaN : (score - value) / (1 - value);
        return value == 0 ? Double.NaN : 1 - score / value;
    }
}
