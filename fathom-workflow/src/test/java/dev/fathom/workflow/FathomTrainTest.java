package dev.fathom.workflow;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.testing.BrowserCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on the bundled iris data: the files written, their contents, and the same result for the same seed. */
class FathomTrainTest {
    @TempDir
    static Path dir;

    private static TrainResult first;
    private static List<String> log;

    @BeforeAll
    static void trainOnce() {
        log = new ArrayList<>();
        first = Fathom.train(Datasets.load("iris"), TrainOptions.defaults().outputDir(dir.resolve("run1")).progress(log::add));
    }

    @Test
    void definesTheProblemFromTheDataSet() {
        assertTrue(first.problem().isClassification());
        assertEquals(List.of("setosa", "versicolor", "virginica"), first.problem().classes());
        assertEquals("species", first.problem().target());
        assertEquals(List.of(), first.warnings());
        assertEquals(4, first.preparation().size());
        assertTrue(first.preparation().stream().allMatch(ColumnPlan::kept));
    }

    @Test
    void theLeaderboardRanksTheSpotCheckAndTheComparisonNamesTheTopTwo() {
        Leaderboard board = first.leaderboard();
        assertEquals("accuracy", board.scoring());
        List<String> names = board.ranked().stream().map(LeaderboardEntry::name).toList();
        for (String expected : List.of("dummy (most frequent class)", "logistic regression", "k-NN k=5", "random forest 100 trees",
                "boosted trees lr 0.1 leaves 31", "MLP 64 dropout 0.1 lr 0.001", "MLP 128-64 dropout 0.2 lr 0.001")) {
            assertTrue(names.contains(expected), names.toString());
        }
        for (int i = 1; i < board.size(); i++) assertTrue(board.ranked().get(i - 1).mean() >= board.ranked().get(i).mean());
        LeaderboardEntry dummy = board.entry("dummy (most frequent class)");
        assertEquals(1 / 3.0, dummy.mean(), 1e-12);   // stratified folds of 120 rows: a third of each fold is the majority class
        assertEquals(5, dummy.foldScores().length);
        Comparison c = first.comparison().orElseThrow();
        assertEquals(board.ranked().get(0), c.winner());
        assertEquals(board.ranked().get(1), c.runnerUp());
        assertEquals(4, c.test().degreesOfFreedom());
        assertTrue(c.verdict().startsWith(c.winner().name() + " beats " + c.runnerUp().name()), c.verdict());
    }

    @Test
    void testMetricsReferenceScoreAndDiagnosisArePresented() {
        assertTrue(first.testMetrics().get("accuracy") >= 0.9, first.testMetrics().toString());
        assertEquals(dev.fathom.metrics.MetricBundle.standard(dev.fathom.metrics.MetricTask.CLASSIFICATION).names(),
                List.copyOf(first.testMetrics().keySet()));
        assertEquals("accuracy", first.referenceScore().orElseThrow().metric());
        assertTrue(first.diagnosis().findings().size() >= 1);
        assertFalse(first.interrupted());
    }

    @Test
    void everyDecisionIsPrintedInTheOrderOfTheStepsAndTheReportPathLast() {
        int define = log.indexOf("[1/5] Define the problem  (" + log.stream().filter(l -> l.startsWith("[1/5]")).findFirst().orElseThrow()
                .substring("[1/5] Define the problem  (".length()));
        assertTrue(define > 0, log.toString());
        int previous = define;
        for (int step = 2; step <= 5; step++) {
            String prefix = "[" + step + "/5] " + Progress.STEPS[step - 1];
            int at = -1;
            for (int i = 0; i < log.size(); i++) if (log.get(i).startsWith(prefix)) at = i;
            assertTrue(at > previous, prefix + " in " + log);
            previous = at;
        }
        assertTrue(log.getLast().startsWith("report:") && log.getLast().endsWith("report.html"), log.getLast());
        assertTrue(first.decisions().stream().anyMatch(d -> d.startsWith("classification: the data set says so")), first.decisions().toString());
        assertTrue(first.decisions().stream().anyMatch(d -> d.startsWith("test split: 30 rows (20%) set aside")), first.decisions().toString());
    }

    @Test
    void predictionsCsvHoldsTheTestSplitAndTheSavedModelReproducesItExactly() throws IOException {
        List<String> lines = Files.readAllLines(first.predictionsPath());
        assertEquals("row,species (actual),species (predicted),p(setosa),p(versicolor),p(virginica)", lines.getFirst());
        assertEquals(1 + 30, lines.size());   // a header, then the 30 rows of the 20% test split

        Table iris = Datasets.load("iris").table();
        Pipeline loaded = Pipeline.load(first.modelPath());
        int[] rows = new int[30];
        for (int i = 0; i < 30; i++) rows[i] = Integer.parseInt(lines.get(i + 1).split(",")[0]);
        Table test = iris.rows(rows);
        float[] proba = loaded.predictProba(test).toFloatArray();
        int[] predicted = loaded.predict(test).toIntArray();
        for (int i = 0; i < 30; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(iris.column("species").text(rows[i]), f[1]);
            assertEquals(loaded.classes().get(predicted[i]), f[2]);
            for (int c = 0; c < 3; c++) assertEquals(Float.toString(proba[i * 3 + c]), f[3 + c], "row " + i + " class " + c);
        }
        assertEquals(first.leaderboard().best().name(), loaded.metadata().get("model"));
        // The test rows are the stratified 20%: ten of each class.
        Table fromCsv = CsvReader.read(first.predictionsPath());
        assertEquals(30, fromCsv.rowCount());
        for (String s : List.of("setosa", "versicolor", "virginica")) {
            int n = 0;
            for (int r = 0; r < 30; r++) if (fromCsv.column("species (actual)").text(r).equals(s)) n++;
            assertEquals(10, n, s);
        }
    }

    @Test
    void foldsCsvGivesEachTrainingRowItsCrossValidationFold() throws IOException {
        List<String> lines = Files.readAllLines(first.foldsPath());
        assertEquals("row,fold", lines.getFirst());
        assertEquals(1 + 120, lines.size());   // every training row, none of the test split's
        java.util.Set<String> testRows = new java.util.HashSet<>();
        for (String l : Files.readAllLines(first.predictionsPath()).subList(1, 31)) testRows.add(l.split(",")[0]);
        Table iris = Datasets.load("iris").table();
        int folds = first.leaderboard().best().foldScores().length;
        int[][] perClass = new int[folds][3];
        int previous = -1;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            int row = Integer.parseInt(f[0]);
            assertTrue(row > previous, "by row number: " + l);
            previous = row;
            assertFalse(testRows.contains(f[0]), "a test row in folds.csv: " + l);
            perClass[Integer.parseInt(f[1])][List.of("setosa", "versicolor", "virginica").indexOf(iris.column("species").text(row))]++;
        }
        // Stratified folds, as the cross-validation made them: each fold holds 8 of each class's 40 training rows.
        for (int[] counts : perClass) assertArrayEquals(new int[] {8, 8, 8}, counts);
    }

    @Test
    void theReportHasEverySectionAndEmbedsItsCharts() throws IOException {
        String html = Files.readString(first.reportPath());
        for (String section : List.of("Summary", "Define the problem", "Prepare the data", "Evaluate algorithms", "Improve the best",
                "Present the results", "Decision log")) {
            assertTrue(html.contains(section), section);
        }
        assertTrue(html.contains("Corrected resampled paired t-test"));
        assertTrue(html.contains("Confusion matrix on the test split"));
        assertTrue(html.contains("One-vs-rest ROC curves"));
        assertTrue(html.contains(first.leaderboard().best().name()));
        assertFalse(html.contains("src=\"http"), "the report must not load anything from the network");
    }

    @Test
    void theReportOpensCleanlyInARealBrowser() {
        BrowserCheck.assumeAvailable();   // skips, saying why, where Chromium or chromedriver is missing
        BrowserCheck.Result r = BrowserCheck.open(first.reportPath());
        assertTrue(r.ok(), r.summary());
        // The comparison chart, the confusion matrix, the ROC curves, and a learning curve.
        assertTrue(r.images() >= 4, r.summary());
        assertTrue(r.text().contains("Evaluate algorithms") && r.text().contains(first.leaderboard().best().name()), r.summary());
    }

    @Test
    void theSameSeedGivesTheSameLeaderboardAndPredictions() throws IOException {
        TrainResult again = Fathom.train(Datasets.load("iris"), TrainOptions.defaults().outputDir(dir.resolve("run2")).quiet());
        assertEquals(first.leaderboard().size(), again.leaderboard().size());
        for (int i = 0; i < first.leaderboard().size(); i++) {
            LeaderboardEntry a = first.leaderboard().ranked().get(i);
            LeaderboardEntry b = again.leaderboard().ranked().get(i);
            assertEquals(a.name(), b.name());
            assertArrayEquals(a.foldScores(), b.foldScores(), a.name());
        }
        assertEquals(Files.readAllLines(first.predictionsPath()), Files.readAllLines(again.predictionsPath()));
        assertEquals(first.testMetrics(), again.testMetrics());
    }

    @Test
    void aStopKeepsTheBestModelSoFarAndStillWritesEverything() throws IOException {
        StopSignal stop = new StopSignal();
        List<String> lines = new ArrayList<>();
        // Raised as soon as the logistic regression's line is printed: the models after it are never started.
        TrainResult r = Fathom.train(Datasets.load("iris"), TrainOptions.defaults().outputDir(dir.resolve("stopped")).stopSignal(stop)
                .progress(line -> {
                    lines.add(line);
                    if (line.trim().startsWith("logistic regression")) stop.request();
                }));
        assertTrue(r.interrupted());
        List<String> names = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        assertEquals(List.of("logistic regression", "dummy (most frequent class)"), names);
        assertEquals("logistic regression", Pipeline.load(r.modelPath()).metadata().get("model"));
        assertTrue(Files.readString(r.reportPath()).contains("stopped early"));
        assertEquals(31, Files.readAllLines(r.predictionsPath()).size());
    }

    @Test
    void anUnknownTargetNamesTheClosestColumn() {
        Table iris = Datasets.load("iris").table();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fathom.train(iris, "specie", TrainOptions.defaults().outputDir(dir.resolve("x")).quiet()));
        assertTrue(e.getMessage().contains("no column 'specie'; did you mean 'species'?"), e.getMessage());
    }

    @Test
    void anUnwritableOutputFolderFailsBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<String> lines = new ArrayList<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fathom.train(Datasets.load("iris"), TrainOptions.defaults().outputDir(file.resolve("out")).progress(lines::add)));
        assertTrue(e.getMessage().startsWith("cannot write to the output folder") && e.getMessage().contains("--out"), e.getMessage());
        assertEquals(List.of(), lines, "nothing is trained before the folder is checked");
    }
}
