package dev.fathom.workflow;

import dev.fathom.datasets.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        // the petals separate the species; the sepals far less
        String top = decision.substring(decision.indexOf("): ") + 3);
        assertTrue(top.startsWith("petal"), decision);
        String html = Files.readString(r.reportPath());
        assertTrue(html.contains("What drives the predictions"), "the section");
        assertTrue(html.contains("Permutation importance: drop in accuracy from"), "the table");
        assertTrue(html.contains("Partial dependence on petal"), "a curve for a top column");
    }
}
