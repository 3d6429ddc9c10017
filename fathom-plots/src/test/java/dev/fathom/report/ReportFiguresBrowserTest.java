package dev.fathom.report;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.metrics.RocCurve;
import dev.fathom.plots.LearningCurvePlot;
import dev.fathom.plots.ModelComparisonPlot;
import dev.fathom.plots.ResidualPlot;
import dev.fathom.plots.RocPlot;
import dev.fathom.testing.BrowserCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportFiguresBrowserTest {
    static final Path SHOTS = Path.of("target", "report-screenshots");

    @BeforeEach
    void browser() {
        BrowserCheck.assumeAvailable();
    }

    /** The figures a report got wrong before: each one's trap is in its caption. */
    static HtmlReport figures() {
        Random random = new Random(3);
        double[] actual = new double[89];
        double[] predicted = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            predicted[i] = 10 + 5 * random.nextDouble();
            actual[i] = predicted[i] + random.nextGaussian();
        }
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        double[] perfect = {0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9};
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cross-validated accuracy", 1.0);
        summary.put("log loss", 0.046234);
        summary.put("folds", 5);
        return new HtmlReport("Figures a paper would print")
                .section("Curves")
                .plot("loss falling to 0.05: the axis starts at 0", LearningCurvePlot.of(EpochCurves.of("loss",
                        new double[] {1.0, 0.5, 0.2, 0.1, 0.06, 0.05}, new double[] {1.02, 0.55, 0.3, 0.2, 0.18, 0.19})))
                .plot("accuracy 0.99 ± 0.03: the band stops at 1", LearningCurvePlot.trainingSizes("accuracy", new int[] {10, 20, 40, 80},
                        new double[] {0.99, 0.99, 0.98, 0.97}, new double[] {0.03, 0.03, 0.04, 0.05},
                        new double[] {0.6, 0.75, 0.85, 0.9}, new double[] {0.2, 0.12, 0.1, 0.08}))
                .plot("a perfect model's ROC: ticks every 0.2", RocPlot.of("perfect", RocCurve.of(y, perfect)))
                .plot("residuals: legend entries apart", ResidualPlot.of(actual, predicted))
                .plot("log loss bars: 0 and leading zeros", ModelComparisonPlot.of(List.of("logistic", "kNN", "tree"),
                        new double[] {0.046, 0.081, 0.12}, new double[] {0.01, 0.02, 0.05}, "log_loss"))
                .section("Tables")
                .keyValues(summary)
                .table("Leaderboard", List.of("model", "mean accuracy", "std", "folds"), List.of(
                        List.of("logistic", 1.0, 0.046234, 5), List.of("kNN", 0.953333, 0.05, 5), List.of("dummy", 0.3333333, 1.2e-17, 5)), 0);
    }

    @Test
    void screenshots() throws Exception {
        Files.createDirectories(SHOTS);
        Path html = SHOTS.resolve("figures.html");
        figures().save(html);
        List<Path> shots = BrowserCheck.screenshots(html, "figure, .table-wrap", SHOTS, "figures");
        System.out.println(shots);
    }
}
