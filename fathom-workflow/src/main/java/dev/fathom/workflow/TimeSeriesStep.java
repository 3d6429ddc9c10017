package dev.fathom.workflow;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.timeseries.LagFeatures;
import dev.fathom.datasets.Task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Steps 1 and 2 for a time series (rows ordered by a time column): the rows are put in time order,
 * the problem becomes forecasting the target's next value from the previous ones, and the table
 * becomes one of lag features ({@link LagFeatures}): the last {@code lags} values of the target and
 * of every other usable numeric column. The number of lags covers two seasons when the training
 * span's autocorrelation shows one (at most a fifth of the training rows), so that the
 * seasonal-naive baseline and the models see the value one season back.
 *
 * <p>Only past values are features: a column's value at the step being forecast is not known in
 * advance, so the same-step leak check of tables does not apply. Text, boolean and other date
 * columns are left out, each with its reason.
 */
final class TimeSeriesStep {
    /** At most this many lags: wider windows slow every model and rarely help a short series. */
    static final int MAX_LAGS = 48;
    /** A season counts when the autocorrelation at its lag peaks above this. */
    static final double SEASON_MIN_AUTOCORRELATION = 0.3;
    /** With no season, this many lags (fewer for short series). */
    static final int DEFAULT_LAGS = 12;

    /**
     * What the step found and built.
     *
     * @param lagged     one row per forecast step, in time order: the lag columns, then the time column, then the target
     * @param variables  the columns whose past values are features, the target first
     * @param lags       past steps of each variable
     * @param period     the season found in the training span, or 0
     * @param notes      decisions with their reasons, in order
     */
    record Series(Problem problem, Table lagged, List<String> variables, int lags, int period, List<DataWarning> warnings,
                  Map<String, String> dropped, List<String> notes) {}

    private TimeSeriesStep() {}

    static Series run(Table table, String target, String time, double testFraction) {
        table.column(time);     // an unknown column fails here, naming the closest
        Column y = table.column(target);
        if (time.equals(target)) {
            throw new IllegalArgumentException("the time column and the target are both '" + target + "'; the target is the value"
                    + " forecast, the time column orders the rows");
        }
        if (!(y instanceof NumericColumn)) {
            throw new IllegalArgumentException("the target '" + target + "' is " + y.type().name().toLowerCase(Locale.ROOT) + "; a time"
                    + " series forecast needs a numeric target (for classes over time, leave out --time-column)");
        }
        if (y.missingCount() > 0) {
            throw new IllegalArgumentException("the target column '" + target + "' has " + y.missingCount() + " missing values; fill or"
                    + " drop those rows first (a forecast needs the value of every step)");
        }
        Table ordered = LagFeatures.inTimeOrder(table, time);
        int n = ordered.rowCount();
        List<String> notes = new ArrayList<>();
        String span = "'" + time + "' (" + ordered.column(time).text(0) + " to " + ordered.column(time).text(n - 1) + ")";
        notes.add(ordered == table ? "the rows are in time order by " + span : "the rows were sorted by " + span
                + ": the file was not in time order");

        List<DataWarning> warnings = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        List<String> variables = new ArrayList<>(List.of(target));
        for (Column c : ordered.columns()) {
            if (c.name().equals(target) || c.name().equals(time)) continue;
            DataWarning w = DefineStep.constant(c);
            if (w == null) w = DefineStep.idLike(c);
            if (w != null) {
                warnings.add(w);
                dropped.put(c.name(), w.message());
            } else if (!(c instanceof NumericColumn)) {
                dropped.put(c.name(), "a " + c.type().name().toLowerCase(Locale.ROOT) + " column; only numeric columns give lag"
                        + " features here");
            } else {
                variables.add(c.name());
            }
        }

        int trainRows = (int) Math.floor(n * (1 - testFraction));
        double[] values = ((NumericColumn) ordered.column(target)).values();
        int cap = Math.max(1, Math.min(MAX_LAGS, trainRows / 5));
        int period = season(Arrays.copyOf(values, trainRows), cap);
        int lags;
        String why;
        if (period > 0) {
            lags = Math.min(2 * period, cap);
            why = String.format(Locale.ROOT, "the autocorrelation of the training span (less its trend) peaks at lag %d (a season of %d steps): %d lags cover %s,"
                    + " so the models see the value one season back", period, period, lags, lags >= 2 * period ? "two seasons" : "one season");
        } else {
            lags = Math.min(DEFAULT_LAGS, cap);
            why = "no season shows in the training span's autocorrelation: " + lags + " lags, the recent past"
                    + (lags < DEFAULT_LAGS ? " (at most a fifth of the training rows)" : "");
        }
        if (n - lags < 20) {
            throw new IllegalArgumentException("the series has " + n + " steps; with " + lags + " lags that leaves " + (n - lags)
                    + " forecasts to learn from and test on, too few (at least 20); use a longer series");
        }
        notes.add("features: the last " + lags + " values of " + quoted(variables) + " (" + lags * variables.size() + " lag columns named"
                + " like " + LagFeatures.name(target, 1) + "); " + why);
        if (variables.size() > 1) notes.add("other columns enter through their past values only: their value at the step forecast is not known in advance");
        Table lagged = LagFeatures.of(ordered, variables, lags, time, target);
        notes.add("the first " + lags + " steps have no full past and serve only as lags: " + lagged.rowCount() + " forecast steps remain");

        Problem problem = new Problem(Task.REGRESSION, target, "'" + time + "' marks a time series: forecasting the next value of the"
                + " numeric target '" + target + "' from its past values (regression on lag features)", List.of(), lagged.rowCount(), DataKind.SERIES);
        return new Series(problem, lagged, List.copyOf(variables), lags, period, List.copyOf(warnings), dropped, List.copyOf(notes));
    }

    /**
     * The lag (2..maxLag) of the highest local peak above {@link #SEASON_MIN_AUTOCORRELATION} of the
     * autocorrelation of the series less its straight-line trend, or 0. The trend goes first: it
     * would otherwise swamp the autocorrelation, which then falls steadily with no peak.
     */
    static int season(double[] levels, int maxLag) {
        int n = levels.length;
        if (n < 3 || maxLag < 3) return 0;
        double tMean = (n - 1) / 2.0;
        double lMean = Arrays.stream(levels).average().orElse(0);
        double cov = 0, tVar = 0;
        for (int i = 0; i < n; i++) {
            cov += (i - tMean) * (levels[i] - lMean);
            tVar += (i - tMean) * (i - tMean);
        }
        double slope = cov / tVar;
        // Residuals of a least-squares line with an intercept: their mean is zero.
        double[] y = new double[n];
        double var = 0;
        for (int i = 0; i < n; i++) {
            y[i] = levels[i] - lMean - slope * (i - tMean);
            var += y[i] * y[i];
        }
        if (var == 0) return 0;
        double[] acf = new double[maxLag + 2];
        for (int k = 1; k < acf.length && k < n; k++) {
            double s = 0;
            for (int i = k; i < n; i++) s += y[i] * y[i - k];
            acf[k] = s / var;
        }
        int best = 0;
        for (int k = 2; k <= maxLag && k + 1 < acf.length; k++) {
            boolean peak = acf[k] > acf[k - 1] && acf[k] >= acf[k + 1] && acf[k] > SEASON_MIN_AUTOCORRELATION;
            if (peak && (best == 0 || acf[k] > acf[best])) best = k;
        }
        return best;
    }

    private static String quoted(List<String> names) {
        return names.size() == 1 ? "'" + names.getFirst() + "'" : names.stream().map(s -> "'" + s + "'").toList().toString();
    }
}
