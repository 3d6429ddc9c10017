package dev.fathom.validation;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricInput;
import dev.fathom.metrics.MetricRegistry;
import dev.fathom.metrics.MetricTask;
import dev.fathom.metrics.Predictions;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a fitted estimator is scored on held-out data, by name as scikit-learn's scorers: always
 * higher is better, so errors come negated ({@code "neg_rmse"} is minus the RMSE) and model
 * selection can take the maximum of any scorer. {@link #score} returns the signed score;
 * {@link #metric} turns it back into the metric's own value (an RMSE of 3.2, not -3.2). The
 * built-in scorers are the metrics of {@link MetricRegistry} that judge predictions, each under
 * its {@linkplain MetricDefinition#scorerName() scorer name}, so a scorer computes exactly what
 * the report's metric of the same name shows.
 *
 * <p>Classification: {@code accuracy}, {@code balanced_accuracy}, {@code f1}, {@code precision},
 * {@code recall} (binary, class 1), their {@code _macro}, {@code _micro} and {@code _weighted}
 * variants, {@code roc_auc} (binary), {@code roc_auc_ovr} and {@code roc_auc_ovr_weighted}
 * (one-vs-rest), {@code average_precision} and {@code neg_log_loss}. Regression: {@code r2},
 * {@code neg_mean_squared_error}, {@code neg_root_mean_squared_error},
 * {@code neg_mean_absolute_error}, {@code neg_mean_absolute_percentage_error} and
 * {@code neg_root_mean_squared_log_error}, or their short forms {@code neg_mse}, {@code neg_rmse},
 * {@code neg_mae}, {@code neg_mape}, {@code neg_rmsle}. The registry's aliases work too
 * ({@code acc}, {@code auc}).
 *
 * <pre>{@code
 * Scorer f1 = Scorer.of("f1_macro");
 * double s = f1.score(new KNeighborsClassifier(5).fit(xTrain, yTrain), xTest, yTest);
 * Scorer rmse = Scorer.of("neg_rmse");
 * double signed = rmse.score(regressor, xTest, yTest);   // -3.2
 * rmse.metric(signed);                                   // 3.2
 * }</pre>
 */
public final class Scorer {
    /** Which estimators a scorer can judge. */
    public enum Task {
        /** Scores predicted classes or class probabilities of a classifier. */
        CLASSIFICATION,
        /** Scores predicted values of a regressor. */
        REGRESSION
    }

    /** A metric of true targets and an estimator's predictions (or probabilities), in its own sign. */
    @FunctionalInterface
    public interface Metric {
        /** The metric of {@code yTrue} and {@code output}: predictions, or class probabilities for scorers that need them. */
        double compute(Tensor yTrue, Tensor output);
    }

    private static final Map<String, Scorer> BUILT_IN = new LinkedHashMap<>();
    /** Other spellings of a built-in scorer ("neg_rmse", "acc") to its name. */
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        for (MetricDefinition d : MetricRegistry.all()) {
            // A scorer sees the true targets and the predictions only: not the number of features
            // (adjusted R²), and a metric of the true targets alone (baseline_accuracy) cannot tell models apart.
            if (d.needs().isEmpty() || d.needs().contains(MetricInput.FEATURE_COUNT)) continue;
            Task task = d.task() == MetricTask.REGRESSION ? Task.REGRESSION : Task.CLASSIFICATION;
            boolean proba = d.needs().contains(MetricInput.PROBABILITIES);
            add(new Scorer(d.scorerName(), task, d.greaterIsBetter(), proba, (y, output) -> d.compute(predictions(d, y, output))));
            List<String> spellings = new ArrayList<>(List.of(d.name()));
            spellings.addAll(d.aliases());
            for (String spelling : spellings) {
                String alias = d.greaterIsBetter() ? spelling : "neg_" + spelling;
                if (!alias.equals(d.scorerName())) ALIASES.put(alias, d.scorerName());
            }
        }
    }

    private final String name;
    private final Task task;
    private final boolean greaterIsBetter;
    private final boolean needsProba;
    private final Metric metric;

    private Scorer(String name, Task task, boolean greaterIsBetter, boolean needsProba, Metric metric) {
        this.name = name;
        this.task = task;
        this.greaterIsBetter = greaterIsBetter;
        this.needsProba = needsProba;
        this.metric = metric;
    }

    private static void add(Scorer s) {
        BUILT_IN.put(s.name, s);
    }

    /**
     * The built-in scorer of this name (or short form).
     *
     * @throws IllegalArgumentException for an unknown name, suggesting the closest one; an error
     *     metric without {@code neg_} is told to add it
     */
    public static Scorer of(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Scorer.of: the scorer name is blank; the scorers are " + names());
        String key = name.strip().toLowerCase(java.util.Locale.ROOT);
        Scorer s = BUILT_IN.get(ALIASES.getOrDefault(key, key));
        if (s != null) return s;
        if (MetricRegistry.find(key).filter(d -> !d.greaterIsBetter()).isPresent()) {
            throw new IllegalArgumentException("Scorer.of: '" + name + "' is an error, where lower is better, but scorers are"
                    + " higher-is-better; use 'neg_" + key + "' (its score is minus the error)");
        }
        List<String> candidates = new ArrayList<>(BUILT_IN.keySet());
        candidates.addAll(ALIASES.keySet());
        String near = Params.closest(key, candidates);
        throw new IllegalArgumentException("Scorer.of: no scorer named '" + name + "'" + (near != null ? "; did you mean '" + near + "'?" : ".")
                + " The scorers are " + names());
    }

    /** Every built-in scorer's name, classification ones first. */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /** Accuracy for a classifier, R² for a regressor: what {@link Estimator#score} gives, and scikit-learn's default. */
    public static Scorer defaultFor(Estimator estimator) {
        return BUILT_IN.get(estimator.isClassifier() ? "accuracy" : "r2");
    }

    /**
     * A scorer of your own, as scikit-learn's {@code make_scorer}: {@code metric} of the true targets
     * and the predictions ({@code needsProba}: the {@code [samples, classes]} probabilities); when
     * {@code greaterIsBetter} is false its value is negated, so that higher is still better.
     */
    public static Scorer custom(String name, Task task, boolean greaterIsBetter, boolean needsProba, Metric metric) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        return new Scorer(name, task, greaterIsBetter, needsProba, metric);
    }

    /** The scorer's name, e.g. {@code "f1_macro"}. */
    public String name() {
        return name;
    }

    /** Whether it judges classifiers or regressors. */
    public Task task() {
        return task;
    }

    /** Whether the metric itself grows with quality; false for errors, which {@link #score} negates. */
    public boolean greaterIsBetter() {
        return greaterIsBetter;
    }

    /** Whether it scores class probabilities rather than predicted classes. */
    public boolean needsProba() {
        return needsProba;
    }

    /**
     * Checks that this scorer can judge {@code estimator}, before any training.
     *
     * @throws IllegalArgumentException naming the scorer, the estimator and the scorers that fit
     */
    public void check(Estimator estimator) {
        boolean classifier = estimator.isClassifier();
        if (task == Task.CLASSIFICATION && !classifier) {
            throw new IllegalArgumentException("scorer '" + name + "' scores classifiers, but " + estimator + " is a regressor;"
                    + " use a regression scorer: r2, neg_rmse, neg_mse, neg_mae, neg_mape, neg_rmsle");
        }
        if (task == Task.REGRESSION && classifier) {
            throw new IllegalArgumentException("scorer '" + name + "' scores regressors, but " + estimator + " is a classifier;"
                    + " use a classification scorer: accuracy, balanced_accuracy, f1_macro, roc_auc, neg_log_loss, ...");
        }
        if (needsProba && !(estimator instanceof Classifier)) {
            throw new IllegalArgumentException("scorer '" + name + "' needs class probabilities, but " + estimator
                    + " is not a Classifier (it has no predictProba); use 'accuracy' or 'f1_macro'");
        }
    }

    /**
     * The score of a fitted estimator on {@code x} and {@code y}: the metric, negated when lower is better.
     *
     * @throws IllegalArgumentException when the scorer does not fit the estimator (see {@link #check})
     */
    public double score(Estimator fitted, Tensor x, Tensor y) {
        check(fitted);
        Tensor output = needsProba ? ((Classifier) fitted).predictProba(x) : fitted.predict(x);
        double value = metric.compute(y, output);
        return greaterIsBetter ? value : -value;
    }

    /**
     * The score of stored outputs against {@code y}, as {@link #score} gives for an estimator that
     * output them: {@code outputs} holds one row per sample, class probabilities for a
     * classification scorer (the predicted class is the row's largest) or the predicted values of
     * a regression one. For scoring out-of-fold predictions without refitting (ensemble selection).
     */
    public double scoreOutputs(Tensor y, double[][] outputs) {
        int n = outputs.length;
        int width = n == 0 ? 0 : outputs[0].length;
        Tensor output;
        if (task == Task.CLASSIFICATION && !needsProba) {
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < width; k++) if (outputs[i][k] > outputs[i][best]) best = k;
                classes[i] = best;
            }
            output = Tensor.of(classes, n);
        } else {
            float[] flat = new float[n * width];
            for (int i = 0; i < n; i++) for (int k = 0; k < width; k++) flat[i * width + k] = (float) outputs[i][k];
            output = task == Task.REGRESSION && width == 1 && y.rank() == 1 ? Tensor.of(flat, n) : Tensor.of(flat, n, width);
        }
        double value = metric.compute(y, output);
        return greaterIsBetter ? value : -value;
    }

    /** The metric's own value of a score from {@link #score}: undoes the negation of errors. */
    public double metric(double score) {
        return greaterIsBetter ? score : -score;
    }

    /** Class indices of a {@code [n]} or {@code [n, 1]} tensor of whole numbers >= 0. */
    static int[] labels(Tensor y) {
        if (y.rank() > 2 || (y.rank() == 2 && y.shape(1) != 1)) {
            throw new IllegalArgumentException("class labels must be [samples] class indices, got shape "
                    + java.util.Arrays.toString(y.shape()) + (y.rank() == 2 ? "; for one-hot rows use y.argmax(1)" : ""));
        }
        double[] v = y.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException("class labels must be whole numbers >= 0; sample " + i + " is " + Params.show(v[i])
                        + "; for a continuous target use a regressor and a regression scorer (r2, neg_rmse)");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The registry's input of {@code metric}: the true targets with the predicted classes, probabilities or values. */
    private static Predictions predictions(MetricDefinition metric, Tensor y, Tensor output) {
        if (metric.task() == MetricTask.REGRESSION) {
            // A [samples, targets] y is several targets: R², RMSE and RMSLE score each and average, as scikit-learn does.
            int targets = y.rank() < 2 || y.shape(0) == 0 ? 1 : y.size() / y.shape(0);
            return Predictions.ofValues(y.toDoubleArray(), output.toDoubleArray(), targets);
        }
        return metric.needs().contains(MetricInput.PROBABILITIES) ? Predictions.ofClasses(labels(y), null, rows(output))
                : Predictions.ofClasses(labels(y), output.toIntArray(), null);
    }

    private static double[][] rows(Tensor p) {
        double[] flat = p.toDoubleArray();
        int cols = p.shape(1);
        double[][] out = new double[p.shape(0)][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
