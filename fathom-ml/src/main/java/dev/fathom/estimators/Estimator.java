package dev.fathom.estimators;

import dev.fathom.metrics.Classification;
import dev.fathom.metrics.Regression;
import dev.fathom.tensor.Tensor;

/**
 * Anything that learns from features {@code x [samples, features]} and targets {@code y} and then
 * predicts: the baselines here and, through {@link NetworkClassifier} and {@link NetworkRegressor}, any Fathom model. It is what
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

    /**
     * Learns from the samples at {@code rows} of {@code x} and {@code y} (a fold's training rows, a
     * bootstrap sample; repeats allowed): the same as {@code fit} on those rows copied, which is
     * what this default does. Networks override it to train from the rows in place, so the folds
     * of a cross-validation, run at once, share one copy of the data. Returns this.
     *
     * <pre>{@code
     * Estimator firstHalf = new LogisticRegression().fit(x, y, IntStream.range(0, x.shape(0) / 2).toArray());
     * }</pre>
     *
     * @throws IndexOutOfBoundsException for a row outside {@code [0, samples)}
     */
    default Estimator fit(Tensor x, Tensor y, int[] rows) {
        Tensor index = Tensor.of(rows, rows.length);
        return fit(x.indexSelect(0, index), y.indexSelect(0, index));
    }

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
