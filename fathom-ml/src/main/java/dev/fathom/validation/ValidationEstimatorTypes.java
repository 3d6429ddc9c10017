package dev.fathom.validation;

import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.EstimatorTypes;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.saving.ConfigRegistry;

/**
 * The estimators of this package a saved estimator tree can name ({@link StandardizedEstimator}),
 * registered by name into {@link dev.fathom.estimators.EstimatorTree#registry()}.
 * {@link java.util.ServiceLoader} finds this class; there is no need to call it.
 *
 * <pre>{@code
 * EstimatorTree.registry().has("StandardizedEstimator");   // true
 * }</pre>
 */
public final class ValidationEstimatorTypes implements EstimatorTypes {
    /** For {@link java.util.ServiceLoader}. */
    public ValidationEstimatorTypes() {}

    @Override
    public void registerInto(ConfigRegistry<EstimatorState, SavableEstimator> registry) {
        registry.register("StandardizedEstimator", StandardizedEstimator.class, StandardizedEstimator::fromState);
        registry.register("ColumnSubsetEstimator", ColumnSubsetEstimator.class, ColumnSubsetEstimator::fromState);
    }
}
