package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report of a table run says what drives the predictions. */
class ExplainedReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportShowsPermutationImportanceAndPartialDependence() throws IOException {
        TrainResult r = Fathom.train(Datasets.load("iris"), TrainOptions.defaults().folds(2).maxEpochs(2).outputDir(dir).quiet());
        String decision = r.decisions().stream().filter(d -> d.startsWith("what drives the predictions")).findFirst().orElseThrow();
        assertTrue(decision.contains("mean ± std over 5 shuffles"), decision);
        // Computed beside the test metrics and the learning curve, it is still said once, before the test split's scores.
        List<String> said = r.decisions();
        assertTrue(said.stream().filter(d -> d.startsWith("what drives the predictions")).count() == 1, said.toString());
        assertTrue(said.indexOf(decision) < said.indexOf(said.stream().filter(d -> d.startsWith("on the untouched test split")).findFirst()
                .orElseThrow()), said.toString());
        // the petals separate the species; the sepals far less
        String top = decision.substring(decision.indexOf("): ") + 3);
        assertTrue(top.startsWith("petal"), decision);
        String html = Files.readString(r.reportPath());
        assertTrue(html.contains("What drives the predictions"), "the section");
        assertTrue(html.contains("Permutation importance: drop in accuracy from"), "the table");
        assertTrue(html.contains("Partial dependence on petal"), "a curve for a top column");
    }

    /**
     * 300 rows whose class is which quadrant (a, b) lies in, (a > 0.5) xor (b > 0.5), beside six
     * columns of noise: no linear boundary, and the noise blurs k-NN's distances, so a tree model
     * wins (alone or as a member of the ensemble), and its own importances put a and b first.
     */
    @Test
    void aTreeModelsOwnImportancesAreInTheReportWithWhoseTheyAre() throws IOException {
        Random r = new Random(5);
        int n = 300;
        double[] a = new double[n], b = new double[n];
        double[][] noise = new double[6][n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
            for (double[] c : noise) c[i] = r.nextDouble();
            y[i] = (a[i] > 0.5) != (b[i] > 0.5) ? "odd" : "even";
        }
        List<Column> columns = new ArrayList<>(List.of(NumericColumn.of("a", a), NumericColumn.of("b", b)));
        for (int j = 0; j < noise.length; j++) columns.add(NumericColumn.of("noise" + j, noise[j]));
        columns.add(CategoricalColumn.of("quadrant", y));
        TrainResult result = Fathom.train(Table.of(columns), "quadrant",
                TrainOptions.defaults().folds(2).maxEpochs(2).timeBudget(Duration.ofSeconds(30)).outputDir(dir).quiet());
        String html = Files.readString(result.reportPath());
        int at = html.indexOf("The model&#39;s own importance of each prepared feature");
        assertTrue(at >= 0, "the table of the tree model's own importances; decisions: " + result.decisions());
        String table = html.substring(at, Math.min(html.length(), at + 3000));
        assertTrue(table.matches("(?s).*from (member m\\d+ \\(weight [0-9.]+ of [0-9.]+\\) of the ensemble: )?"
                + "(RandomForest|ExtraTrees|DecisionTree|HistGradientBoosting)Classifier\\(.*"), table);
        int first = Math.min(table.indexOf(">a<"), table.indexOf(">b<"));
        for (int j = 0; j < noise.length; j++) {
            assertTrue(first >= 0 && first < table.indexOf(">noise" + j + "<"), "a and b rank above the noise: " + table);
        }
    }
}
