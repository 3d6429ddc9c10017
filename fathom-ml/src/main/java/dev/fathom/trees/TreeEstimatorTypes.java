package dev.fathom.trees;

import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.EstimatorTypes;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.saving.ConfigRegistry;

/**
 * The tree models a saved estimator tree can name, registered by name into
 * {@link dev.fathom.estimators.EstimatorTree#registry()}. {@link java.util.ServiceLoader} finds
 * this class; there is no need to call it.
 *
 * <pre>{@code
 * EstimatorTree.registry().has("RandomForestClassifier");   // true
 * }</pre>
 */
public final class TreeEstimatorTypes implements EstimatorTypes {
    /** For {@link java.util.ServiceLoader}. */
    public TreeEstimatorTypes() {}

    @Override
    public void registerInto(ConfigRegistry<EstimatorState, SavableEstimator> registry) {
        registry.register("DecisionTreeClassifier", DecisionTreeClassifier.class, DecisionTreeClassifier::fromState)
                .register("DecisionTreeRegressor", DecisionTreeRegressor.class, DecisionTreeRegressor::fromState)
                .register("RandomForestClassifier", RandomForestClassifier.class, RandomForestClassifier::fromState)
                .register("RandomForestRegressor", RandomForestRegressor.class, RandomForestRegressor::fromState)
                .register("ExtraTreesClassifier", ExtraTreesClassifier.class, ExtraTreesClassifier::fromState)
                .register("ExtraTreesRegressor", ExtraTreesRegressor.class, ExtraTreesRegressor::fromState)
                .register("HistGradientBoostingClassifier", HistGradientBoostingClassifier.class, HistGradientBoostingClassifier::fromState)
                .register("HistGradientBoostingRegressor", HistGradientBoostingRegressor.class, HistGradientBoostingRegressor::fromState);
    }
}
