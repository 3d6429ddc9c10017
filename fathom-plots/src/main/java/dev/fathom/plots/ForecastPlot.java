package dev.fathom.plots;

import dev.fathom.forecast.ForecastReport;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Forecasts drawn against the actual series: the whole series (its past in grey context, its
 * forecast span in black), each forecast as a coloured line over the span it covers with its test
 * RMSE in the legend, and a dashed vertical line where forecasting starts.
 *
 * <pre>{@code
 * ForecastReport report = ForecastReport.oneStep(y, testStart, y.length,
 *         NaiveForecaster.persistence(), NaiveForecaster.seasonal(11), lstm);
 * ForecastPlot.of("Sunspots: one-step forecasts", years, y, report).save(Path.of("sunspots.png"));
 * Plot zoomed = ForecastPlot.of("Sunspots", "year", "sunspot number", years, y, report);
 * ((XYChart) zoomed.chart()).getStyler().setXAxisMin(1900.0);     // the test span and a little history
 *
 * Map<String, double[]> paths = Map.of("LSTM, 10 years ahead", lstm.forecast(Arrays.copyOf(y, testStart), 10));
 * ForecastPlot.of("Sunspots", "year", "sunspot number", years, y, testStart, paths).save(Path.of("paths.svg"));
 * }</pre>
 */
public final class ForecastPlot {
    private ForecastPlot() {}

    /**
     * The report's forecasts (with their RMSE) against the whole series; the report's start is the
     * step where forecasting begins.
     *
     * @param title  the chart's title
     * @param time   the time of each step of {@code actual} (years, or 0, 1, 2 ...)
     * @param actual the whole series, as long as {@code time}
     * @throws IllegalArgumentException as {@link #of(String, String, String, double[], double[], int, Map)}
     */
    public static Plot of(String title, double[] time, double[] actual, ForecastReport report) {
        return of(title, "time", "value", time, actual, report);
    }

    /**
     * {@link #of(String, double[], double[], ForecastReport)} with axis titles, e.g. {@code "year"}
     * and {@code "sunspot number"}.
     *
     * @throws IllegalArgumentException as {@link #of(String, String, String, double[], double[], int, Map)}
     */
    public static Plot of(String title, String xTitle, String yTitle, double[] time, double[] actual, ForecastReport report) {
        Objects.requireNonNull(report, "report");
        Map<String, double[]> named = new LinkedHashMap<>();
        for (String name : report.names()) {
            named.put(name + " (RMSE " + Styles.format(report.rmse(name)) + ")", report.forecast(name));
        }
        return of(title, xTitle, yTitle, time, actual, report.start(), named);
    }

    /**
     * Forecasts that each start at step {@code start} of the series and cover as many steps as they
     * have values (they may run past the series' end, into the future, if {@code time} has those steps).
     *
     * @param title     the chart's title
     * @param xTitle    the time axis' title, e.g. {@code "year"}
     * @param yTitle    the value axis' title
     * @param time      the time of each step; at least as long as {@code actual}
     * @param actual    the series as observed
     * @param start     the step at which every forecast starts
     * @param forecasts name to forecast values, in legend order
     * @throws IllegalArgumentException when {@code start} is outside the series, a forecast would run
     *     past {@code time}, or there is nothing to draw
     */
    public static Plot of(String title, String xTitle, String yTitle, double[] time, double[] actual, int start,
            Map<String, double[]> forecasts) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(forecasts, "forecasts");
        if (actual.length == 0) throw new IllegalArgumentException("ForecastPlot: the actual series is empty");
        if (time.length < actual.length) {
            throw new IllegalArgumentException("ForecastPlot: " + time.length + " time values for a series of " + actual.length
                    + " steps; give one time value per step");
        }
        if (start < 1 || start > actual.length) {
            throw new IllegalArgumentException("ForecastPlot: forecasts start at step " + start + " but the series has steps 0.."
                    + (actual.length - 1) + "; start after at least one observed step, at most at " + actual.length);
        }
        XYChart chart = Styles.xy(title, xTitle, yTitle);
        Styles.legendBelow(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#.##");   // years read 1950, not 1,950
        // The past gives context only; the span the forecasts cover is drawn strongly.
        double[][] past = Styles.finite(Arrays.copyOf(time, start), Arrays.copyOf(actual, start));
        XYSeries context = Styles.line(chart, "actual (history)", past[0], past[1], new java.awt.Color(0x9e9e9e), false);
        context.setShowInLegend(false);
        if (start < actual.length) {
            double[][] span = Styles.finite(Arrays.copyOfRange(time, start - 1, actual.length),
                    Arrays.copyOfRange(actual, start - 1, actual.length));
            Styles.line(chart, "actual", span[0], span[1], java.awt.Color.BLACK, false);
        }
        int colour = 0;
        for (var e : forecasts.entrySet()) {
            double[] f = Objects.requireNonNull(e.getValue(), e.getKey());
            if (f.length == 0) throw new IllegalArgumentException("ForecastPlot: forecast '" + e.getKey() + "' is empty");
            if (start + f.length > time.length) {
                throw new IllegalArgumentException("ForecastPlot: forecast '" + e.getKey() + "' has " + f.length + " values from step "
                        + start + ", past the " + time.length + " time values; give time values for the forecast's steps too");
            }
            double[][] p = Styles.finite(Arrays.copyOfRange(time, start, start + f.length), f);
            if (p[0].length == 0) continue;
            Styles.line(chart, e.getKey(), p[0], p[1], Styles.COLORS[colour++ % Styles.COLORS.length], false);
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : actual) {
            if (Double.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        for (double[] f : forecasts.values()) {
            for (double v : f) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (low <= high) Scale.tight(low, high).applyToY(chart.getStyler());
        if (low <= high) {
            double at = (time[start - 1] + time[start < time.length ? start : start - 1]) / 2;
            XYSeries cut = Styles.line(chart, "forecast start", new double[] {at, at}, new double[] {low, high},
                    new java.awt.Color(0x777777), true);
            cut.setShowInLegend(false);
        }
        return new Plot(chart);
    }
}
