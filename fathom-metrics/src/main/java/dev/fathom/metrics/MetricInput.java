package dev.fathom.metrics;

/**
 * What a metric is computed from, besides the true targets: the predicted classes, the class
 * probabilities, the predicted values, or the number of features (adjusted R²).
 */
public enum MetricInput {
    /** Predicted class indices, one per sample. */
    LABELS,
    /** Class probabilities, {@code [samples][classes]} (or, for a binary problem, class 1's scores). */
    PROBABILITIES,
    /** Predicted numbers, one per sample and target. */
    VALUES,
    /** The number of features the model was given. */
    FEATURE_COUNT
}
