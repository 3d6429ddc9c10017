package dev.fathom.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spot-check leaderboard: best first, error bars, both directions of "better", and teaching errors. */
class ModelComparisonPlotTest {
    @TempDir
    Path dir;

    @Test
    void barsAreSortedBestFirstWithErrorBars() throws Exception {
        Plot plot = ModelComparisonPlot.of(List.of("tree", "logistic", "kNN", "dummy"),
                new double[] {0.94, 0.96, 0.9533, 0.3333}, new double[] {0.06, 0.0442, 0.0521, 0}, "accuracy");
        assertEquals("Model comparison: accuracy (higher is better)", plot.title());
        assertTrue(plot.description().contains("bars, best first: logistic 0.96 ± 0.0442, kNN 0.953 ± 0.0521, tree 0.94 ± 0.06, dummy 0.333 ± 0"),
                plot.description());
        var series = ((CategoryChart) plot.chart()).getSeries("accuracy");
        assertEquals(List.of("logistic", "kNN", "tree", "dummy"), series.getXData());
        assertArrayEquals(new double[] {0.96, 0.9533, 0.94, 0.3333}, series.getYData());
        assertArrayEquals(new double[] {0.0442, 0.0521, 0.06, 0.0}, series.getExtraValues());
        // Bars start at zero (the axis' lowest value is a millionth of its span below, see Scale.applyToY) and stop at 1.
        assertEquals(0.0, ((CategoryChart) plot.chart()).getStyler().getYAxisMin(), 1e-5, "bars start at zero");
        assertEquals(1.0, ((CategoryChart) plot.chart()).getStyler().getYAxisMax(), "an accuracy axis stops at 1, the error bars too");
        PlotFiles.png(plot.save(dir.resolve("models.png")), 800, 600);
        PlotFiles.svg(plot.save(dir.resolve("models.svg")), 800, 600, "Model comparison: accuracy", "y axis: accuracy (mean ± 1 std)");
    }

    @Test
    void errorsAndLossesPutTheLowestFirst() {
        Plot plot = ModelComparisonPlot.of(List.of("mean", "ridge", "forest"), new double[] {77, 54.1, 57.9}, null, "RMSE");
        assertEquals("Model comparison: RMSE (lower is better)", plot.title());
        assertTrue(plot.description().contains("bars, best first: ridge 54.1, forest 57.9, mean 77"), plot.description());
        assertFalse(plot.description().contains("±"), "no error bars without stds");
        for (String lower : List.of("loss", "log_loss", "mean absolute error", "MSE", "MAE", "brier score")) {
            assertFalse(ModelComparisonPlot.higherIsBetter(lower), lower);
        }
        for (String higher : List.of("accuracy", "f1", "R²", "roc_auc", "neg_mean_squared_error", "balanced accuracy")) {
            assertTrue(ModelComparisonPlot.higherIsBetter(higher), higher);
        }
        Plot explicit = ModelComparisonPlot.of(List.of("a", "b"), new double[] {-2, -1}, new double[] {0.1, 0.1}, "neg MSE", true);
        assertTrue(explicit.description().contains("best first: b -1 ± 0.1, a -2 ± 0.1"), explicit.description());
        assertEquals(0.0, ((CategoryChart) explicit.chart()).getStyler().getYAxisMax(), "negative bars end at zero");
    }

    @Test
    void tiesKeepTheGivenOrder() {
        Plot plot = ModelComparisonPlot.of(List.of("b", "a", "c"), new double[] {0.5, 0.5, 0.9}, null, "accuracy");
        assertTrue(plot.description().contains("best first: c 0.9, b 0.5, a 0.5"), plot.description());
    }

    @Test
    void badInputIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of("a", "b"), new double[] {1}, null, "accuracy"));
        assertTrue(e.getMessage().contains("2 names but 1 means; give one of each per model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of("a", "a"), new double[] {1, 2}, null, "accuracy"));
        assertTrue(e.getMessage().contains("the name 'a' appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of("a"), new double[] {Double.NaN}, null, "accuracy"));
        assertTrue(e.getMessage().contains("the mean accuracy of 'a' is NaN; leave out models whose evaluation failed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of("a"), new double[] {1}, new double[] {-1}, "accuracy"));
        assertTrue(e.getMessage().contains("the standard deviation of 'a' is -1.0; it must be finite and >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of(), new double[0], null, "accuracy"));
        assertTrue(e.getMessage().contains("at least one model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelComparisonPlot.of(List.of("a"), new double[] {1}, null, " "));
        assertTrue(e.getMessage().contains("needs the score's name"), e.getMessage());
    }
}
