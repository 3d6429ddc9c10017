package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

/**
 * An estimator that predicts classes and their probabilities.
 *
 * <pre>{@code
 * Classifier knn = new KNeighborsClassifier(5).fit(x, y);
 * Tensor p = knn.predictProba(xNew);   // [samples, classes], rows sum to 1
 * }</pre>
 */
public interface Classifier extends Estimator {
    @Override
    Classifier fit(Tensor x, Tensor y);

    /** {@link Estimator#fit(Tensor, Tensor, int[])}, typed as a classifier. */
    @Override
    default Classifier fit(Tensor x, Tensor y, int[] rows) {
        return (Classifier) Estimator.super.fit(x, y, rows);   // the default calls fit(x, y) above: a Classifier
    }

    /** Class probabilities {@code [samples, classes]}; column c is class c. */
    Tensor predictProba(Tensor x);

    /** The number of classes seen by {@link #fit} (the largest class index + 1). */
    int classCount();

    @Override
    default boolean isClassifier() {
        return true;
    }

    /** The most probable class of each row. */
    @Override
    default Tensor predict(Tensor x) {
        return predictProba(x).argmax(1);
    }
}
