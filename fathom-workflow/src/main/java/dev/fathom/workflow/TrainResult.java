package dev.fathom.workflow;

import dev.fathom.datasets.ReferenceScore;
import dev.fathom.pipeline.Pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link Fathom#train} found and made: the problem and the warnings about the data, the
 * preparation of each column, the leaderboard and the winner's comparison with the runner-up, the
 * fitted {@link Pipeline}, its scores on the untouched test split, the diagnosis, and the files
 * written.
 *
 * <pre>{@code
 * TrainResult r = Fathom.train(Datasets.load("digits"), TrainOptions.defaults());
 * System.out.println(r.leaderboard());
 * System.out.println(r.comparison().verdict());
 * r.testMetrics().get("accuracy");                // 0.98
 * r.referenceScore().ifPresent(System.out::println);
 * Pipeline model = r.best();                      // also saved: r.modelPath()
 * }</pre>
 *
 * @param dataName        the data's name (the file, folder or built-in data set)
 * @param problem         what is predicted, and why this task
 * @param warnings        what can mislead a model on this data, with the action taken
 * @param preparation     how each input column is prepared, and why
 * @param leaderboard     every model cross-validated on the training split, best first
 * @param comparison      the winner against the runner-up (empty with fewer than two models)
 * @param best            the final model with its preprocessing, fitted on the whole training split
 * @param testMetrics     the final model's scores on the test split, e.g. accuracy, f1_macro, roc_auc or r2, rmse, mae
 * @param referenceScore  a published score on the same data and metric, when one is known
 * @param diagnosis       over- or underfitting, with the numbers and advice
 * @param decisions       every decision taken, with its reason, in order (as printed)
 * @param interrupted     whether training was stopped early (Ctrl-C or {@link StopSignal}); the best model so far was kept
 * @param outputDir       the folder holding the files below
 */
public record TrainResult(String dataName, Problem problem, List<DataWarning> warnings, List<ColumnPlan> preparation,
                          Leaderboard leaderboard, Optional<Comparison> comparison, Pipeline best, Map<String, Double> testMetrics,
                          Optional<ReferenceScore> referenceScore, ModelDiagnosis diagnosis, List<String> decisions,
                          boolean interrupted, Path outputDir) {
    /** The saved model's file name in {@link #outputDir}. */
    public static final String MODEL_FILE = "model.fathom";
    /** The test predictions' file name. */
    public static final String PREDICTIONS_FILE = "predictions.csv";
    /** The report's file name. */
    public static final String REPORT_FILE = "report.html";
    /** Each training row's cross-validation fold (tables): {@code row,fold}, the row numbered as in predictions.csv. */
    public static final String FOLDS_FILE = "folds.csv";

    /** Checks every part is given and copies the lists. */
    public TrainResult {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(best, "best");
        warnings = List.copyOf(warnings);
        preparation = List.copyOf(preparation);
        testMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(testMetrics));   // in the order given
        decisions = List.copyOf(decisions);
    }

    /** The saved model (with its preprocessing): load it with {@code Pipeline.load}. */
    public Path modelPath() {
        return outputDir.resolve(MODEL_FILE);
    }

    /** The test split's predictions as CSV. */
    public Path predictionsPath() {
        return outputDir.resolve(PREDICTIONS_FILE);
    }

    /** Each training row's cross-validation fold as CSV, where the run wrote it (tables of one target). */
    public Path foldsPath() {
        return outputDir.resolve(FOLDS_FILE);
    }

    /** The self-contained HTML report. */
    public Path reportPath() {
        return outputDir.resolve(REPORT_FILE);
    }
}
