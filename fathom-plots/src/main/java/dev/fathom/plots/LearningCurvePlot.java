package dev.fathom.plots;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.models.History;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Objects;

/**
 * Learning curves: a score on the training and validation data per epoch (from a {@link History}),
 * or per training-set size with the spread over cross-validation folds (from plain arrays, e.g.
 * what a learning-curve search over sizes produced).
 *
 * <pre>{@code
 * History history = model.fit(x, y, Fit.epochs(30).validationSplit(0.2));
 * LearningCurvePlot.of(history, "loss").save(Path.of("loss.png"));
 * LearningCurvePlot.of(history, "accuracy").save(Path.of("accuracy.svg"));
 *
 * LearningCurvePlot.trainingSizes("accuracy", new int[] {20, 50, 100},
 *         new double[] {1.0, 0.98, 0.97}, new double[] {0, 0.01, 0.01},     // training mean, std
 *         new double[] {0.80, 0.90, 0.93}, new double[] {0.05, 0.03, 0.02}) // validation mean, std
 *     .save(Path.of("sizes.png"));
 * }</pre>
 */
public final class LearningCurvePlot {
    private LearningCurvePlot() {}

    /**
     * {@code key} and {@code val_key} of {@code history} against the epoch (1-based, as fit prints
     * it), with the best validation epoch marked.
     *
     * @throws IllegalArgumentException when the history lacks {@code key}, naming the keys it has
     */
    public static Plot of(History history, String key) {
        return of(EpochCurves.from(history, key));
    }

    /** The training and (if any) validation values of {@code curve} against the epoch, the best validation epoch marked. */
    public static Plot of(EpochCurves curve) {
        Objects.requireNonNull(curve, "curve");
        double[] epochs = new double[curve.epochs()];
        for (int i = 0; i < epochs.length; i++) epochs[i] = i + 1;
        XYChart chart = Styles.xy("Learning curve: " + curve.name(), "epoch", curve.name());
        boolean up = curve.higherIsBetter();
        chart.getStyler().setLegendPosition(up ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#");
        int lines = addCurve(chart, "training", epochs, curve.train(), Styles.COLORS[0]);
        if (curve.hasValidation()) {
            double[] val = curve.validation();
            lines += addCurve(chart, "validation", epochs, val, Styles.COLORS[1]);
            int best = -1;
            for (int i = 0; i < val.length; i++) if (Double.isFinite(val[i]) && (best < 0 || (up ? val[i] > val[best] : val[i] < val[best]))) best = i;
            if (best >= 0) {
                XYSeries mark = chart.addSeries("best validation: " + Styles.format(val[best]) + " (epoch " + (best + 1) + ")",
                        new double[] {best + 1}, new double[] {val[best]});
                mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                mark.setMarker(SeriesMarkers.CIRCLE);
                mark.setMarkerColor(Styles.COLORS[3]);
            }
        }
        if (lines == 0) {
            throw new IllegalArgumentException("nothing to plot: every value of '" + curve.name() + "'"
                    + (curve.hasValidation() ? " and '" + curve.validationName() + "'" : "") + " is NaN or infinite");
        }
        if (epochs.length == 1) {
            chart.getStyler().setXAxisMin(0.5);
            chart.getStyler().setXAxisMax(1.5);
        }
        Scale.Bounds bounds = Scale.boundsOf(curve.name(), curve.train(), curve.hasValidation() ? curve.validation() : null);
        double[] range = range(curve.train(), curve.hasValidation() ? curve.validation() : new double[0]);
        // A loss is read against zero, where it would be perfect.
        Scale.of(range[0], range[1], bounds, bounds == Scale.Bounds.NON_NEGATIVE).applyToY(chart.getStyler());
        return new Plot(chart);
    }

    /**
     * A score against the number of training samples: the mean over folds as a line with markers and
     * mean ± one standard deviation as a shaded band, for the training and the validation folds, as
     * scikit-learn's learning-curve example draws them. The std arrays may be {@code null} (no band).
     *
     * @param scoreName      the score's name for the axis, e.g. {@code "accuracy"}
     * @param sizes          training-set sizes, one per point
     * @param trainMean      mean training score at each size
     * @param trainStd       its standard deviation over folds, or {@code null}
     * @param validationMean mean validation score at each size
     * @param validationStd  its standard deviation over folds, or {@code null}
     * @throws IllegalArgumentException when lengths differ, a size is not positive, or a std is negative or not finite
     */
    public static Plot trainingSizes(String scoreName, int[] sizes, double[] trainMean, double[] trainStd,
            double[] validationMean, double[] validationStd) {
        if (scoreName == null || scoreName.isBlank()) throw new IllegalArgumentException("trainingSizes needs the score's name, e.g. \"accuracy\"");
        Objects.requireNonNull(sizes, "sizes");
        if (sizes.length == 0) throw new IllegalArgumentException("trainingSizes needs at least one training-set size");
        check("trainMean", trainMean, sizes.length, false);
        check("trainStd", trainStd, sizes.length, true);
        check("validationMean", validationMean, sizes.length, false);
        check("validationStd", validationStd, sizes.length, true);
        double[] x = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) throw new IllegalArgumentException("trainingSizes: sizes[" + i + "] = " + sizes[i] + "; sizes are sample counts >= 1");
            x[i] = sizes[i];
        }
        XYChart chart = Styles.xy("Learning curve: " + scoreName + " vs training-set size", "training samples", scoreName);
        chart.getStyler().setLegendPosition(EpochCurves.of(scoreName, trainMean, null).higherIsBetter()
                ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        Scale.Bounds bounds = Scale.boundsOf(scoreName, trainMean, validationMean);
        double[] trainBand = band(chart, "training ± 1 std", x, trainMean, trainStd, Styles.COLORS[0], bounds);
        double[] validationBand = band(chart, "validation ± 1 std", x, validationMean, validationStd, Styles.COLORS[1], bounds);
        XYSeries t = chart.addSeries("training", x, trainMean);
        t.setMarker(SeriesMarkers.CIRCLE);
        t.setLineColor(Styles.COLORS[0]);
        t.setMarkerColor(Styles.COLORS[0]);
        XYSeries v = chart.addSeries("validation", x, validationMean);
        v.setMarker(SeriesMarkers.CIRCLE);
        v.setLineColor(Styles.COLORS[1]);
        v.setMarkerColor(Styles.COLORS[1]);
        double[] range = range(trainMean, validationMean, trainBand, validationBand);
        Scale.of(range[0], range[1], bounds, bounds == Scale.Bounds.NON_NEGATIVE).applyToY(chart.getStyler());
        Scale.of(0, x[x.length - 1], Scale.Bounds.NON_NEGATIVE, false).applyToX(chart.getStyler());
        return new Plot(chart);
    }

    private static int addCurve(XYChart chart, String name, double[] epochs, double[] values, Color color) {
        double[][] p = Styles.finite(epochs, values);
        if (p[0].length == 0) return 0;
        XYSeries s = Styles.line(chart, name, p[0], p[1], color, false);
        if (p[0].length <= 30) s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
        return 1;
    }

    /**
     * mean ± std as a filled polygon, along the upper edge and back along the lower one, clipped
     * to the score's {@code bounds}: an accuracy of 0.97 ± 0.05 is drawn up to 1, the most it can
     * be. Returns the polygon's y values ({@code []} when {@code std} is null).
     */
    private static double[] band(XYChart chart, String name, double[] x, double[] mean, double[] std, Color color, Scale.Bounds bounds) {
        if (std == null) return new double[0];
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = bounds.clip(mean[i] + std[i]);
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = bounds.clip(mean[i] - std[i]);
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(Styles.translucent(color, 50));
        s.setLineColor(Styles.translucent(color, 0));
        s.setShowInLegend(false);
        return py;
    }

    /** The lowest and highest finite value of {@code arrays}; [0, 1] when none is finite. */
    private static double[] range(double[]... arrays) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        return low <= high ? new double[] {low, high} : new double[] {0, 1};
    }

    private static void check(String name, double[] values, int n, boolean std) {
        if (values == null) {
            if (std) return;
            throw new IllegalArgumentException("trainingSizes: " + name + " is missing; give one value per size");
        }
        if (values.length != n) {
            throw new IllegalArgumentException("trainingSizes: " + n + " sizes but " + values.length + " values in " + name + "; give one per size");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i]) || (std && values[i] < 0)) {
                throw new IllegalArgumentException("trainingSizes: " + name + "[" + i + "] = " + values[i] + "; "
                        + (std ? "a standard deviation must be finite and >= 0" : "scores must be finite"));
            }
        }
    }
}
