package dev.fathom.workflow;

import dev.fathom.metrics.ConfusionMatrix;
import dev.fathom.metrics.RocCurve;
import dev.fathom.explain.PartialDependence;
import dev.fathom.explain.PermutationImportance;
import dev.fathom.plots.ConfusionMatrixPlot;
import dev.fathom.plots.PartialDependencePlot;
import dev.fathom.plots.LearningCurvePlot;
import dev.fathom.plots.ModelComparisonPlot;
import dev.fathom.plots.ForecastPlot;
import dev.fathom.plots.ResidualPlot;
import dev.fathom.plots.RocPlot;
import dev.fathom.report.HtmlReport;
import dev.fathom.report.HtmlReport.Level;
import dev.fathom.validation.LearningCurve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a run as one self-contained HTML page, in the order of the process: a summary,
 * then define (problem, warnings), prepare (the data's description, each column's preparation,
 * the split), evaluate (leaderboard, comparison chart, t-test), improve (search and ensemble),
 * present (test metrics beside the reference score, confusion matrix and ROC or residuals,
 * learning curves, diagnosis), and the decision log.
 */
final class TrainReport {
    private TrainReport() {}

    static HtmlReport of(TrainResult r, Presentation p, Workflow.Chosen chosen, String description, TrainOptions options) {
        Problem problem = r.problem();
        HtmlReport h = new HtmlReport("fathom train: " + r.dataName());
        h.subtitle(problem.task().label() + " of '" + problem.target() + "', " + problem.kind().count(problem.rows()) + "; seed " + options.seed()
                + ", time budget " + options.timeBudget().toSeconds() + " s, " + chosen.folds() + "-fold cross-validation");

        h.section("Summary");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("final model", chosen.entry().name());
        summary.put("cross-validated " + r.leaderboard().scoring(), format(chosen.entry().mean()) + " ± " + format(chosen.entry().std()));
        p.metrics().forEach((k, v) -> summary.put("test " + k, format(v)));
        r.referenceScore().ifPresent(s -> summary.put("published " + s.metric(), format(s.value()) + " (" + s.method() + ")"));
        summary.put("diagnosis", r.diagnosis().verdict().label());
        summary.put("files", TrainResult.MODEL_FILE + ", " + TrainResult.PREDICTIONS_FILE + ", " + TrainResult.REPORT_FILE);
        h.keyValues(summary);
        if (r.interrupted()) h.callout(Level.WARNING, "Interrupted: training was stopped early (Ctrl-C), so this is the best model found so far, not the"
                + " result of the whole search.");

        h.section("Define the problem");
        h.callout(Level.INFO, problem.task().label() + ": " + problem.reason());
        if (problem.isClassification()) h.paragraph("Classes, in index order: " + String.join(", ", problem.classes()));
        if (r.warnings().isEmpty()) h.callout(Level.GOOD, "No warning: " + problem.kind().checked(problem.isClassification()) + ".");
        for (DataWarning w : r.warnings()) h.callout(Level.WARNING, w.toString());

        h.section("Prepare the data");
        if (description != null) h.preformatted(description);
        if (!r.preparation().isEmpty()) {
            List<List<?>> rows = new ArrayList<>();
            for (ColumnPlans.Group g : ColumnPlans.groups(r.preparation())) {
                rows.add(List.of(g.names(), g.plan().type().label(), g.plan().steps(), g.plan().reason()));
            }
            h.table("Preparation of each column (fitted on the training split only)", List.of("columns", "type", "preparation", "why"), rows, -1);
        }
        h.paragraph(String.format(Locale.ROOT, "%s%.0f%% of the %s (%d) were set aside as the test split before anything was fitted;"
                + " every model below was chosen by %d-fold cross-validation on the rest.", problem.kind() == DataKind.SERIES ? "The latest " : "",
                100 * options.testFraction(), problem.kind().samples(), p.testRows(), chosen.folds()));

        h.section("Evaluate algorithms");
        Leaderboard board = r.leaderboard();
        List<List<?>> rows = new ArrayList<>(board.rows());
        h.table("Leaderboard: " + board.scoring() + " over the folds, best first", board.header(), rows, 0);
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        for (LeaderboardEntry e : board.ranked()) {
            if (!Double.isFinite(e.mean())) continue;
            names.add(e.name());
            means.add(e.mean());
            stds.add(e.std());
        }
        if (!names.isEmpty()) {
            h.plot("Mean " + board.scoring() + " over the folds, ± one standard deviation", ModelComparisonPlot.of(names,
                    means.stream().mapToDouble(Double::doubleValue).toArray(), stds.stream().mapToDouble(Double::doubleValue).toArray(),
                    board.scoring()));
        }
        r.comparison().ifPresent(c -> h.callout(c.significant() ? Level.GOOD : Level.INFO, "Corrected resampled paired t-test"
                + " (Nadeau and Bengio): " + c.verdict()));

        h.section("Improve the best");
        h.bullets(chosen.searchNotes().isEmpty() ? List.of("nothing to improve") : chosen.searchNotes());

        h.section("Present the results");
        List<List<?>> metricRows = new ArrayList<>();
        p.metrics().forEach((k, v) -> metricRows.add(List.of(k, v)));
        h.table("Scores on the untouched test split (" + problem.kind().count(p.testRows()) + ")", List.of("metric", "value"), metricRows, -1);
        if (!p.metricNotes().isEmpty()) h.bullets(p.metricNotes());
        r.referenceScore().ifPresent(s -> {
            Double ours = p.metrics().get(s.metric());
            String text = String.format(Locale.ROOT, "Published %s on this data: %s by %s (%s; %s).", s.metric(), format(s.value()),
                    s.method(), s.protocol(), s.source());
            if (ours != null) text += String.format(Locale.ROOT, " This model: %s on the test split.", format(ours));
            h.callout(ours != null && ours >= s.value() ? Level.GOOD : Level.INFO, text);
        });
        if (p.classificationReport() != null) h.preformatted(p.classificationReport());
        if (!chosen.textTerms().isEmpty()) {
            h.table("The words and n-grams that weigh most for each class (logistic regression weights on the TF-IDF terms)",
                    List.of("class", "terms, heaviest first (weight)"), new ArrayList<>(chosen.textTerms()), -1);
        }
        if (p.yTrue() != null) {
            ConfusionMatrix cm = ConfusionMatrix.of(p.yTrue(), p.yPred()).withNames(p.classes());
            h.plot("Confusion matrix on the test split (rows: actual, columns: predicted)", ConfusionMatrixPlot.of(cm));
            boolean allPresent = java.util.Arrays.stream(p.yTrue()).distinct().count() == p.classes().size();
            if (allPresent && p.classes().size() == 2) {
                double[] p1 = new double[p.yTrue().length];
                for (int i = 0; i < p1.length; i++) p1[i] = p.proba()[2 * i + 1];
                h.plot("ROC curve on the test split, '" + p.classes().get(1) + "' as the positive class",
                        RocPlot.of(chosen.entry().name(), RocCurve.of(p.yTrue(), p1)));
            } else if (allPresent) {
                h.plot("One-vs-rest ROC curves on the test split", RocPlot.oneVsRest(p.yTrue(), p.proba(), p.classes()));
            }
        } else {
            Presentation.SeriesForecast f = p.forecast();
            if (f != null) {
                h.callout(Level.INFO, upperFirst(f.comparison(chosen.entry().name())) + ".");
                Map<String, double[]> named = new LinkedHashMap<>();
                Map<String, Double> rmse = f.rmse();
                f.forecasts().forEach((name, values) -> named.put((name.equals("model") ? chosen.entry().name() : name) + " (RMSE "
                        + format(rmse.get(name)) + ")", values));
                h.plot("One-step forecasts against the actual series on the test span (history in grey)", ForecastPlot.of(
                        "'" + f.target() + "': forecasts on the test span", f.time(), f.target(), f.times(), f.actual(), f.start(), named));
            }
            h.plot("Residuals on the test split", ResidualPlot.of(p.actual(), p.predicted()));
            h.plot("Actual against predicted on the test split", ResidualPlot.actualVsPredicted(p.actual(), p.predicted()));
        }
        if (p.explained() != null) explained(h, p.explained());
        if (p.history() != null && p.history().keys().contains("loss")) {
            h.plot("Learning curves of the final network: loss per epoch (training, and the tenth of its rows held out)",
                    LearningCurvePlot.of(p.history(), "loss"));
        }
        LearningCurve lc = p.curve();
        if (lc != null) {
            int folds = lc.validationScores().length == 0 ? 0 : lc.validationScores()[0].length;
            h.plot("Learning curve: " + lc.scoring() + " against training-set size (cross-validated, " + folds + " folds)",
                    LearningCurvePlot.trainingSizes(
                    lc.scoring(), lc.sizes(), lc.trainMean(), lc.trainStd(), lc.validationMean(), lc.validationStd()));
        }
        if (p.curveNote() != null) h.callout(Level.INFO, upperFirst(p.curveNote()) + ".");
        ModelDiagnosis d = r.diagnosis();
        Level level = switch (d.verdict()) {
            case GOOD_FIT -> Level.GOOD;
            case INCONCLUSIVE -> Level.INFO;
            default -> Level.WARNING;
        };
        h.callout(level, "Diagnosis: " + d.verdict().label() + ". " + d.findingsText());
        if (!d.advice().isEmpty()) h.bullets(d.advice());

        h.section("Decision log");
        h.bullets(r.decisions());
        return h;
    }

    /** The "what drives the predictions" section: permutation importance, partial dependence, the model's own importances. */
    private static void explained(HtmlReport h, Explained e) {
        h.section("What drives the predictions");
        if (e.importance() == null) {
            h.paragraph("Permutation importance was " + e.note() + ".");
        } else {
            h.paragraph(upperFirst(e.note()) + ". A column the model ignores scores about 0; a drop within its spread is noise.");
            List<List<?>> rows = new ArrayList<>();
            for (PermutationImportance.Feature f : e.importance().features()) rows.add(List.of(f.name(), format(f.mean()), format(f.std())));
            h.table("Permutation importance: drop in " + e.importance().scoring() + " from " + format(e.importance().baseline()),
                    List.of("column", "mean drop", "std"), rows, 0);
        }
        for (PartialDependence pd : e.dependence()) {
            if (pd.numeric()) {
                h.plot("Partial dependence on " + pd.feature() + ": the model's average output with the column set to each value for"
                        + " every test row", PartialDependencePlot.of(pd));
            } else {
                List<List<?>> rows = new ArrayList<>();
                for (int g = 0; g < pd.grid().size(); g++) {
                    List<Object> row = new ArrayList<>(List.of(pd.grid().get(g)));
                    for (double v : pd.average()[g]) row.add(format(v));
                    rows.add(row);
                }
                List<String> header = new ArrayList<>(List.of(pd.feature()));
                for (String o : pd.outputs()) header.add(pd.outputs().size() > 1 ? "mean p(" + o + ")" : "mean " + o);
                h.table("Partial dependence on " + pd.feature() + " (each value set for every test row)", header, rows, -1);
            }
        }
        if (e.model() != null) {
            List<List<?>> rows = new ArrayList<>();
            e.model().importances().forEach((name, v) -> rows.add(List.of(name, format(v))));
            h.table("The model's own importance of each prepared feature (its share of the impurity decrease or gain of all splits,"
                    + " on the training rows), from " + e.model().source(), List.of("feature", "importance"), rows, 0);
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    private static String upperFirst(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
