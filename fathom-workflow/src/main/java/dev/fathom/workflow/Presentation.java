package dev.fathom.workflow;

import dev.fathom.data.Table;
import dev.fathom.diagnosis.Baseline;
import dev.fathom.diagnosis.Diagnoser;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.metrics.Average;
import dev.fathom.metrics.Classification;
import dev.fathom.metrics.ClassificationReport;
import dev.fathom.metrics.Regression;
import dev.fathom.models.History;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
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
 * predictions.csv), its test metrics, and its diagnosis with the curves behind it.
 *
 * @param yTrue      test class indices (classification), else null
 * @param yPred      predicted class indices (classification), else null
 * @param proba      predicted probabilities row by row, {@code [n * classes]} (classification), else null
 * @param actual     test targets (regression), else null
 * @param predicted  predictions (regression), else null
 * @param history    the training history of the network behind the final model, or null
 * @param curve      score against training-set size for a model without epochs, or null
 */
record Presentation(Map<String, Double> metrics, int testRows, ModelDiagnosis diagnosis, List<String> header, List<List<String>> rows,
                    int[] yTrue, int[] yPred, double[] proba, double[] actual, double[] predicted, List<String> classes, History history,
                    LearningCurve curve, String classificationReport) {
    /** Below this many seconds per fold the learning curve over training-set sizes is cheap enough to draw. */
    static final double CURVE_MAX_FIT_SECONDS = 2;

    static Presentation ofTable(Pipeline pipeline, Problem problem, Table test, int[] testRows, Tensor xTrain, Tensor yTrain,
                                Workflow.Chosen chosen, String scoring) {
        List<String> header = new ArrayList<>(List.of("row", problem.target() + " (actual)", problem.target() + " (predicted)"));
        List<List<String>> rows = new ArrayList<>();
        if (problem.isClassification()) {
            int[] yTrue = pipeline.labels().transform(test.column(problem.target())).toIntArray();
            Tensor probaTensor = pipeline.predictProba(test);
            int[] yPred = pipeline.predict(test).toIntArray();
            float[] p = probaTensor.toFloatArray();
            List<String> classes = pipeline.classes();
            for (String c : classes) header.add("p(" + c + ")");
            int k = classes.size();
            double[] proba = new double[p.length];
            for (int i = 0; i < yTrue.length; i++) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(testRows[i]), classes.get(yTrue[i]), classes.get(yPred[i])));
                for (int c = 0; c < k; c++) {
                    row.add(Float.toString(p[i * k + c]));
                    proba[i * k + c] = p[i * k + c];
                }
                rows.add(row);
            }
            return classification(header, rows, yTrue, yPred, proba, classes, pipeline.estimator(), xTrain, yTrain, chosen, scoring);
        }
        float[] pred = pipeline.predict(test).toFloatArray();
        double[] actual = test.labels(problem.target()).toDoubleArray();
        double[] predicted = new double[pred.length];
        for (int i = 0; i < pred.length; i++) {
            predicted[i] = pred[i];
            rows.add(List.of(Integer.toString(testRows[i]), test.column(problem.target()).text(i), Float.toString(pred[i])));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("r2", Regression.r2(actual, predicted));
        m.put("rmse", Regression.rmse(actual, predicted));
        m.put("mae", Regression.mae(actual, predicted));
        Estimator est = pipeline.estimator();
        History h = history(est);
        ModelDiagnosis d = diagnose(est, h, xTrain, yTrain, chosen, scoring, false);
        return new Presentation(m, actual.length, d, header, rows, null, null, null, actual, predicted, List.of(), h,
                curve(h, chosen, scoring, xTrain, yTrain), null);
    }

    static Presentation ofImages(Pipeline pipeline, Problem problem, Tensor xTest, Tensor yTest, List<String> files, Tensor xTrain,
                                 Tensor yTrain, Workflow.Chosen chosen, String scoring) {
        List<String> classes = pipeline.classes();
        List<String> header = new ArrayList<>(List.of("file", "label (actual)", "label (predicted)"));
        for (String c : classes) header.add("p(" + c + ")");
        int[] yTrue = yTest.toIntArray();
        float[] p = pipeline.predictProbaImages(xTest).toFloatArray();
        int[] yPred = pipeline.predictImages(xTest).toIntArray();
        int k = classes.size();
        double[] proba = new double[p.length];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < yTrue.length; i++) {
            List<String> row = new ArrayList<>(List.of(files.get(i), classes.get(yTrue[i]), classes.get(yPred[i])));
            for (int c = 0; c < k; c++) {
                row.add(Float.toString(p[i * k + c]));
                proba[i * k + c] = p[i * k + c];
            }
            rows.add(row);
        }
        return classification(header, rows, yTrue, yPred, proba, classes, pipeline.estimator(), xTrain, yTrain, chosen, scoring);
    }

    private static Presentation classification(List<String> header, List<List<String>> rows, int[] yTrue, int[] yPred, double[] proba,
                                               List<String> classes, Estimator est, Tensor xTrain, Tensor yTrain, Workflow.Chosen chosen,
                                               String scoring) {
        int k = classes.size();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", Classification.accuracy(yTrue, yPred));
        m.put("balanced_accuracy", Classification.balancedAccuracy(yTrue, yPred));
        m.put("f1_macro", Classification.f1(yTrue, yPred, Average.MACRO));
        double[][] rowsProba = new double[yTrue.length][k];
        for (int i = 0; i < yTrue.length; i++) for (int c = 0; c < k; c++) rowsProba[i][c] = proba[i * k + c];
        boolean allPresent = java.util.Arrays.stream(yTrue).distinct().count() == k;
        if (allPresent) {
            if (k == 2) {
                double[] p1 = new double[yTrue.length];
                for (int i = 0; i < p1.length; i++) p1[i] = rowsProba[i][1];
                m.put("roc_auc", Classification.rocAuc(yTrue, p1));
            } else {
                m.put("roc_auc_ovr", Classification.rocAuc(yTrue, rowsProba, Average.MACRO));
            }
        }
        m.put("log_loss", Classification.logLoss(yTrue, rowsProba));
        History h = history(est);
        ModelDiagnosis d = diagnose(est, h, xTrain, yTrain, chosen, scoring, true);
        String report = ClassificationReport.of(yTrue, yPred, classes).toString();
        return new Presentation(m, yTrue.length, d, header, rows, yTrue, yPred, proba, null, null, classes, h,
                curve(h, chosen, scoring, xTrain, yTrain), report);
    }

    /** The over/underfitting verdict: from the network's curves when there is one, else from the scores. */
    private static ModelDiagnosis diagnose(Estimator est, History h, Tensor xTrain, Tensor yTrain, Workflow.Chosen chosen, String scoring,
                                           boolean classification) {
        if (h != null && h.keys().contains("val_loss")) {
            Baseline b = classification ? Baseline.priorCrossEntropy(yTrain.toIntArray())
                    : Baseline.meanSquaredError(yTrain.toDoubleArray());
            return ModelDiagnosis.fromCurves(new Diagnoser().baseline(b).diagnose(h));
        }
        double train = Scorer.of(scoring).score(est, xTrain, yTrain);
        double dummy = Double.isNaN(chosen.dummyMean()) ? (classification ? 0 : 0) : chosen.dummyMean();
        return ModelDiagnosis.fromScores(scoring, train, chosen.entry().mean(), dummy);
    }

    /** Score against training-set size, for a model without epochs whose folds fit quickly; else null. */
    private static LearningCurve curve(History h, Workflow.Chosen chosen, String scoring, Tensor xTrain, Tensor yTrain) {
        if (h != null || chosen.entry().fitSeconds() > CURVE_MAX_FIT_SECONDS || chosen.entry().foldScores().length < 2) return null;
        return new CrossValidator(chosen.splitter()).scoring(scoring).learningCurve(chosen.factory(), xTrain, yTrain, 0.25, 0.5, 0.75, 1.0);
    }

    /** The training history of the (first) network inside {@code est}, or null. */
    static History history(Estimator est) {
        return switch (est) {
            case NetworkClassifier n -> n.history();
            case NetworkRegressor n -> n.history();
            case StandardizedEstimator s -> history(s.inner());
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
}
