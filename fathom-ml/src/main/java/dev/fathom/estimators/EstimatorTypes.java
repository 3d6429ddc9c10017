package dev.fathom.estimators;

import dev.fathom.saving.ConfigRegistry;

/**
 * A package's savable estimator types, registered into {@link EstimatorTree#registry()} when it is
 * first used. Found with {@link java.util.ServiceLoader} ({@code provides} in module-info, and
 * {@code META-INF/services} on the class path): this is how the packages above this one, whose
 * classes {@code dev.fathom.estimators} cannot name (ensembles, validation), put their estimators
 * in the registry, so that loading them takes no reflection.
 *
 * <pre>{@code
 * public final class EnsembleEstimatorTypes implements EstimatorTypes {
 *     public void registerInto(ConfigRegistry<EstimatorState, SavableEstimator> registry) {
 *         registry.register("VotingClassifier", VotingClassifier.class, VotingClassifier::fromState);
 *     }
 * }
 * }</pre>
 */
public interface EstimatorTypes {
    /** Registers each of the package's savable estimators under its simple class name. */
    void registerInto(ConfigRegistry<EstimatorState, SavableEstimator> registry);
}
