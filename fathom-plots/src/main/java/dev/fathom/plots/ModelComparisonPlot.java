package dev.fathom.plots;

import dev.fathom.metrics.MetricRegistry;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The spot-check leaderboard: one bar per model at its mean cross-validation score, an error bar
 * of ± one standard deviation over the folds, the best model first, each bar labelled with its mean.
 * Overlapping error bars say the difference may be noise.
 *
 * <pre>{@code
 * ModelComparisonPlot.of(List.of("logistic", "kNN", "tree"),
 *         new double[] {0.96, 0.953, 0.94},      // mean accuracy over folds
 *         new double[] {0.04, 0.05, 0.06},       // its standard deviation
 *         "accuracy").save(Path.of("models.svg"));
 *
 * ModelComparisonPlot.of(names, rmseMeans, rmseStds, "RMSE", false);   // lower is better
 * }</pre>
 */
public final class ModelComparisonPlot {
    private ModelComparisonPlot() {}

    /** Words in a score's name that make lower better: losses and errors. */
    private static final List<String> LOWER_IS_BETTER = List.of("loss", "error", "mse", "mae", "rmse", "mape", "deviance", "brier");

    /**
     * Whether a higher {@code scoreName} is better: as {@code MetricRegistry} says for a metric's name
     * or alias; otherwise read from the words, false for losses and errors ("log loss", "RMSE",
     * "mean absolute error"), true for everything else (accuracy, F1, R², AUC) and for negated
     * errors in scikit-learn's style ("neg_mean_squared_error").
     */
    public static boolean higherIsBetter(String scoreName) {
        var known = MetricRegistry.find(scoreName);   // a metric's name or alias: its own direction
        if (known.isPresent()) return known.get().greaterIsBetter();
        String name = scoreName.toLowerCase(Locale.ROOT).strip();
        if (name.startsWith("neg_") || name.startsWith("negative ")) return true;
        for (String word : LOWER_IS_BETTER) if (name.contains(word)) return false;
        return true;
    }

    /**
     * Bars of {@code means} with ± {@code stds} error bars, best first; whether higher is better
     * is read from {@code scoreName} by {@link #higherIsBetter(String)}.
     *
     * @throws IllegalArgumentException as {@link #of(List, double[], double[], String, boolean)}
     */
    public static Plot of(List<String> names, double[] means, double[] stds, String scoreName) {
        if (scoreName == null || scoreName.isBlank()) {
            throw new IllegalArgumentException("ModelComparisonPlot needs the score's name, e.g. \"accuracy\"");
        }
        return of(names, means, stds, scoreName, higherIsBetter(scoreName));
    }

    /**
     * Bars of {@code means} with ± {@code stds} error bars, best first.
     *
     * @param names          the models' names, one per bar, distinct
     * @param means          each model's mean score over the folds
     * @param stds           each model's standard deviation over the folds, or {@code null} for no error bars
     * @param scoreName      the score's name for the axis, e.g. {@code "accuracy"}
     * @param higherIsBetter whether the highest mean is the best (accuracy) or the lowest (RMSE)
     * @throws IllegalArgumentException when there are no models, lengths differ, a name repeats, a
     *     mean is not finite or a standard deviation is negative or not finite
     */
    public static Plot of(List<String> names, double[] means, double[] stds, String scoreName, boolean higherIsBetter) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(means, "means");
        if (scoreName == null || scoreName.isBlank()) {
            throw new IllegalArgumentException("ModelComparisonPlot needs the score's name, e.g. \"accuracy\"");
        }
        int n = names.size();
        if (n == 0) throw new IllegalArgumentException("ModelComparisonPlot needs at least one model");
        if (means.length != n || (stds != null && stds.length != n)) {
            throw new IllegalArgumentException("ModelComparisonPlot: " + n + " names but " + means.length + " means"
                    + (stds == null ? "" : " and " + stds.length + " stds") + "; give one of each per model");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < n; i++) {
            String name = Objects.requireNonNull(names.get(i), "names[" + i + "]");
            if (!seen.add(name)) throw new IllegalArgumentException("ModelComparisonPlot: the name '" + name + "' appears twice; give each model its own name");
            if (!Double.isFinite(means[i])) {
                throw new IllegalArgumentException("ModelComparisonPlot: the mean " + scoreName + " of '" + name + "' is " + means[i]
                        + "; leave out models whose evaluation failed, or report them in a table");
            }
            if (stds != null && (!Double.isFinite(stds[i]) || stds[i] < 0)) {
                throw new IllegalArgumentException("ModelComparisonPlot: the standard deviation of '" + name + "' is " + stds[i]
                        + "; it must be finite and >= 0");
            }
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Comparator<Integer> byMean = Comparator.comparingDouble(i -> means[i]);
        Arrays.sort(order, higherIsBetter ? byMean.reversed() : byMean);   // stable: ties keep the given order

        List<String> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            x.add(names.get(i));
            y.add(means[i]);
            err.add(stds == null ? 0.0 : stds[i]);
            longest = Math.max(longest, names.get(i).length());
        }
        CategoryChart chart = new CategoryChart(Plot.DEFAULT_WIDTH, Plot.DEFAULT_HEIGHT);
        chart.setTitle("Model comparison: " + scoreName + (higherIsBetter ? " (higher is better)" : " (lower is better)"));
        chart.setXAxisTitle("model (best first)");
        chart.setYAxisTitle(scoreName + (stds == null ? "" : " (mean ± 1 std)"));
        CategoryStyler s = chart.getStyler();
        Styles.apply(s);
        s.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        s.setLegendVisible(false);
        s.setPlotGridVerticalLinesVisible(false);
        s.setPlotGridLinesColor(new Color(0xe5e5e5));
        s.setAxisTitleFont(Styles.AXIS_TITLE);
        s.setAxisTickLabelsFont(Styles.TICKS);
        s.setAvailableSpaceFill(0.6);
        s.setErrorBarsColor(new Color(0x333333));
        s.setLabelsVisible(true);
        s.setLabelsFont(Styles.TICKS);
        // Each mean in white inside its bar, clear of the error bar at the bar's end.
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.WHITE);
        s.setLabelsPosition(0.5);
        Styles.axes(s);
        // Bars start at zero (a cut axis would make small differences look large) and the axis
        // reaches the error bars' ends, but not past the score's own range (accuracy stops at 1).
        double low = 0;
        double high = 0;
        for (int i = 0; i < n; i++) {
            double spread = stds == null ? 0 : stds[i];
            low = Math.min(low, means[i] - spread);
            high = Math.max(high, means[i] + spread);
        }
        Scale scale = Scale.of(low, high, Scale.boundsOf(scoreName, means), true);
        scale.applyToY(s);
        // XChart labels the bars with the y axis' format: ticks as the scale reads them, each mean as the leaderboard does.
        s.setYAxisTickLabelsFormattingFunction(v -> scale.isTick(v) ? scale.label(v) : Styles.score(v));
        // Many or long names would overlap side by side.
        if (n * longest > 60) s.setXAxisLabelRotation(30);
        CategorySeries bars = stds == null ? chart.addSeries(scoreName, x, y) : chart.addSeries(scoreName, x, y, err);
        bars.setFillColor(Styles.COLORS[0]);
        return new Plot(chart, describe(names, means, stds, order));
    }

    /** The bars in words, best first, for the SVG's description and alt text. */
    private static String describe(List<String> names, double[] means, double[] stds, Integer[] order) {
        StringBuilder text = new StringBuilder("bars, best first: ");
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (k > 0) text.append(", ");
            text.append(names.get(i)).append(' ').append(Styles.format(means[i]));
            if (stds != null) text.append(" ± ").append(Styles.format(stds[i]));
        }
        return text.toString();
    }
}
