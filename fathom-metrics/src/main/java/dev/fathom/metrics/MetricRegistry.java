package dev.fathom.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every metric Fathom knows, each defined once: its name and aliases, the task it judges, whether
 * higher is better, what it needs, and how it is computed. {@code compile(..., "accuracy")} and
 * {@code fit}'s logs, the cross-validation scorers, the {@code fathom train} report and
 * {@code fathom evaluate} all resolve names here, so a name means the same number everywhere.
 *
 * <p>Classification: {@code accuracy} ({@code acc}), {@code balanced_accuracy}, {@code precision},
 * {@code recall} and {@code f1} of class 1 (binary), their {@code _macro}, {@code _micro} and
 * {@code _weighted} averages over classes, {@code roc_auc} ({@code auc}; binary),
 * {@code roc_auc_ovr} and {@code roc_auc_ovr_weighted} (one-vs-rest), {@code average_precision}
 * (binary), {@code log_loss}, and {@code baseline_accuracy} (always predicting the most frequent
 * true class, as a floor for accuracy). Regression: {@code r2}, {@code adjusted_r2}, {@code mse},
 * {@code rmse}, {@code mae}, {@code mape} and {@code rmsle}, each also under scikit-learn's long
 * name ({@code root_mean_squared_error}).
 *
 * <pre>{@code
 * MetricRegistry.get("acc").name();                       // "accuracy"
 * MetricRegistry.get("rmse").greaterIsBetter();           // false
 * MetricRegistry.get("r2", MetricTask.BINARY);            // IllegalArgumentException: r2 is a regression metric, ...
 * MetricRegistry.names(MetricTask.REGRESSION);            // [r2, adjusted_r2, mse, rmse, mae, mape, rmsle]
 * }</pre>
 */
public final class MetricRegistry {
    private MetricRegistry() {}

    private static final List<MetricDefinition> ALL = new ArrayList<>();
    /** Every name and alias, lower case, to its metric. */
    private static final Map<String, MetricDefinition> BY_NAME = new LinkedHashMap<>();
    /** The rows of the table while the static block fills it in (it must be initialized before that block runs). */
    private static final List<Entry> ENTRIES = new ArrayList<>();

    static {
        classification("accuracy", List.of("acc"), p -> Classification.accuracy(p.trueClasses(), p.predictedClasses()));
        classification("balanced_accuracy", List.of(), p -> Classification.balancedAccuracy(p.trueClasses(), p.predictedClasses()));
        for (String kind : List.of("precision", "recall", "f1")) {
            add(new Entry(kind, MetricTask.BINARY, true, EnumSet.of(MetricInput.LABELS), p -> averaged(kind, p, Average.BINARY))
                    .severalClasses(kind + "_macro"));
        }
        for (Average average : List.of(Average.MACRO, Average.MICRO, Average.WEIGHTED)) {
            for (String kind : List.of("precision", "recall", "f1")) {
                classification(kind + "_" + average.name().toLowerCase(Locale.ROOT), List.of(), p -> averaged(kind, p, average));
            }
        }
        add(new Entry("roc_auc", MetricTask.BINARY, true, EnumSet.of(MetricInput.PROBABILITIES),
                p -> Classification.rocAuc(p.trueClasses(), twoClassScores(p, "roc_auc", "'roc_auc_ovr' or 'roc_auc_ovr_weighted'")))
                .aliases("auc").severalClasses("roc_auc_ovr").leftOut(MetricRegistry::rocAucLeftOut));
        add(new Entry("roc_auc_ovr", MetricTask.CLASSIFICATION, true, EnumSet.of(MetricInput.PROBABILITIES),
                p -> Classification.rocAuc(p.trueClasses(), p.probabilities(), Average.MACRO)).leftOut(MetricRegistry::rocAucLeftOut));
        add(new Entry("roc_auc_ovr_weighted", MetricTask.CLASSIFICATION, true, EnumSet.of(MetricInput.PROBABILITIES),
                p -> Classification.rocAuc(p.trueClasses(), p.probabilities(), Average.WEIGHTED)).leftOut(MetricRegistry::rocAucLeftOut));
        add(new Entry("average_precision", MetricTask.BINARY, true, EnumSet.of(MetricInput.PROBABILITIES),
                p -> Classification.averagePrecision(p.trueClasses(), twoClassScores(p, "average_precision",
                        "'roc_auc_ovr' or 'f1_macro'"))));
        add(new Entry("log_loss", MetricTask.CLASSIFICATION, false, EnumSet.of(MetricInput.PROBABILITIES),
                p -> Classification.logLoss(p.trueClasses(), p.probabilities())).scikitLearn("log_loss"));
        // Reads the true classes only: the accuracy a model must beat to have learned anything.
        add(new Entry("baseline_accuracy", MetricTask.CLASSIFICATION, true, EnumSet.noneOf(MetricInput.class),
                MetricRegistry::majorityShare));

        add(new Entry("r2", MetricTask.REGRESSION, true, EnumSet.of(MetricInput.VALUES),
                p -> Regression.r2(p.trueValues(), p.predictedValues(), p.targets()))
                .leftOut(p -> p.size() < 2 ? "R² is left out: it needs at least 2 rows" : null));
        add(new Entry("adjusted_r2", MetricTask.REGRESSION, true, EnumSet.of(MetricInput.VALUES, MetricInput.FEATURE_COUNT),
                MetricRegistry::adjustedR2)
                .leftOut(p -> p.size() <= p.features() + 1 ? "adjusted R² is left out: it needs more rows than the model's "
                        + p.features() + " features + 1" : null));
        error("mse", "mean_squared_error", p -> Regression.mse(p.trueValues(), p.predictedValues()));
        error("rmse", "root_mean_squared_error", p -> Regression.rmse(p.trueValues(), p.predictedValues(), p.targets()));
        error("mae", "mean_absolute_error", p -> Regression.mae(p.trueValues(), p.predictedValues()));
        error("mape", "mean_absolute_percentage_error", p -> Regression.mape(p.trueValues(), p.predictedValues()))
                .leftOut(MetricRegistry::mapeLeftOut);
        error("rmsle", "root_mean_squared_log_error", p -> Regression.rmsle(p.trueValues(), p.predictedValues(), p.targets()))
                .leftOut(MetricRegistry::rmsleLeftOut);
        for (Entry e : ENTRIES) {
            MetricDefinition d = e.build();
            ALL.add(d);
            List<String> spellings = new ArrayList<>(d.aliases());
            spellings.addFirst(d.name());
            // A spelling used twice would make one name mean two metrics.
            for (String n : spellings) if (BY_NAME.put(n, d) != null) throw new IllegalStateException("metric name '" + n + "' is defined twice");
        }
        ENTRIES.clear();
    }

    /** Every metric, classification first, in the order of this class's documentation. */
    public static List<MetricDefinition> all() {
        return List.copyOf(ALL);
    }

    /** The names of the metrics that judge a problem of {@code task} (for {@link MetricTask#BINARY}, every classification metric). */
    public static List<String> names(MetricTask task) {
        return ALL.stream().filter(d -> d.appliesTo(task)).map(MetricDefinition::name).toList();
    }

    /** The metric of this name or alias (any case), if there is one. */
    public static Optional<MetricDefinition> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * The metric of this name or alias (any case).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones by task
     */
    public static MetricDefinition get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + name + "'; the classification metrics are "
                + String.join(", ", names(MetricTask.BINARY)) + "; the regression metrics are "
                + String.join(", ", names(MetricTask.REGRESSION))));
    }

    /**
     * The metric of this name or alias that judges a problem of {@code task}.
     *
     * @throws IllegalArgumentException for an unknown name or a metric of another task, listing the
     *     metrics of {@code task}
     */
    public static MetricDefinition get(String name, MetricTask task) {
        String known = "; the " + task.label() + " metrics are " + String.join(", ", names(task));
        MetricDefinition d = find(name).orElseThrow(() -> new IllegalArgumentException("unknown " + task.label() + " metric '" + name
                + "'" + known));
        if (d.appliesTo(task)) return d;
        if (d.severalClassesForm() != null && task == MetricTask.CLASSIFICATION) {
            throw new IllegalArgumentException("'" + name + "' is for two classes, but the problem has several; use '"
                    + d.severalClassesForm() + "'" + known);
        }
        throw new IllegalArgumentException("'" + name + "' is a " + d.task().label() + " metric, but the problem is " + task.label() + known);
    }

    // ---- the computations that are more than one call ----------------------------------------

    private static double averaged(String kind, Predictions p, Average average) {
        return switch (kind) {
            case "precision" -> Classification.precision(p.trueClasses(), p.predictedClasses(), average);
            case "recall" -> Classification.recall(p.trueClasses(), p.predictedClasses(), average);
            default -> Classification.f1(p.trueClasses(), p.predictedClasses(), average);
        };
    }

    /** Class 1's scores of a two-class problem; several probability columns are refused, naming what fits them. */
    private static double[] twoClassScores(Predictions p, String metric, String instead) {
        int columns = p.probabilities()[0].length;
        if (columns != 2) {
            throw new IllegalArgumentException("'" + metric + "' is for two classes, but the probabilities have " + columns
                    + " columns (classes); for several classes use " + instead);
        }
        return p.positiveScores();
    }

    private static double majorityShare(Predictions p) {
        int[] y = p.trueClasses();
        Metrics.checkNotEmpty("yTrue", y.length);
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        int most = 0;
        for (int c : y) most = Math.max(most, counts.merge(c, 1, Integer::sum));
        return (double) most / y.length;
    }

    private static double adjustedR2(Predictions p) {
        if (p.targets() != 1) {
            throw new IllegalArgumentException("adjusted_r2 scores one target, but the predictions have " + p.targets()
                    + "; use r2, which averages the targets' R²");
        }
        return Regression.adjustedR2(p.trueValues(), p.predictedValues(), p.features());
    }

    /** ROC AUC needs every class the model knows among the true classes: each class's curve needs rows of it and of the others. */
    private static String rocAucLeftOut(Predictions p) {
        int k = p.classCount();
        boolean[] present = new boolean[k];
        for (int c : p.trueClasses()) if (c >= 0 && c < k) present[c] = true;
        List<String> absent = new ArrayList<>();
        for (int c = 0; c < k; c++) if (!present[c]) absent.add(p.className(c));
        if (absent.isEmpty()) return null;
        return "ROC AUC is left out: the data has no rows of class" + (absent.size() == 1 ? " " : "es ") + String.join(", ", absent)
                + ", and a class's ROC curve needs rows of it and of the others";
    }

    private static String mapeLeftOut(Predictions p) {
        long zeros = Arrays.stream(p.trueValues()).filter(v -> v == 0).count();
        if (zeros == 0) return null;
        return "MAPE is left out: " + plural(zeros, "true value") + (zeros == 1 ? " is" : " are") + " 0, where a percentage error divides"
                + " by zero";
    }

    private static String rmsleLeftOut(Predictions p) {
        long negative = Arrays.stream(p.trueValues()).filter(v -> v < 0).count() + Arrays.stream(p.predictedValues()).filter(v -> v < 0).count();
        if (negative == 0) return null;
        return "RMSLE is left out: it takes the logarithm of 1 + value, and " + plural(negative, "value") + " (true or predicted) "
                + (negative == 1 ? "is" : "are") + " negative";
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---- building the table ------------------------------------------------------------------

    private static Entry add(Entry e) {
        ENTRIES.add(e);
        return e;
    }

    private static void classification(String name, List<String> aliases, ToDoubleFunction<Predictions> compute) {
        add(new Entry(name, MetricTask.CLASSIFICATION, true, EnumSet.of(MetricInput.LABELS), compute).aliases(aliases.toArray(String[]::new)));
    }

    /** A regression error: lower is better, and scikit-learn's long name is an alias and the scorer's name. */
    private static Entry error(String name, String scikitLearnName, ToDoubleFunction<Predictions> compute) {
        return add(new Entry(name, MetricTask.REGRESSION, false, EnumSet.of(MetricInput.VALUES), compute).aliases(scikitLearnName)
                .scikitLearn(scikitLearnName));
    }

    /** One row of the table, filled in by the static block and built once. */
    private static final class Entry {
        final String name;
        final MetricTask task;
        final boolean greaterIsBetter;
        final Set<MetricInput> needs;
        final ToDoubleFunction<Predictions> compute;
        List<String> aliases = List.of();
        String scikitLearnName;
        String severalClasses;
        Function<Predictions, String> leftOut = p -> null;

        Entry(String name, MetricTask task, boolean greaterIsBetter, Set<MetricInput> needs, ToDoubleFunction<Predictions> compute) {
            this.name = name;
            this.task = task;
            this.greaterIsBetter = greaterIsBetter;
            this.needs = needs;
            this.compute = compute;
            this.scikitLearnName = name;
        }

        Entry aliases(String... names) {
            aliases = List.of(names);
            return this;
        }

        Entry scikitLearn(String name) {
            scikitLearnName = name;
            return this;
        }

        Entry severalClasses(String name) {
            severalClasses = name;
            return this;
        }

        Entry leftOut(Function<Predictions, String> reason) {
            leftOut = reason;
            return this;
        }

        MetricDefinition build() {
            return new MetricDefinition(name, aliases, task, greaterIsBetter, needs, scikitLearnName, severalClasses, compute, leftOut);
        }
    }
}
