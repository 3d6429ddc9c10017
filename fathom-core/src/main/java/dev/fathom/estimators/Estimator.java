package dev.fathom.estimators;

import dev.fathom.metrics.Classification;
import dev.fathom.metrics.Regression;
import dev.fathom.tensor.Tensor;

/**
 * Anything that learns from features {@code x [samples, features]} and targets {@code y} and then
 * predicts: the baselines here and, through {@link NetworkEstimator}, any Fathom model. It is what
 * cross-validation, search and ensembles take, so a neural network and a dummy baseline are judged
 * the same way.
 *
 * <pre>{@code
 * Estimator baseline = new DummyClassifier().fit(xTrain, yTrain);
 * Estimator logistic = new LogisticRegression().fit(xTrain, yTrain);
 * System.out.printf("dummy %.3f, logistic %.3f%n", baseline.score(xTest, yTest), logistic.score(xTest, yTest));
 * }</pre>
 */
public interface Estimator {
    /**
     * Learns from {@code x [samples, features]} and {@code y}: class indices {@code [samples]} for a
     * classifier, values {@code [samples]} or {@code [samples, targets]} for a regressor. Returns this.
     */
    Estimator fit(Tensor x, Tensor y);

    /** Predictions for {@code x}: int32 class indices {@code [samples]} for a classifier, float32 values for a regressor. */
    Tensor predict(Tensor x);

    /** Whether {@link #predict} gives classes. */
    boolean isClassifier();

    /**
     * Accuracy for a classifier, R² for a regressor (each target's, averaged, for several targets),
     * on {@code x} and {@code y}: higher is better.
     */
    default double score(Tensor x, Tensor y) {
        Tensor p = predict(x);
        return isClassifier() ? Classification.accuracy(Estimators.labels(y), p.toIntArray())
                : Regression.r2(y, p);
    }
}
