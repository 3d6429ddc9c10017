package dev.fathom.plots;

import dev.fathom.metrics.Regression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Residuals against predictions and actual against predicted, with their reference lines. */
class ResidualPlotTest {
    @TempDir
    Path dir;

    private static final double[] ACTUAL = {3, -0.5, 2, 7, 4.2, Double.NaN};
    private static final double[] PREDICTED = {2.5, 0.0, 2, 8, 4.0, 1.0};

    @Test
    void residualsAgainstPredictionsWithAZeroLine() throws Exception {
        Plot plot = ResidualPlot.of(ACTUAL, PREDICTED);
        // RMSE of the five finite pairs; the pair with NaN is left out.
        // sklearn: mean_squared_error([3, -0.5, 2, 7, 4.2], [2.5, 0, 2, 8, 4]) ** 0.5
        assertEquals(0.5549774770204643, Regression.rmse(new double[] {3, -0.5, 2, 7, 4.2}, new double[] {2.5, 0.0, 2, 8, 4.0}), 1e-12);
        var chart = (XYChart) plot.chart();
        var points = chart.getSeries("residuals (RMSE 0.555, n = 5)");
        assertArrayEquals(new double[] {2.5, 0.0, 2, 8, 4.0}, points.getXData(), 1e-12);
        assertArrayEquals(new double[] {0.5, -0.5, 0, -1, 0.2}, points.getYData(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, chart.getSeries("zero").getYData());
        assertArrayEquals(new double[] {0, 8}, chart.getSeries("zero").getXData(), "the zero line spans the predictions");
        PlotFiles.png(plot.save(dir.resolve("residuals.png")), 800, 600);
        PlotFiles.svg(plot.save(dir.resolve("residuals.svg")), 800, 600, "Residuals vs predicted", "x axis: predicted",
                "y axis: residual (actual − predicted)", "residuals (RMSE 0.555, n = 5)", "zero");
    }

    @Test
    void actualAgainstPredictedWithTheIdentityLine() throws Exception {
        Plot plot = ResidualPlot.actualVsPredicted(ACTUAL, PREDICTED);
        // sklearn: r2_score([3, -0.5, 2, 7, 4.2], [2.5, 0, 2, 8, 4])
        assertEquals(0.9496600418410042, Regression.r2(new double[] {3, -0.5, 2, 7, 4.2}, new double[] {2.5, 0.0, 2, 8, 4.0}), 1e-12);
        var chart = (XYChart) plot.chart();
        var points = chart.getSeries("samples (R² 0.95, RMSE 0.555, n = 5)");
        assertArrayEquals(new double[] {3, -0.5, 2, 7, 4.2}, points.getYData(), 1e-12);
        var identity = chart.getSeries("actual = predicted");
        assertArrayEquals(new double[] {-0.5, 8}, identity.getXData());
        assertArrayEquals(identity.getXData(), identity.getYData());
        // The data's range -0.5..8 on nice numbers: -2..8 in steps of 2, the same on both axes.
        assertEquals(-2, chart.getStyler().getXAxisMin(), 1e-4);
        assertEquals(8, chart.getStyler().getXAxisMax());
        assertEquals(chart.getStyler().getXAxisMin(), chart.getStyler().getYAxisMin(), "square: the identity runs at 45 degrees");
        assertEquals(chart.getStyler().getXAxisMax(), chart.getStyler().getYAxisMax(), "square: the identity runs at 45 degrees");
        PlotFiles.png(plot.save(dir.resolve("avp.png")), 800, 600);
        PlotFiles.svg(plot.save(dir.resolve("avp.svg")), 800, 600, "Actual vs predicted", "actual = predicted");
    }

    @Test
    void onePointStillDraws() throws Exception {
        Plot plot = ResidualPlot.actualVsPredicted(new double[] {2}, new double[] {2});
        assertTrue(plot.description().contains("samples (RMSE 0, n = 1)"), plot.description());
        PlotFiles.png(plot.save(dir.resolve("one.png")), 800, 600);
        PlotFiles.png(ResidualPlot.of(new double[] {2}, new double[] {1}).save(dir.resolve("one-residual.png")), 800, 600);
    }

    @Test
    void badInputIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> ResidualPlot.of(new double[3], new double[2]));
        assertTrue(e.getMessage().contains("3 actual values but 2 predictions; give one prediction per actual value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResidualPlot.actualVsPredicted(new double[] {Double.NaN}, new double[] {1}));
        assertTrue(e.getMessage().contains("every one of the 1 pairs holds a NaN or infinite value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResidualPlot.of(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("the arrays are empty"), e.getMessage());
    }
}
