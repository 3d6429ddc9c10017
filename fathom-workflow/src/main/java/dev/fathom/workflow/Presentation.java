package dev.fathom.workflow;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.diagnosis.Baseline;
import dev.fathom.diagnosis.Diagnoser;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.metrics.ClassificationReport;
import dev.fathom.metrics.MetricBundle;
import dev.fathom.metrics.MetricTask;
import dev.fathom.metrics.Predictions;
import dev.fathom.metrics.Regression;
import dev.fathom.models.History;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.ColumnSubsetEstimator;
import dev.fathom.validation.CrossValidator;
import dev.fathom.validation.LearningCurve;
import dev.fathom.validation.Scorer;
import dev.fathom.validation.StandardizedEstimator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5's numbers: the final model's predictions on the test split (as the rows of
 * predictions.csv), its test metrics, and its diagnosis with the curves behind it. The metrics are
 * the standard {@link MetricBundle} of the task, as {@code fathom evaluate} shows them: the same
 * names, in the same order, with the same values on the same rows.
 *
 * @param metrics     metric name to value on the test split, in the bundle's order; only metrics defined on it
 * @param metricNotes why a metric of the bundle is left out (ROC AUC without test rows of some class), else empty
 * @param yTrue      test class indices (classification), else null
 * @param yPred      predicted class indices (classification), else null
 * @param proba      predicted probabilities row by row, {@code [n * classes]} (classification), else null
 * @param actual     test targets (regression), else null
 * @param predicted  predictions (regression), else null
 * @param history    the training history of the network behind the final model, or null
 * @param curve      score against training-set size for a model without epochs, or null
 * @param curveNote  why that curve has fewer sizes or is missing (see {@link CurvePlan}), or null
 * @param forecast   for a time series, the model's forecasts with the baselines' over the test span, else null
 * @param explained  what drives the predictions (tables), else null
 */
record Presentation(Map<String, Double> metrics, List<String> metricNotes, int testRows, ModelDiagnosis diagnosis, List<String> header, List<List<String>> rows,
                    int[] yTrue, int[] yPred, double[] proba, double[] actual, double[] predicted, List<String> classes, History history,
                    LearningCurve curve, String curveNote, String classificationReport, SeriesForecast forecast, Explained explained) {

    /** This presentation with the explanations of the final model. */
    Presentation withExplained(Explained e) {
        return new Presentation(metrics, metricNotes, testRows, diagnosis, header, rows, yTrue, yPred, proba, actual, predicted, classes,
                history, curve, curveNote, classificationReport, forecast, e);
    }

    /**
     * The test split of a table.
     *
     * @param rowHeader the first column of predictions.csv: "row", or the time column's name
     * @param rowLabels each test row's entry in it: its row number, or its time
     * @param forecast  for a time series, the baselines' forecasts over the test span (the model's are added), else null
     */
    static Presentation ofTable(Pipeline pipeline, Problem problem, Table test, String rowHeader, List<String> rowLabels, Tensor xTrain,
                                Tensor yTrain, Workflow.Chosen chosen, String scoring, SeriesForecast forecast) {
        if (problem.isClassification()) {
            int[] yTrue = pipeline.labels().transform(test.column(problem.target())).toIntArray();
            return classification(rowHeader, problem.target(), rowLabels, yTrue, pipeline.predict(test).toIntArray(),
                    pipeline.predictProba(test).toFloatArray(), pipeline.classes(), pipeline.estimator(), xTrain, yTrain, chosen, scoring);
        }
        List<String> header = List.of(rowHeader, problem.target() + " (actual)", problem.target() + " (predicted)");
        List<List<String>> rows = new ArrayList<>();
        float[] pred = pipeline.predict(test).toFloatArray();
        Column target = test.column(problem.target());
        double[] actual = new double[pred.length];
        double[] predicted = new double[pred.length];
        for (int i = 0; i < pred.length; i++) {
            // The column's own values, not the float32 training labels: fathom evaluate reads these from the file.
            actual[i] = target instanceof BooleanColumn b ? b.asDouble(i) : ((NumericColumn) target).get(i);
            predicted[i] = pred[i];
            rows.add(List.of(rowLabels.get(i), target.text(i), Float.toString(pred[i])));
        }
        MetricBundle.Scores m = MetricBundle.standard(MetricTask.REGRESSION)
                .score(Predictions.ofValues(actual, predicted).withFeatures(xTrain.shape(1)));
        Estimator est = pipeline.estimator();
        History h = history(est, chosen);
        ModelDiagnosis d = diagnose(est, h, xTrain, yTrain, chosen, scoring, false, m.values());
        Curve c = curve(h, chosen, scoring, xTrain, yTrain);
        return new Presentation(m.values(), m.notes(), actual.length, d, header, rows, null, null, null, actual, predicted, List.of(), h,
                c.curve(), c.note(), null, forecast == null ? null : forecast.withModel(predicted), null);
    }

    /**
     * The test split of a multi-output regression: predictions.csv holds each target's actual and
     * predicted value; the metrics are the regression bundle averaged over the targets.
     */
    static Presentation ofTargets(Pipeline pipeline, Table test, List<String> targets, List<String> rowLabels, int features) {
        int n = test.rowCount(), t = targets.size();
        List<String> header = new ArrayList<>(List.of("row"));
        for (String name : targets) {
            header.add(name + " (actual)");
            header.add(name + " (predicted)");
        }
        float[] pred = pipeline.predict(test).toFloatArray();
        double[] actual = new double[n * t];
        double[] predicted = new double[n * t];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>(List.of(rowLabels.get(i)));
            for (int k = 0; k < t; k++) {
                Column c = test.column(targets.get(k));
                actual[i * t + k] = c instanceof BooleanColumn b ? b.asDouble(i) : ((NumericColumn) c).get(i);
                predicted[i * t + k] = pred[i * t + k];
                row.add(c.text(i));
                row.add(Float.toString(pred[i * t + k]));
            }
            rows.add(row);
        }
        MetricBundle.Scores m = MetricBundle.standard(MetricTask.REGRESSION).score(Predictions.ofValues(actual, predicted, t));
        ModelDiagnosis d = new ModelDiagnosis(dev.fathom.diagnosis.Verdict.INCONCLUSIVE, List.of("the model predicts " + t + " targets at"
                + " once; the diagnosis reads the learning curves of one target, so it is left out: compare the cross-validated R² with"
                + " the dummy's on the leaderboard"), List.of(), null);
        return new Presentation(m.values(), m.notes(), n, d, header, rows, null, null, null, actual, predicted, List.of(), null, null,
                null, null, null, null);
    }

    static Presentation ofImages(Pipeline pipeline, Problem problem, Tensor xTest, Tensor yTest, List<String> files, Tensor xTrain,
                                 Tensor yTrain, Workflow.Chosen chosen, String scoring) {
        return classification("file", "label", files, yTest.toIntArray(), pipeline.predictImages(xTest).toIntArray(),
                pipeline.predictProbaImages(xTest).toFloatArray(), pipeline.classes(), pipeline.estimator(), xTrain, yTrain, chosen, scoring);
    }

    /**
     * The classification presentation: predictions.csv's rows (id, actual and predicted class, one
     * probability per class), the metrics, the diagnosis.
     */
    private static Presentation classification(String idHeader, String target, List<String> ids, int[] yTrue, int[] yPred, float[] p,
                                               List<String> classes, Estimator est, Tensor xTrain, Tensor yTrain, Workflow.Chosen chosen,
                                               String scoring) {
        int k = classes.size();
        List<String> header = new ArrayList<>(List.of(idHeader, target + " (actual)", target + " (predicted)"));
        for (String c : classes) header.add("p(" + c + ")");
        double[] proba = new double[p.length];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < yTrue.length; i++) {
            List<String> row = new ArrayList<>(List.of(ids.get(i), classes.get(yTrue[i]), classes.get(yPred[i])));
            for (int c = 0; c < k; c++) {
                row.add(Float.toString(p[i * k + c]));
                proba[i * k + c] = p[i * k + c];
            }
            rows.add(row);
        }
        double[][] rowsProba = new double[yTrue.length][k];
        for (int i = 0; i < yTrue.length; i++) for (int c = 0; c < k; c++) rowsProba[i][c] = proba[i * k + c];
        MetricBundle.Scores m = MetricBundle.standard(MetricTask.ofClasses(k))
                .score(Predictions.ofClasses(yTrue, yPred, rowsProba).withClassNames(classes));
        History h = history(est, chosen);
        ModelDiagnosis d = diagnose(est, h, xTrain, yTrain, chosen, scoring, true, m.values());
        String report = ClassificationReport.of(yTrue, yPred, classes).toString();
        Curve c = curve(h, chosen, scoring, xTrain, yTrain);
        return new Presentation(m.values(), m.notes(), yTrue.length, d, header, rows, yTrue, yPred, proba, null, null, classes, h,
                c.curve(), c.note(), report, null, null);
    }

    /**
     * The over/underfitting verdict, weighed with the scores (training rows, cross-validated, dummy,
     * test split): from a network's curves when there is one, else (and for an ensemble, whose
     * members' curves are not its own) from the scores alone.
     */
    private static ModelDiagnosis diagnose(Estimator est, History h, Tensor xTrain, Tensor yTrain, Workflow.Chosen chosen, String scoring,
                                           boolean classification, Map<String, Double> testMetrics) {
        Algorithm.Family family = Algorithm.Family.ofLabel(chosen.entry().family());
        double train = Scorer.of(scoring).score(est, xTrain, yTrain);
        double dummy = Double.isNaN(chosen.dummyMean()) ? 0 : chosen.dummyMean();
        Double test = testMetrics.get(scoring);
        ModelDiagnosis.Scores scores = new ModelDiagnosis.Scores(scoring, train, chosen.entry().mean(), dummy,
                test == null ? Double.NaN : test);
        if (h != null && h.keys().contains("val_loss") && family != Algorithm.Family.ENSEMBLE) {
            Baseline b = classification ? Baseline.priorCrossEntropy(yTrain.toIntArray())
                    : Baseline.meanSquaredError(yTrain.toDoubleArray());
            return ModelDiagnosis.fromCurves(new Diagnoser().baseline(b).diagnose(h), family, scores);
        }
        return ModelDiagnosis.fromScores(family, classification, scores);
    }

    /** A learning curve over training-set sizes, or null, and why it has fewer sizes or is missing, or null. */
    record Curve(LearningCurve curve, String note) {}

    /**
     * Score against training-set size for a model without epochs (a network's curves are its
     * epochs), at the sizes {@link CurvePlan} affords; when it affords none, the note says why.
     */
    static Curve curve(History h, Workflow.Chosen chosen, String scoring, Tensor xTrain, Tensor yTrain) {
        if (h != null) return new Curve(null, null);
        CurvePlan plan = CurvePlan.of(chosen.entry());
        if (!plan.draws()) return new Curve(null, plan.note());
        try {
            var splitter = plan.folds() < chosen.entry().foldScores().length ? new FirstFolds(chosen.splitter(), plan.folds()) : chosen.splitter();
            return new Curve(new CrossValidator(splitter).scoring(scoring).learningCurve(chosen.factory(), xTrain, yTrain, plan.sizes()),
                    plan.note());
        } catch (IllegalArgumentException e) {
            // A model tuned on the whole training split may not fit on its smallest share (a searched k-NN's
            // k above the rows a small share holds): the curve is left out, said why, and the run goes on.
            return new Curve(null, "no learning curve: " + e.getMessage());
        }
    }

    /** The final model's own epoch history: a network's; null for an ensemble, whose members' curves are not its own. */
    private static History history(Estimator est, Workflow.Chosen chosen) {
        return Algorithm.Family.ofLabel(chosen.entry().family()) == Algorithm.Family.ENSEMBLE ? null : history(est);
    }

    /** The training history of the (first) network inside {@code est}, or null. */
    static History history(Estimator est) {
        return switch (est) {
            // A network assembled whole rather than trained (pretrained features + logistic regression) has no epochs.
            case NetworkClassifier n -> n.hasHistory() ? n.history() : null;
            case NetworkRegressor n -> n.history();
            case StandardizedEstimator s -> history(s.inner());
            case ColumnSubsetEstimator c -> history(c.inner());
            case VotingClassifier v -> first(v.namedEstimators().values());
            case VotingRegressor v -> first(v.namedEstimators().values());
            default -> null;
        };
    }

    private static History first(Iterable<Estimator> members) {
        for (Estimator e : members) {
            History h = history(e);
            if (h != null) return h;
        }
        return null;
    }

    /**
     * One-step forecasts over a time series' test span: the model's and the naive baselines', with
     * the whole series for context (the forecast plot).
     *
     * @param time      the time column's name (the plot's axis; "year" when the times are dates)
     * @param times     each forecast step's time as a number (dates as fractional years)
     * @param actual    the series at each forecast step
     * @param start     the first test step
     * @param forecasts name to forecasts over the test span, baselines first, the model last once added
     */
    record SeriesForecast(String time, String target, double[] times, double[] actual, int start, Map<String, double[]> forecasts) {
        /** The persistence (and seasonal-naive) forecasts read off the lag columns of {@code lagged} from step {@code start} on. */
        static SeriesForecast of(Table lagged, String time, String target, int start, Algorithms.SeriesShape shape) {
            int n = lagged.rowCount();
            dev.fathom.data.Column t = lagged.column(time);
            boolean dates = t instanceof dev.fathom.data.DateColumn;
            double[] times = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = dates ? 1970 + ((dev.fathom.data.DateColumn) t).asDouble(i) / 365.2425 : ((dev.fathom.data.NumericColumn) t).get(i);
            }
            double[] actual = lagged.numeric(target).values();
            Map<String, double[]> forecasts = new LinkedHashMap<>();
            forecasts.put("persistence", tail(lagged.numeric(dev.fathom.data.timeseries.LagFeatures.name(target, 1)).values(), start));
            if (shape.period() > 0) {
                forecasts.put("seasonal naive", tail(lagged.numeric(dev.fathom.data.timeseries.LagFeatures.name(target, shape.period()))
                        .values(), start));
            }
            return new SeriesForecast(dates ? "year" : time, target, times, actual, start, forecasts);
        }

        private static double[] tail(double[] v, int start) {
            return java.util.Arrays.copyOfRange(v, start, v.length);
        }

        SeriesForecast withModel(double[] predicted) {
            Map<String, double[]> all = new LinkedHashMap<>(forecasts);
            all.put("model", predicted);
            return new SeriesForecast(time, target, times, actual, start, all);
        }

        /** The test RMSE of each forecast, by name. */
        Map<String, Double> rmse() {
            double[] truth = java.util.Arrays.copyOfRange(actual, start, actual.length);
            Map<String, Double> out = new LinkedHashMap<>();
            forecasts.forEach((name, f) -> out.put(name, Regression.rmse(truth, f)));
            return out;
        }

        /** One sentence: the model's test RMSE against the baselines'. */
        String comparison(String modelName) {
            Map<String, Double> r = rmse();
            double model = r.get("model");
            double persistence = r.get("persistence");
            StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "one-step forecasts of the %d test steps: %s RMSE"
                    + " %.4g; persistence %.4g", actual.length - start, modelName, model, persistence));
            if (r.containsKey("seasonal naive")) sb.append(String.format(java.util.Locale.ROOT, ", seasonal naive %.4g", r.get("seasonal naive")));
            double best = r.entrySet().stream().filter(e -> !e.getKey().equals("model")).mapToDouble(Map.Entry::getValue).min().orElseThrow();
            sb.append(model < best
                    ? String.format(java.util.Locale.ROOT, ": %.0f%% below the best baseline's error", 100 * (1 - model / best))
                    : ": no better than a naive forecast; the past values carry little more than the last one (close to a random walk)");
            return sb.toString();
        }
    }
}
