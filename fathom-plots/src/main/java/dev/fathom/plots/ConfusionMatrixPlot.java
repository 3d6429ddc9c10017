package dev.fathom.plots;

import dev.fathom.metrics.ConfusionMatrix;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A confusion matrix as a heat map: true classes down the side (first at the top), predicted
 * classes along the bottom, each cell shaded by its count and labelled with it, and a colour scale
 * beside. Class names come from the matrix ({@link ConfusionMatrix#withNames}).
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred).withNames(data.classNames());
 * ConfusionMatrixPlot.of(cm).save(Path.of("confusion.png"));          // counts
 * ConfusionMatrixPlot.normalized(cm).save(Path.of("recall.svg"));     // each row divided by its total
 * }</pre>
 */
public final class ConfusionMatrixPlot {
    /** White to mid blue, the lighter half of matplotlib's "Blues": black counts stay readable on every cell. */
    private static final Color[] BLUES = {new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x6baed6), new Color(0x4292c6)};

    private ConfusionMatrixPlot() {}

    /** The counts, titled "Confusion matrix". */
    public static Plot of(ConfusionMatrix matrix) {
        return of(matrix, "Confusion matrix");
    }

    /** The counts with your title. */
    public static Plot of(ConfusionMatrix matrix, String title) {
        Objects.requireNonNull(matrix, "matrix");
        int k = matrix.size();
        double[][] values = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) values[i][j] = matrix.count(i, j);
        return heatMap(matrix, values, title + " (" + matrix.total() + " samples)", "#", "count", false);
    }

    /**
     * Each row divided by its total, so a cell is the fraction of a true class predicted as each
     * class and the diagonal is each class' recall (scikit-learn's {@code normalize="true"}); a
     * class with no samples has a row of zeros.
     */
    public static Plot normalized(ConfusionMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        int k = matrix.size();
        double[][] values = new double[k][k];
        for (int i = 0; i < k; i++) {
            long support = matrix.support(i);
            for (int j = 0; j < k; j++) values[i][j] = support == 0 ? 0 : (double) matrix.count(i, j) / support;
        }
        return heatMap(matrix, values, "Confusion matrix, normalized by true class", "0.00", "fraction", true);
    }

    private static Plot heatMap(ConfusionMatrix matrix, double[][] values, String title, String pattern, String seriesName,
            boolean fractions) {
        int k = matrix.size();
        if (k > 100) {
            throw new IllegalArgumentException("a confusion matrix of " + k + " classes is too large to read as a heat map;"
                    + " plot a subset with ConfusionMatrix.of(yTrue, yPred, labels)");
        }
        List<String> predicted = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < k; i++) predicted.add(matrix.name(i));
        // The heat map's y index 0 is at the bottom: list the true classes last to first so the first is on top.
        for (int i = k - 1; i >= 0; i--) actual.add(matrix.name(i));
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cells.add(new Number[] {j, k - 1 - i, values[i][j]});
                max = Math.max(max, values[i][j]);
            }
        }
        // The builder, not the (width, height) constructor: only it gives the styler its defaults (value font, colours).
        HeatMapChart chart = new HeatMapChartBuilder().width(Plot.DEFAULT_WIDTH).height(Plot.DEFAULT_HEIGHT).title(title).build();
        chart.setXAxisTitle("predicted class");
        chart.setYAxisTitle("true class");
        HeatMapStyler s = chart.getStyler();
        Styles.apply(s);
        s.setAxisTitleFont(Styles.AXIS_TITLE);
        s.setAxisTickLabelsFont(Styles.TICKS);
        s.setPlotGridLinesVisible(false);
        s.setAxisTicksLineVisible(false);   // the frame is the axis line; XChart would draw another beside it
        s.setDecimalPattern(pattern);       // the colour scale's ends as the cells read: 80, not 80.0
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setRangeColors(BLUES);
        s.setMin(0);
        // Fractions on a fixed 0..1 scale, so two normalized matrices compare by colour.
        s.setMax(fractions ? 1 : max > 0 ? max : 1);
        s.setShowValue(true);
        s.setHeatMapValueDecimalPattern(pattern);
        // Cells with many characters need a smaller font; 14 points fits up to about 12 classes at 800 x 600.
        s.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, k <= 12 ? 14 : k <= 25 ? 10 : 8));
        s.setValueFontColor(Color.BLACK);
        s.setDrawBorder(true);
        if (k > 6) s.setXAxisLabelRotation(45);
        chart.addSeries(seriesName, predicted, actual, cells);
        // The cell labels are drawn as outlines in SVG: state the rows in words as well.
        var format = new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        StringBuilder rows = new StringBuilder("rows (true class → predicted ").append(String.join(", ", predicted)).append("):");
        for (int i = 0; i < k; i++) {
            rows.append(i == 0 ? " " : "; ").append(matrix.name(i)).append(':');
            for (int j = 0; j < k; j++) rows.append(' ').append(format.format(values[i][j]));
        }
        return new Plot(chart, rows.toString());
    }
}
