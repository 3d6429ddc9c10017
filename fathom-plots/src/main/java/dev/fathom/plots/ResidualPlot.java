package dev.fathom.plots;

import dev.fathom.metrics.Regression;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.Objects;

/**
 * The two pictures of a regression's errors that scikit-learn's {@code PredictionErrorDisplay}
 * draws: residuals (actual − predicted) against the prediction with the zero line, where a funnel
 * or a curve shows what the model misses; and actual against predicted with the identity line,
 * which a perfect model's points would sit on. Pairs with a NaN or infinite value are left out.
 *
 * <pre>{@code
 * double[] predicted = model.predict(xTest).toDoubleArray();
 * ResidualPlot.of(yTest, predicted).save(Path.of("residuals.png"));
 * ResidualPlot.actualVsPredicted(yTest, predicted).save(Path.of("actual-vs-predicted.svg"));
 * }</pre>
 */
public final class ResidualPlot {
    private ResidualPlot() {}

    /** Points up to this count get markers big enough to see one by one; more get small ones. */
    private static final int FEW_POINTS = 500;

    /**
     * Residuals {@code actual - predicted} (y) against {@code predicted} (x), a dashed line at zero,
     * and the RMSE in the legend.
     *
     * @throws IllegalArgumentException when the lengths differ or no pair is finite
     */
    public static Plot of(double[] actual, double[] predicted) {
        double[][] p = pairs(actual, predicted);
        double[] residuals = new double[p[0].length];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = p[0][i] - p[1][i];
            low = Math.min(low, p[1][i]);
            high = Math.max(high, p[1][i]);
        }
        XYChart chart = Styles.xy("Residuals vs predicted", "predicted", "residual (actual − predicted)");
        legendBelow(chart);
        scatter(chart, "residuals (RMSE " + Styles.format(Regression.rmse(p[0], p[1])) + ", n = " + residuals.length + ")", p[1], residuals);
        if (low == high) {
            low -= 0.5;
            high += 0.5;
        }
        Styles.line(chart, "zero", new double[] {low, high}, new double[] {0, 0}, Styles.COLORS[7], true);
        double rLow = 0;
        double rHigh = 0;
        for (double r : residuals) {
            rLow = Math.min(rLow, r);
            rHigh = Math.max(rHigh, r);
        }
        // Zero in the middle of the y axis, so points above and below it compare at a glance.
        double reach = Math.max(-rLow, rHigh);
        Scale.of(-reach, reach, Scale.Bounds.NONE, true).applyToY(chart.getStyler());
        Scale.tight(low, high).applyToX(chart.getStyler());
        return new Plot(chart);
    }

    /**
     * {@code actual} (y) against {@code predicted} (x) with a dashed identity line over their common
     * range, and R² and the RMSE in the legend.
     *
     * @throws IllegalArgumentException when the lengths differ or no pair is finite
     */
    public static Plot actualVsPredicted(double[] actual, double[] predicted) {
        double[][] p = pairs(actual, predicted);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] values : p) {
            for (double v : values) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (low == high) {
            low -= 0.5;
            high += 0.5;
        }
        XYChart chart = Styles.xy("Actual vs predicted", "predicted", "actual");
        legendBelow(chart);
        // Equal ranges on both axes, so the identity line runs at 45 degrees.
        Scale square = Scale.tight(low, high);
        square.applyToX(chart.getStyler());
        square.applyToY(chart.getStyler());
        // R² needs two samples; with one the legend leaves it out.
        double r2 = p[0].length > 1 ? Regression.r2(p[0], p[1]) : Double.NaN;
        scatter(chart, "samples (" + (Double.isFinite(r2) ? "R² " + Styles.format(r2) + ", " : "")
                + "RMSE " + Styles.format(Regression.rmse(p[0], p[1])) + ", n = " + p[0].length + ")", p[1], p[0]);
        Styles.line(chart, "actual = predicted", new double[] {low, high}, new double[] {low, high}, Styles.COLORS[7], true);
        return new Plot(chart);
    }

    /** Below the chart: a legend inside would hide points, which fill the whole plot area. */
    private static void legendBelow(XYChart chart) {
        Styles.legendBelow(chart.getStyler());
    }

    private static void scatter(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(Styles.translucent(Styles.COLORS[0], x.length <= FEW_POINTS ? 190 : 110));
        chart.getStyler().setMarkerSize(x.length <= FEW_POINTS ? 7 : 4);
    }

    /** The finite pairs: [actual..., predicted...]. */
    private static double[][] pairs(double[] actual, double[] predicted) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ResidualPlot: " + actual.length + " actual values but " + predicted.length
                    + " predictions; give one prediction per actual value, in the same order");
        }
        double[][] p = Styles.finite(predicted, actual);
        if (p[0].length == 0) {
            throw new IllegalArgumentException("ResidualPlot: nothing to plot: " + (actual.length == 0 ? "the arrays are empty"
                    : "every one of the " + actual.length + " pairs holds a NaN or infinite value"));
        }
        return new double[][] {p[1], p[0]};
    }
}
