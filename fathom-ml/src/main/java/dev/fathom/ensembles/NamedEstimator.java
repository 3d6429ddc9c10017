package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;

/**
 * A member of an ensemble: an estimator and the name it is reported and looked up by, as the
 * {@code (name, estimator)} pairs scikit-learn's voting and stacking ensembles take. Names must be
 * unique within an ensemble and non-blank.
 *
 * <pre>{@code
 * VotingClassifier vote = new VotingClassifier(
 *         NamedEstimator.of("knn", new KNeighborsClassifier(5)),
 *         NamedEstimator.of("logistic", new LogisticRegression()));
 * }</pre>
 *
 * @param name how the member is named in messages, {@code toString} and {@code estimator(name)}
 * @param estimator the member; the ensemble fits it in place
 */
public record NamedEstimator(String name, Estimator estimator) {
    /**
     * Checks the pair.
     *
     * @throws IllegalArgumentException when the name is null or blank, or the estimator is null
     */
    public NamedEstimator {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an ensemble member needs a non-blank name, got " + (name == null ? "null" : "'" + name + "'")
                    + (estimator == null ? "" : " for " + estimator) + "; name it as in NamedEstimator.of(\"knn\", estimator)");
        }
        if (estimator == null) throw new IllegalArgumentException("ensemble member '" + name + "' has a null estimator");
    }

    /** The pair {@code (name, estimator)}. */
    public static NamedEstimator of(String name, Estimator estimator) {
        return new NamedEstimator(name, estimator);
    }

    /** {@code name=estimator}. */
    @Override
    public String toString() {
        return name + "=" + estimator;
    }
}
