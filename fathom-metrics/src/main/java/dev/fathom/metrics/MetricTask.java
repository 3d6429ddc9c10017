package dev.fathom.metrics;

/**
 * The kind of problem a metric judges. A {@link #CLASSIFICATION} metric works for any number of
 * classes, two included; a {@link #BINARY} one only for two classes (labels 0 and 1, class 1
 * positive); a {@link #REGRESSION} one for numeric targets.
 *
 * <pre>{@code
 * MetricTask task = MetricTask.ofClasses(pipeline.classes().size());   // BINARY for 2, else CLASSIFICATION
 * MetricRegistry.get("f1").appliesTo(task);
 * }</pre>
 */
public enum MetricTask {
    /** Two classes, 0 and 1: ROC AUC on class 1's score, precision of class 1. */
    BINARY("binary classification"),
    /** Any number of classes: accuracy, macro and weighted averages, one-vs-rest ROC AUC, log loss. */
    CLASSIFICATION("classification"),
    /** Numeric targets: errors and R². */
    REGRESSION("regression");

    private final String label;

    MetricTask(String label) {
        this.label = label;
    }

    /** The task of a classifier with {@code classes} classes: {@link #BINARY} for two (or fewer), else {@link #CLASSIFICATION}. */
    public static MetricTask ofClasses(int classes) {
        return classes <= 2 ? BINARY : CLASSIFICATION;
    }

    /** "binary classification", "classification" or "regression", for messages. */
    public String label() {
        return label;
    }
}
