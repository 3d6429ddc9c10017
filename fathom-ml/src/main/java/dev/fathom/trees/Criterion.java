package dev.fathom.trees;

/**
 * What a CART tree's split minimizes, as scikit-learn's {@code criterion}: the weighted impurity of
 * the two children. {@link #GINI} ({@code 1 - Σ p²}) and {@link #ENTROPY} ({@code -Σ p log₂ p}) for
 * classification, {@link #SQUARED_ERROR} (the variance, summed over the targets) for regression.
 *
 * <pre>{@code
 * new RandomForestClassifier().criterion(Criterion.ENTROPY);
 * }</pre>
 */
public enum Criterion {
    /** Gini impurity, {@code 1 - Σ p_c²}: scikit-learn's default for classification. */
    GINI,
    /** Shannon entropy in bits, {@code -Σ p_c log₂ p_c}. */
    ENTROPY,
    /** The mean squared deviation from the node's mean: regression. */
    SQUARED_ERROR;

    boolean forClassification() {
        return this != SQUARED_ERROR;
    }
}
