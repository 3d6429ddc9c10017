package dev.fathom.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics a report shows for one task, in one fixed order, so that {@code fathom train}'s
 * report and {@code fathom evaluate} print the same names with the same values. A metric that is
 * undefined on the data at hand (ROC AUC without rows of some class, MAPE with a true value of 0)
 * is left out with a note that says why, instead of failing the whole report.
 *
 * <p>The standard bundles:
 * <ul>
 *   <li>classification: accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro,
 *       precision_weighted, recall_weighted, f1_weighted, log_loss, roc_auc_ovr ({@code roc_auc}
 *       for two classes), baseline_accuracy;</li>
 *   <li>regression: rmse, mae, r2, adjusted_r2, mape, rmsle.</li>
 * </ul>
 *
 * <pre>{@code
 * MetricBundle.Scores s = MetricBundle.standard(MetricTask.ofClasses(classes.size()))
 *         .score(Predictions.ofClasses(yTrue, yPred, proba).withClassNames(classes));
 * s.values();   // {accuracy=0.96, balanced_accuracy=0.96, ...}
 * s.notes();    // ["ROC AUC is left out: the data has no rows of class virginica, ..."], or none
 * }</pre>
 */
public final class MetricBundle {
    private static final List<String> CLASSIFICATION = List.of("accuracy", "balanced_accuracy", "precision_macro", "recall_macro",
            "f1_macro", "precision_weighted", "recall_weighted", "f1_weighted", "log_loss", "roc_auc_ovr", "baseline_accuracy");
    private static final List<String> REGRESSION = List.of("rmse", "mae", "r2", "adjusted_r2", "mape", "rmsle");

    private final MetricTask task;
    private final List<MetricDefinition> metrics;

    private MetricBundle(MetricTask task, List<MetricDefinition> metrics) {
        this.task = task;
        this.metrics = List.copyOf(metrics);
    }

    /** The standard bundle of {@code task}: for {@link MetricTask#BINARY}, ROC AUC is {@code roc_auc} on class 1. */
    public static MetricBundle standard(MetricTask task) {
        List<String> names = switch (task) {
            case BINARY -> CLASSIFICATION.stream().map(n -> n.equals("roc_auc_ovr") ? "roc_auc" : n).toList();
            case CLASSIFICATION -> CLASSIFICATION;
            case REGRESSION -> REGRESSION;
        };
        return of(task, names.toArray(String[]::new));
    }

    /**
     * A bundle of your own, in the order given.
     *
     * @throws IllegalArgumentException for a name that is not a metric of {@code task}
     */
    public static MetricBundle of(MetricTask task, String... names) {
        Objects.requireNonNull(task, "task");
        List<MetricDefinition> list = new ArrayList<>();
        for (String n : names) list.add(MetricRegistry.get(n, task));
        return new MetricBundle(task, list);
    }

    /** The task whose problems this bundle judges. */
    public MetricTask task() {
        return task;
    }

    /** The metrics, in report order. */
    public List<MetricDefinition> metrics() {
        return metrics;
    }

    /** The metrics' names, in report order. */
    public List<String> names() {
        return metrics.stream().map(MetricDefinition::name).toList();
    }

    /**
     * Every metric of the bundle that is defined on {@code p}, in order, and a note for each one left out.
     *
     * @throws IllegalArgumentException when {@code p} is of another task, or a metric fails on it
     *     for a reason other than those the notes describe (lengths that differ, a class index
     *     without a probability column)
     */
    public Scores score(Predictions p) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (MetricDefinition m : metrics) {
            String why = p.isClassification() == (task != MetricTask.REGRESSION) ? m.whyLeftOut(p) : null;
            if (why != null) notes.add(why);
            else values.put(m.name(), m.compute(p));
        }
        return new Scores(Collections.unmodifiableMap(values), List.copyOf(notes));
    }

    /**
     * What {@link #score} found.
     *
     * @param values metric name to value, in the bundle's order; only metrics defined on the data
     * @param notes  why each metric missing from {@code values} was left out
     */
    public record Scores(Map<String, Double> values, List<String> notes) {}

    @Override
    public String toString() {
        return task.label() + " metrics " + names();
    }
}
