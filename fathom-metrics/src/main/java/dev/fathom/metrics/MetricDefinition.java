package dev.fathom.metrics;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One metric of the {@link MetricRegistry}: its name and other accepted spellings, the task it
 * judges, its direction, what it is computed from, and how, with the functions of
 * {@link Classification} and {@link Regression} (so it equals scikit-learn's).
 *
 * <pre>{@code
 * MetricDefinition f1 = MetricRegistry.get("f1_macro");
 * f1.compute(Predictions.ofClasses(yTrue, yPred, null));   // = Classification.f1(yTrue, yPred, Average.MACRO)
 * MetricRegistry.get("rmse").scorerName();                  // "neg_root_mean_squared_error"
 * }</pre>
 */
public final class MetricDefinition {
    private final String name;
    private final List<String> aliases;
    private final MetricTask task;
    private final boolean greaterIsBetter;
    private final Set<MetricInput> needs;
    private final String scikitLearnName;
    private final String severalClasses;
    private final ToDoubleFunction<Predictions> compute;
    private final Function<Predictions, String> leftOut;

    MetricDefinition(String name, List<String> aliases, MetricTask task, boolean greaterIsBetter, Set<MetricInput> needs,
                     String scikitLearnName, String severalClasses, ToDoubleFunction<Predictions> compute,
                     Function<Predictions, String> leftOut) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.task = task;
        this.greaterIsBetter = greaterIsBetter;
        this.needs = Set.copyOf(needs);
        this.scikitLearnName = scikitLearnName;
        this.severalClasses = severalClasses;
        this.compute = compute;
        this.leftOut = leftOut;
    }

    /** The name used in logs, reports and JSON, e.g. {@code "f1_macro"}, {@code "rmse"}. */
    public String name() {
        return name;
    }

    /** Other spellings that resolve to this metric, e.g. {@code "acc"}, {@code "root_mean_squared_error"}. */
    public List<String> aliases() {
        return aliases;
    }

    /** The task it judges; a {@link MetricTask#CLASSIFICATION} metric also judges binary problems. */
    public MetricTask task() {
        return task;
    }

    /** Whether a larger value is better: true for scores, false for errors and losses, as scikit-learn's {@code greater_is_better}. */
    public boolean greaterIsBetter() {
        return greaterIsBetter;
    }

    /** What it is computed from besides the true targets. */
    public Set<MetricInput> needs() {
        return needs;
    }

    /** Whether it judges a problem of {@code problem}: its own task, or a binary problem for a classification metric. */
    public boolean appliesTo(MetricTask problem) {
        return task == problem || (task == MetricTask.CLASSIFICATION && problem == MetricTask.BINARY);
    }

    /**
     * Its name as a scikit-learn scorer, which is always higher-is-better: the name of a score, and
     * {@code neg_} before scikit-learn's name of an error ({@code "neg_root_mean_squared_error"}).
     */
    public String scorerName() {
        return greaterIsBetter ? name : "neg_" + scikitLearnName;
    }

    /**
     * For a binary metric that has one, the metric it becomes on several classes (precision →
     * precision_macro, roc_auc → roc_auc_ovr), as Keras-style metrics in {@code fit} use it;
     * else null.
     */
    public String severalClassesForm() {
        return severalClasses;
    }

    /**
     * The metric of {@code p}.
     *
     * @throws IllegalArgumentException when {@code p} is of another task, lacks an input the metric
     *     needs, or the metric is undefined on it (one class only for ROC AUC, a negative value for RMSLE)
     */
    public double compute(Predictions p) {
        if (p.isClassification() != (task != MetricTask.REGRESSION)) {
            throw new IllegalArgumentException(name + " is a " + task.label() + " metric, but these are a "
                    + (p.isClassification() ? "classifier's" : "regressor's") + " predictions; the "
                    + (p.isClassification() ? "classification" : "regression") + " metrics are "
                    + String.join(", ", MetricRegistry.names(p.isClassification() ? MetricTask.BINARY : MetricTask.REGRESSION)));
        }
        for (MetricInput input : MetricInput.values()) {
            if (needs.contains(input) && !p.has(input)) {
                throw new IllegalArgumentException(name + " needs " + describe(input) + ", which the predictions do not hold; "
                        + fix(input));
            }
        }
        return compute.applyAsDouble(p);
    }

    /**
     * Why this metric is left out of a report on {@code p}, as one sentence ("MAPE is left out: 1
     * true value is 0, where a percentage error divides by zero"); null when it is defined.
     */
    public String whyLeftOut(Predictions p) {
        for (MetricInput input : MetricInput.values()) {
            if (needs.contains(input) && !p.has(input)) return name + " is left out: it needs " + describe(input);
        }
        if (task == MetricTask.BINARY && p.classCount() > 2) {
            return name + " is left out: it is for two classes, and there are " + p.classCount();
        }
        return leftOut.apply(p);
    }

    private static String describe(MetricInput input) {
        return switch (input) {
            case LABELS -> "the predicted classes";
            case PROBABILITIES -> "class probabilities";
            case VALUES -> "the predicted values";
            case FEATURE_COUNT -> "the number of features";
        };
    }

    private static String fix(MetricInput input) {
        return switch (input) {
            case LABELS -> "pass yPred to Predictions.ofClasses";
            case PROBABILITIES -> "pass the [samples][classes] probabilities (predictProba) to Predictions.ofClasses";
            case VALUES -> "use Predictions.ofValues";
            case FEATURE_COUNT -> "add it with Predictions.withFeatures";
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
