package dev.fathom.forecast;

import dev.fathom.metrics.Regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Forecasts of one span scored against its actual values: RMSE and MAE of each (scikit-learn's
 * {@code root_mean_squared_error} and {@code mean_absolute_error}, through
 * {@link Regression}), and each one's skill over the first entry, the baseline:
 * {@code 1 - rmse / rmse(baseline)} (positive when it beats the baseline).
 *
 * <pre>{@code
 * ForecastReport report = ForecastReport.oneStep(y, testStart, y.length,
 *         NaiveForecaster.persistence(), NaiveForecaster.seasonal(11), lstm);
 * System.out.println(report);               // a table: name, RMSE, MAE, skill over persistence
 * report.rmse("persistence");               // 31.8...
 * report.forecast(lstm.name());             // the LSTM's one-step forecasts of the test span
 * }</pre>
 */
public final class ForecastReport {
    private final int start;
    private final double[] actual;
    private final Map<String, double[]> forecasts;

    private ForecastReport(int start, double[] actual, Map<String, double[]> forecasts) {
        this.start = start;
        this.actual = actual;
        this.forecasts = forecasts;
    }

    /**
     * Scores the given forecasts of {@code actual}, the first one being the baseline for skill.
     *
     * @param start     the series' step of {@code actual[0]}, for the table and plots
     * @param actual    the actual values of the span
     * @param forecasts name to forecast, each as long as {@code actual}, in the order to report them
     * @throws IllegalArgumentException when there is no forecast, a length differs, or a value is NaN or infinite
     */
    public static ForecastReport of(int start, double[] actual, Map<String, double[]> forecasts) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(forecasts, "forecasts");
        if (forecasts.isEmpty()) throw new IllegalArgumentException("ForecastReport: give at least one forecast to score");
        if (actual.length == 0) throw new IllegalArgumentException("ForecastReport: the actual span is empty");
        checkFinite("the actual values", actual);
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (var e : forecasts.entrySet()) {
            double[] f = Objects.requireNonNull(e.getValue(), e.getKey());
            if (f.length != actual.length) {
                throw new IllegalArgumentException("ForecastReport: forecast '" + e.getKey() + "' has " + f.length
                        + " values but the actual span has " + actual.length + "; forecast every step of the span");
            }
            checkFinite("forecast '" + e.getKey() + "'", f);
            copy.put(e.getKey(), f.clone());
        }
        return new ForecastReport(start, actual.clone(), copy);
    }

    /**
     * Runs each forecaster's one-step-ahead walk-forward over {@code series[from, to)} and scores
     * it; the first forecaster is the baseline.
     *
     * @throws IllegalArgumentException as {@link Forecaster#oneStep}, naming the forecaster, or when two share a name
     */
    public static ForecastReport oneStep(double[] series, int from, int to, Forecaster... forecasters) {
        if (forecasters.length == 0) throw new IllegalArgumentException("ForecastReport.oneStep: give at least one forecaster");
        Map<String, double[]> f = new LinkedHashMap<>();
        for (Forecaster each : forecasters) {
            if (f.containsKey(each.name())) {
                throw new IllegalArgumentException("ForecastReport.oneStep: two forecasters are named '" + each.name()
                        + "'; give each model forecaster its own name");
            }
            f.put(each.name(), each.oneStep(series, from, to));
        }
        return of(from, Arrays.copyOfRange(series, from, to), f);
    }

    private static void checkFinite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("ForecastReport: " + what + " hold " + v[i] + " at index " + i
                        + "; every value must be finite");
            }
        }
    }

    /** The series' step of the first scored value. */
    public int start() {
        return start;
    }

    /** The actual values of the span (a copy). */
    public double[] actual() {
        return actual.clone();
    }

    /** The forecasts' names, the baseline first. */
    public List<String> names() {
        return new ArrayList<>(forecasts.keySet());
    }

    /** Name to forecast (copies), in report order. */
    public Map<String, double[]> forecasts() {
        Map<String, double[]> out = new LinkedHashMap<>();
        forecasts.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /**
     * The forecast called {@code name} (a copy).
     *
     * @throws IllegalArgumentException naming the forecasts there are
     */
    public double[] forecast(String name) {
        return values(name).clone();
    }

    /** The root mean squared error of forecast {@code name}, in the series' units. */
    public double rmse(String name) {
        return Regression.rmse(actual, values(name));
    }

    /** The mean absolute error of forecast {@code name}. */
    public double mae(String name) {
        return Regression.mae(actual, values(name));
    }

    /** {@code 1 - rmse(name) / rmse(baseline)}: above 0 when {@code name} beats the first forecast. */
    public double skill(String name) {
        return 1 - rmse(name) / rmse(names().getFirst());
    }

    /** The name of the forecast with the lowest RMSE (the first such one on a tie). */
    public String best() {
        String best = null;
        for (String n : forecasts.keySet()) if (best == null || rmse(n) < rmse(best)) best = n;
        return best;
    }

    private double[] values(String name) {
        double[] v = forecasts.get(name);
        if (v == null) throw new IllegalArgumentException("ForecastReport: no forecast named '" + name + "'; there are " + names());
        return v;
    }

    /** A table of name, RMSE, MAE and skill over the baseline, one forecast per line. */
    @Override
    public String toString() {
        int width = Math.max(8, forecasts.keySet().stream().mapToInt(String::length).max().orElse(8));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d steps from step %d%n%-" + width + "s %10s %10s %8s%n",
                actual.length, start, "forecast", "RMSE", "MAE", "skill"));
        for (String n : forecasts.keySet()) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s %10.4f %10.4f %+8.3f%n", n, rmse(n), mae(n), skill(n)));
        }
        return s.toString();
    }
}
