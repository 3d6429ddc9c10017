package dev.fathom.forecast;

import java.util.Objects;

/**
 * Predicts the next values of a univariate series from its past. Three ways to ask, all free of
 * look-ahead (a forecast for step {@code t} reads steps before {@code t} only):
 * <ul>
 *   <li>{@link #forecast}: the next {@code steps} values after the end of a history;</li>
 *   <li>{@link #oneStep}: walk-forward one-step-ahead forecasts over a span, each from the actual
 *       values before it (what a forecaster re-run every period sees);</li>
 *   <li>{@link #rolling}: a {@code horizon}-step forecast from every origin in a span, for error by
 *       lead time.</li>
 * </ul>
 * {@link NaiveForecaster} gives the persistence and seasonal-naive baselines; {@link ModelForecaster}
 * wraps a trained network. {@link ForecastReport} scores them side by side.
 *
 * <pre>{@code
 * double[] y = {1, 2, 3, 4, 5, 6, 7, 8};
 * Forecaster naive = NaiveForecaster.persistence();
 * naive.forecast(y, 3);          // [8, 8, 8]
 * naive.oneStep(y, 6, 8);        // [6, 7]: the forecasts for steps 6 and 7
 * naive.rolling(y, 5, 8, 2);     // [[5, 5], [6, 6]]: origins 5 and 6
 * }</pre>
 */
public interface Forecaster {

    /** A short name for reports and plot legends, e.g. {@code "persistence"}. */
    String name();

    /** The fewest past steps one forecast needs (the season, or a model's lookback). */
    int minHistory();

    /**
     * The {@code steps} values that follow {@code history}.
     *
     * @throws IllegalArgumentException when the history is shorter than {@link #minHistory()} or
     *     {@code steps < 1}
     */
    default double[] forecast(double[] history, int steps) {
        Objects.requireNonNull(history, "history");
        return rolling(history, history.length, history.length, steps)[0];
    }

    /**
     * One-step-ahead forecasts of {@code series[from, to)}: element {@code i} predicts step
     * {@code from + i} from {@code series[0, from + i)}, the actual values before it.
     *
     * @throws IllegalArgumentException when {@code from < minHistory()}, {@code to > series.length}
     *     or {@code from >= to}
     */
    default double[] oneStep(double[] series, int from, int to) {
        Spans.check(name(), "oneStep", series, from, to, minHistory(), false);
        double[][] f = rolling(series, from, to - 1, 1);
        double[] out = new double[f.length];
        for (int i = 0; i < out.length; i++) out[i] = f[i][0];
        return out;
    }

    /**
     * A {@code horizon}-step forecast from every origin {@code t} in {@code [firstOrigin, lastOrigin]}:
     * row {@code t - firstOrigin} predicts steps {@code [t, t + horizon)} from {@code series[0, t)}.
     * Origins may reach {@code series.length} (forecasting past the data); scoring against actual
     * values needs {@code lastOrigin + horizon <= series.length}.
     *
     * @throws IllegalArgumentException when {@code firstOrigin < minHistory()},
     *     {@code lastOrigin > series.length}, {@code firstOrigin > lastOrigin} or {@code horizon < 1}
     */
    double[][] rolling(double[] series, int firstOrigin, int lastOrigin, int horizon);
}
