package dev.fathom.estimators;

/**
 * An estimator that measures its own features' importance as it fits, such as a tree ensemble's
 * total impurity decrease per feature: the hook {@code dev.fathom.explain.Explanations#modelImportances}
 * reads. Values are one per feature of the matrix the estimator was fitted on, non-negative,
 * usually summing to 1.
 *
 * <pre>{@code
 * if (fitted instanceof FeatureImportances f) f.featureImportances();   // [features]
 * }</pre>
 */
public interface FeatureImportances {
    /** One importance per feature of the fitted matrix. @throws IllegalStateException when not fitted */
    double[] featureImportances();
}
