package dev.fathom.plots;

import dev.fathom.metrics.RocCurve;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ROC curves: true positive rate against false positive rate, one line per curve with its area
 * under the curve in the legend, and the diagonal of a random guess. Several curves share one
 * chart — the classes of a one-vs-rest evaluation, or several models.
 *
 * <pre>{@code
 * RocPlot.of("logistic", RocCurve.of(yTrue, scores)).save(Path.of("roc.png"));
 *
 * // one-vs-rest: probabilities [n, k] from predictProba, class names from the data set
 * RocPlot.oneVsRest(yTrue, model.predictProba(x).toDoubleArray(), data.classNames()).save(Path.of("roc.svg"));
 * }</pre>
 */
public final class RocPlot {
    private RocPlot() {}

    /** One curve, named {@code name} in the legend. */
    public static Plot of(String name, RocCurve curve) {
        Map<String, RocCurve> one = new LinkedHashMap<>();
        one.put(name, curve);
        return of(one);
    }

    /**
     * One line per entry, in the map's order, each labelled "name (AUC = 0.930)".
     *
     * @throws IllegalArgumentException when the map is empty or a curve's labels held one class only
     */
    public static Plot of(Map<String, RocCurve> curves) {
        Objects.requireNonNull(curves, "curves");
        if (curves.isEmpty()) throw new IllegalArgumentException("RocPlot needs at least one curve");
        XYChart chart = Styles.xy(curves.size() == 1 ? "ROC curve" : "ROC curves", "false positive rate", "true positive rate");
        square(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int i = 0;
        for (var e : curves.entrySet()) {
            RocCurve c = Objects.requireNonNull(e.getValue(), e.getKey());
            double auc;
            try {
                auc = c.auc();
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("ROC curve '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
            Styles.line(chart, e.getKey() + " (AUC = " + Styles.rate(auc) + ")", c.falsePositiveRate(), c.truePositiveRate(),
                    Styles.COLORS[i++ % Styles.COLORS.length], false);
        }
        Styles.line(chart, "chance (AUC = 0.500)", new double[] {0, 1}, new double[] {0, 1}, Styles.COLORS[7], true);
        return new Plot(chart);
    }

    /**
     * One-vs-rest curves of a {@code k}-class problem: for each class, its column of
     * {@code scores} (row-major {@code [n, k]}, e.g. predicted probabilities) against "is this
     * class", as scikit-learn's {@code roc_auc_score(multi_class="ovr")} scores each class.
     *
     * @param yTrue      class indices, {@code n} of them
     * @param scores     {@code n * k} scores, row by row
     * @param classNames {@code k} names, one per class
     */
    public static Plot oneVsRest(int[] yTrue, double[] scores, List<String> classNames) {
        Map<String, int[]> labels = OneVsRest.labels(yTrue, scores, classNames);
        Map<String, RocCurve> curves = new LinkedHashMap<>();
        int k = classNames.size();
        int c = 0;
        for (var e : labels.entrySet()) curves.put(e.getKey(), RocCurve.of(e.getValue(), OneVsRest.column(scores, k, c++)));
        return of(curves);
    }

    /** Rates: ticks at 0, 0.2, ..., 1.0 on both axes. */
    static final Scale RATES = new Scale(0, 1, 0.2);

    /**
     * Both axes from 0 to 1 with ticks every 0.2, so the diagonal is a diagonal; a hundredth more
     * each side (as scikit-learn's displays), so a curve along an edge is not hidden by the frame.
     * The margin also keeps XChart from ticking only at the data's values when those are equally
     * spaced (a perfect model's curve has only 0 and 1).
     */
    static void square(XYChart chart) {
        var s = chart.getStyler();
        s.setXAxisMin(-0.01);
        s.setXAxisMax(1.01);
        s.setYAxisMin(-0.01);
        s.setYAxisMax(1.01);
        s.setXAxisTickLabelsFormattingFunction(RATES::label);
        s.setYAxisTickLabelsFormattingFunction(RATES::label);
    }
}
