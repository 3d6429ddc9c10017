package dev.fathom.validation;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

import java.util.Objects;

/**
 * The plumbing of an estimator that maps its input before an inner estimator sees it
 * ({@link StandardizedEstimator}, {@link ColumnSubsetEstimator}): prediction, probabilities and the
 * classifier questions go to the inner estimator on the mapped input. A subclass supplies
 * {@link #innerInput}, fitting and its saved state.
 */
abstract sealed class FeatureMappingEstimator implements Classifier, SavableEstimator
        permits StandardizedEstimator, ColumnSubsetEstimator {
    private final String name;
    final Estimator inner;

    FeatureMappingEstimator(String name, Estimator inner) {
        this.name = name;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The wrapped estimator (fitted once this is). */
    public Estimator inner() {
        return inner;
    }

    /** What the inner estimator sees of {@code x}. @throws IllegalStateException before fit */
    abstract Tensor innerInput(Tensor x);

    @Override
    public Tensor predict(Tensor x) {
        return inner.predict(innerInput(x));
    }

    /** The inner classifier's probabilities. @throws IllegalStateException when the inner estimator is not a Classifier */
    @Override
    public Tensor predictProba(Tensor x) {
        return classifier("predictProba").predictProba(innerInput(x));
    }

    @Override
    public int classCount() {
        return classifier("classCount").classCount();
    }

    @Override
    public boolean isClassifier() {
        return inner.isClassifier();
    }

    private Classifier classifier(String method) {
        if (inner instanceof Classifier c) return c;
        throw new IllegalStateException(name + "." + method + ": " + inner + " is not a Classifier");
    }

    void checkFitted(boolean fitted) {
        if (!fitted) throw new IllegalStateException(name + " is not fitted yet; call fit(x, y) first");
    }
}
