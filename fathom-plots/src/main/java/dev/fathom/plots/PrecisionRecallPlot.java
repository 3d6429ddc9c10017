package dev.fathom.plots;

import dev.fathom.metrics.PrecisionRecallCurve;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Precision-recall curves: precision against recall as steps, each labelled with its average
 * precision (AP, as scikit-learn's {@code average_precision_score}: exactly the area under the
 * drawn steps).
 * A single curve also shows the precision of predicting every sample positive (the positive
 * rate), the level a useless model scores.
 *
 * <pre>{@code
 * PrecisionRecallPlot.of("model", PrecisionRecallCurve.of(yTrue, scores)).save(Path.of("pr.png"));
 * PrecisionRecallPlot.oneVsRest(yTrue, probabilities, data.classNames()).save(Path.of("pr.svg"));
 * }</pre>
 */
public final class PrecisionRecallPlot {
    private PrecisionRecallPlot() {}

    /** One curve, named {@code name} in the legend, with the positive-rate line. */
    public static Plot of(String name, PrecisionRecallCurve curve) {
        Map<String, PrecisionRecallCurve> one = new LinkedHashMap<>();
        one.put(name, curve);
        return of(one);
    }

    /**
     * One step line per entry, in the map's order, each labelled "name (AP = 0.910)".
     *
     * @throws IllegalArgumentException when the map is empty
     */
    public static Plot of(Map<String, PrecisionRecallCurve> curves) {
        Objects.requireNonNull(curves, "curves");
        if (curves.isEmpty()) throw new IllegalArgumentException("PrecisionRecallPlot needs at least one curve");
        XYChart chart = Styles.xy(curves.size() == 1 ? "Precision-recall curve" : "Precision-recall curves", "recall", "precision");
        RocPlot.square(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        int i = 0;
        for (var e : curves.entrySet()) {
            PrecisionRecallCurve c = Objects.requireNonNull(e.getValue(), e.getKey());
            double[][] steps = steps(c.recall(), c.precision());
            Styles.line(chart, e.getKey() + " (AP = " + Styles.rate(c.averagePrecision()) + ")", steps[0], steps[1],
                    Styles.COLORS[i++ % Styles.COLORS.length], false);
        }
        if (curves.size() == 1) {
            // At the lowest threshold every sample is predicted positive: precision is the positive rate.
            double rate = curves.values().iterator().next().precision()[0];
            Styles.line(chart, "all positive (precision = " + Styles.rate(rate) + ")", new double[] {0, 1}, new double[] {rate, rate},
                    Styles.COLORS[7], true);
        }
        return new Plot(chart);
    }

    /**
     * One-vs-rest curves of a {@code k}-class problem: for each class, its column of the row-major
     * {@code [n, k]} {@code scores} against "is this class".
     */
    public static Plot oneVsRest(int[] yTrue, double[] scores, List<String> classNames) {
        Map<String, int[]> labels = OneVsRest.labels(yTrue, scores, classNames);
        Map<String, PrecisionRecallCurve> curves = new LinkedHashMap<>();
        int k = classNames.size();
        int c = 0;
        for (var e : labels.entrySet()) curves.put(e.getKey(), PrecisionRecallCurve.of(e.getValue(), OneVsRest.column(scores, k, c++)));
        return of(curves);
    }

    /**
     * The step line whose area is the average precision: on each recall interval (R[i+1], R[i]] the
     * precision is P[i], the precision where that recall was first reached (matplotlib's
     * "steps-post" over the arrays' own order, as scikit-learn's PrecisionRecallDisplay draws).
     */
    static double[][] steps(double[] recall, double[] precision) {
        int n = recall.length;
        double[] x = new double[2 * n - 1];
        double[] y = new double[2 * n - 1];
        for (int i = 0; i < n; i++) {
            x[2 * i] = recall[i];
            y[2 * i] = precision[i];
            if (i + 1 < n) {
                x[2 * i + 1] = recall[i + 1];
                y[2 * i + 1] = precision[i];
            }
        }
        return new double[][] {x, y};
    }
}
