package dev.fathom.plots;

import dev.fathom.forecast.ForecastReport;
import dev.fathom.forecast.NaiveForecaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forecast plots written as PNG and SVG and read back. */
class ForecastPlotTest {
    @TempDir
    Path dir;

    private static double[] cycle(int n) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 50 + 40 * Math.sin(2 * Math.PI * t / 11) + (t % 3);
        return y;
    }

    @Test
    void reportAgainstTheSeriesAsPngAndSvg() throws Exception {
        double[] y = cycle(120);
        double[] years = new double[y.length];
        Arrays.setAll(years, t -> 1900 + t);
        ForecastReport r = ForecastReport.oneStep(y, 90, 120, NaiveForecaster.persistence(), NaiveForecaster.seasonal(11));
        Plot plot = ForecastPlot.of("Cycle: one-step forecasts", years, y, r);
        Path png = plot.save(dir.resolve("forecast.png"));
        PlotFiles.png(png, 800, 600);
        PlotFiles.svg(plot.save(dir.resolve("forecast.svg")), 800, 600, "Cycle: one-step forecasts", "actual",
                "persistence (RMSE " + Styles.format(r.rmse("persistence")) + ")", "seasonal naive (m=11)");
        assertFalse(plot.description().contains("actual (history)"), plot.description());
    }

    @Test
    void forecastsMayRunIntoTheFuture() throws Exception {
        double[] y = cycle(60);
        double[] time = new double[70];
        Arrays.setAll(time, t -> t);
        double[] future = NaiveForecaster.seasonal(11).forecast(y, 10);
        Plot plot = ForecastPlot.of("Next 10 steps", "step", "value", time, y, 60, Map.of("seasonal naive", future));
        PlotFiles.png(plot.save(dir.resolve("future.png")), 800, 600);
        assertTrue(Files.size(dir.resolve("future.png")) > 0);
    }

    @Test
    void badSpansAreExplained() {
        double[] y = cycle(30);
        double[] time = new double[30];
        var e = assertThrows(IllegalArgumentException.class,
                () -> ForecastPlot.of("t", "x", "y", time, y, 25, Map.of("long", new double[10])));
        assertTrue(e.getMessage().contains("'long' has 10 values from step 25") && e.getMessage().contains("time values"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForecastPlot.of("t", "x", "y", time, y, 0, Map.of()));
        assertTrue(e.getMessage().contains("start at step 0") && e.getMessage().contains("at least one observed step"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForecastPlot.of("t", "x", "y", new double[3], y, 2, Map.of()));
        assertTrue(e.getMessage().contains("3 time values for a series of 30 steps"), e.getMessage());
    }
}
