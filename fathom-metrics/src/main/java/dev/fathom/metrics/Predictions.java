package dev.fathom.metrics;

import java.util.List;
import java.util.Objects;

/**
 * A model's predictions on some samples together with the true targets: what a
 * {@link MetricDefinition} is computed from. A classifier's are class indices and, for the metrics
 * that need them, class probabilities ({@code [samples][classes]}); a regressor's are numbers,
 * stored row by row when there are several targets. The arrays are used as given, not copied.
 *
 * <pre>{@code
 * Predictions p = Predictions.ofClasses(yTrue, yPred, proba).withClassNames(List.of("cat", "dog"));
 * MetricBundle.standard(MetricTask.BINARY).score(p);
 * Predictions r = Predictions.ofValues(actual, predicted).withFeatures(8);   // adjusted R² needs the 8
 * }</pre>
 */
public final class Predictions {
    private final int[] trueClasses;
    private final int[] predictedClasses;
    private final double[][] probabilities;
    private final double[] positiveScores;
    private final List<String> classNames;
    private final double[] trueValues;
    private final double[] predictedValues;
    private final int targets;
    private final int features;

    private Predictions(int[] trueClasses, int[] predictedClasses, double[][] probabilities, double[] positiveScores,
                        List<String> classNames, double[] trueValues, double[] predictedValues, int targets, int features) {
        this.trueClasses = trueClasses;
        this.predictedClasses = predictedClasses;
        this.probabilities = probabilities;
        this.positiveScores = positiveScores;
        this.classNames = classNames;
        this.trueValues = trueValues;
        this.predictedValues = predictedValues;
        this.targets = targets;
        this.features = features;
    }

    /**
     * A classifier's predictions: the true class indices, the predicted ones, and the class
     * probabilities, one row per sample and one column per class. Either {@code yPred} or
     * {@code proba} may be null when the metrics asked for do not need it.
     *
     * @throws IllegalArgumentException when the lengths differ, or both predictions are null
     */
    public static Predictions ofClasses(int[] yTrue, int[] yPred, double[][] proba) {
        Objects.requireNonNull(yTrue, "yTrue");
        if (yPred == null && proba == null) {
            throw new IllegalArgumentException("Predictions.ofClasses needs the predicted classes (yPred), the class probabilities"
                    + " (proba), or both; both are null");
        }
        if (yPred != null) Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        if (proba != null) Metrics.checkSameLength("yTrue", yTrue.length, "proba", proba.length);
        return new Predictions(yTrue, yPred, proba, null, null, null, null, 1, -1);
    }

    /** A regressor's predictions of one target. */
    public static Predictions ofValues(double[] yTrue, double[] yPred) {
        return ofValues(yTrue, yPred, 1);
    }

    /**
     * A regressor's predictions of {@code targets} targets, stored row by row
     * ({@code [samples][targets]} flattened); R², RMSE and RMSLE score each target and average.
     *
     * @throws IllegalArgumentException when the lengths differ or do not split into rows of {@code targets}
     */
    public static Predictions ofValues(double[] yTrue, double[] yPred, int targets) {
        Objects.requireNonNull(yTrue, "yTrue");
        Objects.requireNonNull(yPred, "yPred");
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        if (targets < 1 || yTrue.length % targets != 0) {
            throw new IllegalArgumentException(yTrue.length + " values do not split into rows of " + targets
                    + " targets; pass the number of target columns (y.shape(1))");
        }
        return new Predictions(null, null, null, null, null, yTrue, yPred, targets, -1);
    }

    /** A copy that knows the number of features the model was given (adjusted R² needs it). */
    public Predictions withFeatures(int features) {
        if (features < 0) throw new IllegalArgumentException("the number of features must be >= 0, got " + features);
        return new Predictions(trueClasses, predictedClasses, probabilities, positiveScores, classNames, trueValues, predictedValues,
                targets, features);
    }

    /** A copy that names the classes, index by index, so that notes can say "no rows of class virginica". */
    public Predictions withClassNames(List<String> names) {
        return new Predictions(trueClasses, predictedClasses, probabilities, positiveScores, List.copyOf(names), trueValues,
                predictedValues, targets, features);
    }

    /**
     * A copy with class 1's scores of a binary problem, where higher means class 1: probabilities,
     * or logits, which rank the samples alike. ROC AUC and average precision read these instead of
     * probability column 1; the probabilities are still needed, for log loss.
     */
    public Predictions withPositiveScores(double[] scores) {
        requireClasses("positive scores");
        if (probabilities == null) throw new IllegalStateException("withPositiveScores: give the class probabilities first, in ofClasses");
        Metrics.checkSameLength("yTrue", trueClasses.length, "scores", scores.length);
        return new Predictions(trueClasses, predictedClasses, probabilities, scores, classNames, trueValues, predictedValues, targets,
                features);
    }

    /** Whether these are a classifier's predictions (else a regressor's). */
    public boolean isClassification() {
        return trueClasses != null;
    }

    /** The number of samples. */
    public int size() {
        return isClassification() ? trueClasses.length : trueValues.length / targets;
    }

    /** Whether {@code input} is here. */
    public boolean has(MetricInput input) {
        return switch (input) {
            case LABELS -> predictedClasses != null;
            case PROBABILITIES -> probabilities != null;
            case VALUES -> predictedValues != null;
            case FEATURE_COUNT -> features >= 0;
        };
    }

    /**
     * The number of classes: the probability columns, else the class names, else one more than the
     * largest class index seen.
     */
    public int classCount() {
        requireClasses("the number of classes");
        if (probabilities != null && probabilities.length > 0) return probabilities[0].length;
        if (classNames != null) return classNames.size();
        int max = 1;
        for (int c : trueClasses) max = Math.max(max, c);
        if (predictedClasses != null) for (int c : predictedClasses) max = Math.max(max, c);
        return max + 1;
    }

    /** Class {@code c}'s name, or "class c" when the classes are not named. */
    String className(int c) {
        return classNames != null && c < classNames.size() ? classNames.get(c) : "class " + c;
    }

    int[] trueClasses() {
        return requireClasses("true classes");
    }

    int[] predictedClasses() {
        requireClasses("predicted classes");
        return predictedClasses;
    }

    double[][] probabilities() {
        requireClasses("class probabilities");
        return probabilities;
    }

    /** Class 1's scores: as given by {@link #withPositiveScores}, else probability column 1. */
    double[] positiveScores() {
        requireClasses("class 1's scores");
        if (positiveScores != null) return positiveScores;
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) out[i] = probabilities[i][1];
        return out;
    }

    double[] trueValues() {
        return trueValues;
    }

    double[] predictedValues() {
        return predictedValues;
    }

    int targets() {
        return targets;
    }

    int features() {
        return features;
    }

    private int[] requireClasses(String what) {
        if (trueClasses == null) {
            throw new IllegalStateException("these are a regressor's predictions, which have no " + what + "; only a classifier's do");
        }
        return trueClasses;
    }
}
