package dev.fathom.cli;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.metrics.Average;
import dev.fathom.metrics.Classification;
import dev.fathom.metrics.ClassificationReport;
import dev.fathom.metrics.Regression;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void binaryClassifierOnATestFile() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("breast_cancer", new LogisticRegression(), dir);
        Path model = f.model();
        Path data = Fixtures.writeCsv(f.test(), dir.resolve("test.csv"));
        Path json = dir.resolve("metrics.json");

        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString(), "--out", json.toString());
        assertEquals(0, r.code(), r.err());

        int[] yTrue = trueClasses(f.test().column(f.target()), f.pipeline().classes());
        int[] yPred = f.pipeline().predict(f.test()).toIntArray();
        Map<String, Object> written = Json.parse(Files.readString(json), "metrics.json");
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) written.get("metrics");
        assertEquals(Classification.accuracy(yTrue, yPred), m.get("accuracy").doubleValue(), 0);
        assertEquals(Classification.f1(yTrue, yPred, Average.MACRO), m.get("f1_macro").doubleValue(), 0);
        double[][] proba = rows(f.pipeline().predictProba(f.test()).asType(DType.FLOAT64).toDoubleArray(), 2);
        assertEquals(Classification.logLoss(yTrue, proba), m.get("log_loss").doubleValue(), 0);
        assertTrue(m.containsKey("roc_auc") && m.get("roc_auc").doubleValue() > 0.95, m.toString());
        assertEquals(List.of("accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_weighted",
                "recall_weighted", "f1_weighted", "log_loss", "roc_auc", "baseline_accuracy"), List.copyOf(m.keySet()));
        assertEquals("classification", written.get("task"));
        assertEquals(f.test().rowCount(), ((Number) written.get("rows")).intValue());
        assertEquals(f.pipeline().classes(), written.get("classes"));

        String report = ClassificationReport.of(yTrue, yPred, f.pipeline().classes()).toString();
        assertTrue(r.out().startsWith(model + " on " + data + ": " + f.test().rowCount() + " rows, target '" + f.target()
                + "' (classification, 2 classes)"), r.out());
        assertTrue(r.out().contains("Classification report:\n" + report), r.out());
        assertTrue(r.out().contains("Confusion matrix (rows: true class, columns: predicted class):\ntrue \\ predicted"), r.out());
        assertTrue(r.out().endsWith("Wrote the metrics to " + json + "\n"), r.out());
    }

    @Test
    void multiclassOnABuiltInDataSetScoresOneVsRestAuc() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(5), dir);
        Path model = f.model();
        Cli.Run r = Cli.run("evaluate", model.toString(), "iris");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(model + " on iris: 150 rows, target 'species' (classification, 3 classes)"), r.out());
        assertTrue(r.out().matches("(?s).*\nroc_auc_ovr\\s+0\\.9\\d{3}\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nbaseline_accuracy\\s+0\\.3333\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*setosa\\s+1\\.00\\s+1\\.00\\s+1\\.00\\s+50\n.*"), r.out());
    }

    /** Issue 25: `fathom evaluate model iris` scored 150 rows, 120 of them seen in training, without a word. */
    @Test
    void rowsTheModelWasTrainedOnAreCountedBeforeTheScores() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(5), dir);
        List<String> features = dev.fathom.datasets.Datasets.load("iris").featureNames();
        java.util.Set<List<String>> trained = new java.util.HashSet<>(tuples(f.train(), features));
        Table iris = dev.fathom.datasets.Datasets.load("iris").table();
        long seen = tuples(iris, features).stream().filter(trained::contains).count();   // 120, and any duplicate of a training row
        Path json = dir.resolve("seen.json");
        Cli.Run r = Cli.run("evaluate", f.model().toString(), "iris", "--out", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(f.model() + " on iris: 150 rows, target 'species' (classification, 3 classes)\nwarning: " + seen
                + " of 150 rows (" + Math.round(100.0 * seen / 150) + "%) were used to train this model; the score is optimistic — evaluate"
                + " on held-out data\n\naccuracy "), r.out());
        assertEquals(Map.of("seen", (int) seen, "estimated", false), Json.parse(Files.readString(json), "seen.json").get("rows_used_in_training"));

        // the held-out rows: only a row equal to a training row counts
        long heldOutSeen = tuples(f.test(), features).stream().filter(trained::contains).count();
        Cli.Run held = Cli.run("evaluate", f.model().toString(), Fixtures.writeCsv(f.test(), dir.resolve("held-out.csv")).toString());
        assertEquals(0, held.code(), held.err());
        assertEquals(heldOutSeen > 0, held.out().contains("\nwarning: " + heldOutSeen + " of 30 rows"), held.out());
        assertFalse(heldOutSeen == 0 && held.out().contains("warning"), held.out());
    }

    private static List<List<String>> tuples(Table t, List<String> columns) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            List<String> row = new ArrayList<>();
            for (String c : columns) row.add(t.column(c).text(r));
            out.add(row);
        }
        return out;
    }

    @Test
    void regressorGetsErrorsAndItsWorstRows() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("diabetes", new LinearRegression(), dir);
        Path model = f.model();
        Path data = Fixtures.writeCsv(f.test(), dir.resolve("test.csv"));
        Path json = dir.resolve("m.json");
        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString(), "--out", json.toString());
        assertEquals(0, r.code(), r.err());
        double[] yTrue = f.test().numeric(f.target()).values();
        double[] yPred = f.pipeline().predict(f.test()).asType(DType.FLOAT64).toDoubleArray();
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) Json.parse(Files.readString(json), "m.json").get("metrics");
        assertEquals(List.of("rmse", "mae", "r2", "adjusted_r2", "mape", "rmsle"), List.copyOf(m.keySet()));
        assertEquals(Regression.rmse(yTrue, yPred), m.get("rmse").doubleValue(), 0);
        assertEquals(Regression.r2(yTrue, yPred), m.get("r2").doubleValue(), 0);
        assertEquals(Regression.adjustedR2(yTrue, yPred, 10), m.get("adjusted_r2").doubleValue(), 0);
        assertTrue(r.out().contains("(regression)") && r.out().contains("Largest errors:\n  row "), r.out());
    }

    @Test
    void metricsEqualScikitLearns() throws Exception {
        Map<String, Object> golden;
        try (InputStream in = getClass().getResourceAsStream("golden_evaluate.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_evaluate.json");
        }
        for (String name : List.of("multiclass", "binary")) {
            Map<?, ?> c = (Map<?, ?>) golden.get(name);
            int[] yTrue = ints(c.get("y_true"));
            int[] yPred = ints(c.get("y_pred"));
            List<?> probaRows = (List<?>) c.get("proba");
            double[][] proba = new double[probaRows.size()][];
            for (int i = 0; i < proba.length; i++) proba[i] = doubles(probaRows.get(i));
            List<String> classes = proba[0].length == 2 ? List.of("a", "b") : List.of("a", "b", "c");
            List<String> notes = new ArrayList<>();
            Map<String, Double> got = EvaluateCommand.classification(yTrue, yPred, proba, classes, notes);
            assertSame(name, (Map<?, ?>) c.get("metrics"), got);
            assertEquals(List.of(), notes);
        }
        Map<?, ?> g = (Map<?, ?>) golden.get("regression");
        List<String> notes = new ArrayList<>();
        Map<String, Double> got = EvaluateCommand.regression(doubles(g.get("y_true")), doubles(g.get("y_pred")),
                ((Number) g.get("features")).intValue(), notes);
        assertSame("regression", (Map<?, ?>) g.get("metrics"), got);
        assertEquals(List.of(), notes);
    }

    @Test
    void metricsThatDoNotApplyAreLeftOutWithAReason() {
        List<String> notes = new ArrayList<>();
        Map<String, Double> m = EvaluateCommand.regression(new double[] {0, 2, -1, 4}, new double[] {0.5, 2, -1.5, 3}, 3, notes);
        assertEquals(List.of("rmse", "mae", "r2"), List.copyOf(m.keySet()));
        assertEquals(List.of("adjusted R² is left out: it needs more rows than the model's 3 features + 1",
                "MAPE is left out: 1 true value is 0, where a percentage error divides by zero",
                "RMSLE is left out: it takes the logarithm of 1 + value, and 2 values (true or predicted) are negative"), notes);

        notes.clear();
        double[][] proba = {{0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.5, 0.4, 0.1}};
        m = EvaluateCommand.classification(new int[] {0, 1, 1}, new int[] {0, 1, 0}, proba, List.of("x", "y", "z"), notes);
        assertFalse(m.containsKey("roc_auc_ovr"));
        assertEquals(List.of("ROC AUC is left out: the data has no rows of class z, and a class's ROC curve needs rows of it and of"
                + " the others"), notes);
    }

    @Test
    void missingTargetIsNamedWithTheClosest() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        Table renamed = f.test().drop("species").with(f.test().column("species").rename("specie"));
        Path data = Fixtures.writeCsv(renamed, dir.resolve("t.csv"));
        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + " has no column 'species', the target the model predicts; did you mean"
                + " 'specie'?"), r.err());
        assertTrue(r.err().contains("to predict data without it, use fathom predict"), r.err());
    }

    @Test
    void unseenClassesStopTheCommandOrAreLeftOut() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        CategoricalColumn species = f.test().categorical("species");
        String[] names = new String[species.size()];
        for (int i = 0; i < names.length; i++) names[i] = i == 2 || i == 5 ? "Setosa" : species.get(i);
        Table relabelled = f.test().with(CategoricalColumn.of("species", names));
        Path data = Fixtures.writeCsv(relabelled, dir.resolve("t.csv"));

        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ": the target 'species' holds 1 class the model was not trained on:"
                + " 'Setosa' (2 rows, the first row 2; did you mean 'setosa'?). The model knows [setosa, versicolor, virginica]"), r.err());
        assertTrue(r.err().contains("--skip-unseen-classes"), r.err());

        r = Cli.run("evaluate", model.toString(), data.toString(), "--skip-unseen-classes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": " + (names.length - 2) + " rows, target 'species'"), r.out());
        assertTrue(r.out().contains("Notes:\n  left out 2 rows of 1 class the model was not trained on: 'Setosa'"), r.out());
    }

    @Test
    void missingTargetValuesAreNamed() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        Path data = Fixtures.writeCsv(f.test(), dir.resolve("t.csv"));
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.set(4, lines.get(4).substring(0, lines.get(4).lastIndexOf(',') + 1));   // data row 3 loses its class
        Files.write(data, lines);
        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ": the target 'species' is missing in 1 rows (the first is data row 3)"), r.err());
    }

    @Test
    void aWordInARegressionTargetIsNamedWithItsLine() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("diabetes", new LinearRegression(), dir);
        Path model = f.model();
        Path data = Fixtures.writeCsv(f.test().first(10), dir.resolve("t.csv"));
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.set(6, lines.get(6).substring(0, lines.get(6).lastIndexOf(',') + 1) + "high");
        Files.write(data, lines);
        Cli.Run r = Cli.run("evaluate", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ", line 7, column 11 '" + f.target() + "'"), r.err());
    }

    @Test
    void corruptModelIsRefused() throws Exception {
        Path model = dir.resolve("m.fathom");
        Files.writeString(model, "not a zip at all");
        Cli.Run r = Cli.run("evaluate", model.toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains("it is not a Fathom pipeline file"), r.err());
    }

    @Test
    void unwritableJsonIsNamed() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        Path blocker = dir.resolve("out");
        Files.writeString(blocker, "x");
        Cli.Run r = Cli.run("evaluate", model.toString(), "iris", "--out", blocker.resolve("m.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: cannot write the metrics to " + blocker.resolve("m.json")), r.err());
    }

    private static void assertSame(String what, Map<?, ?> expected, Map<String, Double> got) {
        assertEquals(expected.keySet(), got.keySet(), what);
        for (var e : expected.entrySet()) {
            double want = ((Number) e.getValue()).doubleValue();
            assertEquals(want, got.get((String) e.getKey()), 1e-12 * Math.max(1, Math.abs(want)), what + " " + e.getKey());
        }
    }

    private static int[] trueClasses(Column target, List<String> classes) {
        int[] y = new int[target.size()];
        for (int i = 0; i < y.length; i++) y[i] = classes.indexOf(target.text(i));
        return y;
    }

    private static double[][] rows(double[] flat, int k) {
        double[][] out = new double[flat.length / k][k];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * k, out[i], 0, k);
        return out;
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
