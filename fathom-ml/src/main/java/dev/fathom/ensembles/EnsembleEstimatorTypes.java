package dev.fathom.ensembles;

import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.EstimatorTypes;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.saving.ConfigRegistry;

/**
 * The ensembles a saved estimator tree can name, registered by name into
 * {@link dev.fathom.estimators.EstimatorTree#registry()}. {@link java.util.ServiceLoader} finds
 * this class; there is no need to call it.
 *
 * <pre>{@code
 * EstimatorTree.registry().has("VotingClassifier");   // true
 * }</pre>
 */
public final class EnsembleEstimatorTypes implements EstimatorTypes {
    /** For {@link java.util.ServiceLoader}. */
    public EnsembleEstimatorTypes() {}

    @Override
    public void registerInto(ConfigRegistry<EstimatorState, SavableEstimator> registry) {
        registry.register("BaggingClassifier", BaggingClassifier.class, BaggingClassifier::fromState)
                .register("BaggingRegressor", BaggingRegressor.class, BaggingRegressor::fromState)
                .register("StackingClassifier", StackingClassifier.class, StackingClassifier::fromState)
                .register("StackingRegressor", StackingRegressor.class, StackingRegressor::fromState)
                .register("VotingClassifier", VotingClassifier.class, VotingClassifier::fromState)
                .register("VotingRegressor", VotingRegressor.class, VotingRegressor::fromState);
    }
}
