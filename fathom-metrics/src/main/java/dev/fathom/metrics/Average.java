package dev.fathom.metrics;

/**
 * How per-class precision, recall and F1 are combined into one number, as scikit-learn's
 * {@code average} argument.
 */
public enum Average {
    /** The positive class (label 1) of a binary problem only; labels must be 0 and 1. */
    BINARY,
    /** The unweighted mean over classes: every class counts the same, however rare. */
    MACRO,
    /** Counts true and false positives and negatives over all classes first (equals accuracy for single-label data). */
    MICRO,
    /** The mean over classes weighted by each class's number of true samples (support). */
    WEIGHTED
}
