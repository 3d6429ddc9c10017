package dev.fathom.plots;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/** The house look of every plot: white background, light grid, readable fonts, matplotlib's colors. */
final class Styles {
    private Styles() {}

    /** matplotlib's "tab10" colors: distinct for up to ten series and readable for most colour-blind people. */
    static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** An empty line chart with the house style, titled and with both axes named. */
    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(Plot.DEFAULT_WIDTH, Plot.DEFAULT_HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        apply(s);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(new Color(0xe5e5e5));
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICKS);
        s.setMarkerSize(6);
        axes(s);
        return chart;
    }

    /**
     * The settings of every chart with axes: the plot's frame is the only axis line (XChart would
     * draw a second line a few pixels off the frame), and ticks about 100 pixels apart, five to
     * seven on an axis as in matplotlib, rather than a label every 70 pixels.
     */
    static void axes(AxesChartStyler s) {
        s.setAxisTicksLineVisible(false);
        s.setPlotBorderVisible(true);
        s.setXAxisTickMarkSpacingHint(100);
        s.setYAxisTickMarkSpacingHint(100);
    }

    /**
     * The legend under the plot, one entry per line: beside each other, XChart's horizontal layout
     * runs a long entry into the next one's symbol.
     */
    static void legendBelow(AxesChartStyler s) {
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
    }

    /** The settings every chart kind shares. */
    static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x999999));
        s.setChartTitleFont(TITLE);
        s.setLegendFont(LEGEND);
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setSeriesColors(COLORS);
        s.setChartPadding(12);
        s.setAntiAlias(true);
    }

    /** Adds a solid line of {@code color}; {@code dashed} for reference lines such as chance. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2f);
        if (dashed) s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return s;
    }

    /** {@code color} with {@code alpha} (0-255), for shaded bands. */
    static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /**
     * The points of {@code y} that are finite, with their {@code x}: [x..., y...] as two arrays.
     * Lines skip NaN and infinite values instead of failing.
     */
    static double[][] finite(double[] x, double[] y) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < y.length; i++) if (Double.isFinite(y[i]) && Double.isFinite(x[i])) kept.add(new double[] {x[i], y[i]});
        double[][] out = new double[2][kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            out[0][i] = kept.get(i)[0];
            out[1][i] = kept.get(i)[1];
        }
        return out;
    }

    /**
     * {@code v} as the report's tables show a score: 4 decimals below 10 (0.9417, 1.0000), else 4
     * significant digits (54.12, 1235), so a bar reads as its row of the leaderboard.
     */
    static String score(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        int decimals = a < 10 ? 4 : Math.max(0, 4 - ((int) Math.floor(Math.log10(a)) + 1));
        return new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A rate or area in [0, 1] with 3 decimals for legends, so curves compare digit by digit: 1.000 beside 0.995. */
    static String rate(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.3f", v) : Double.toString(v);
    }

    /** {@code v} with 3 significant digits for legends: 0.912, 12.3. */
    static String format(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == 0) return "0";
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
