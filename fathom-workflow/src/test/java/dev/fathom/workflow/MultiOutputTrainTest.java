package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fathom train with several numeric targets: one model predicts them together, saved with every target. */
class MultiOutputTrainTest {
    @TempDir
    Path dir;

    private static Table energy() {
        Random r = new Random(7);
        int n = 120;
        double[] area = new double[n], glazing = new double[n], heating = new double[n], cooling = new double[n];
        String[] kind = new String[n];
        for (int i = 0; i < n; i++) {
            area[i] = 100 + 50 * r.nextGaussian();
            glazing[i] = r.nextDouble();
            heating[i] = 0.2 * area[i] + 10 * glazing[i] + r.nextGaussian();
            cooling[i] = 0.1 * area[i] - 5 * glazing[i] + r.nextGaussian();
            kind[i] = i % 3 == 0 ? "flat" : "house";
        }
        return Table.of(NumericColumn.of("area", area), NumericColumn.of("glazing", glazing), CategoricalColumn.of("kind", kind),
                NumericColumn.of("heating", heating), NumericColumn.of("cooling", cooling));
    }

    @Test
    void twoTargetsAreLearnedTogetherAndSavedWithBoth() throws IOException {
        TrainResult r = Fathom.train("energy", energy(), List.of("heating", "cooling"), TrainOptions.defaults().folds(3).maxEpochs(2)
                .outputDir(dir).quiet());
        assertTrue(r.problem().reason().startsWith("multi-output regression: 2 numeric targets [heating, cooling]"), r.problem().reason());
        List<String> names = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        assertTrue(names.contains("ridge alpha=1.0") && names.contains("dummy (mean)"), names.toString());
        assertTrue(r.leaderboard().best().mean() > 0.9, "a linear rule is found: " + r.leaderboard());
        Pipeline p = Pipeline.load(r.modelPath());
        assertEquals(List.of("heating", "cooling"), p.targets());
        assertEquals(List.of("area", "glazing", "kind"), p.inputs().stream().map(c -> c.name()).toList());
        String header = Files.readAllLines(r.predictionsPath()).getFirst();
        assertEquals("row,heating (actual),heating (predicted),cooling (actual),cooling (predicted)", header);
        assertTrue(r.testMetrics().get("r2") > 0.9, r.testMetrics().toString());
    }

    @Test
    void aCategoricalTargetAmongSeveralIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Fathom.train("energy", energy(), List.of("heating", "kind"),
                TrainOptions.defaults().outputDir(dir.resolve("no")).quiet()));
        assertTrue(e.getMessage().contains("the target 'kind' is") && e.getMessage().contains("train one --target at a time"), e.getMessage());
    }
}
