package dev.fathom.forecast;

import java.util.Objects;

/** The argument checks the forecasters share, with messages that name the forecaster and the fix. */
final class Spans {
    private Spans() {}

    /**
     * Checks a span of a series: {@code [from, to)} for one-step forecasts, or origins
     * {@code [from, to]} for rolling ones ({@code inclusive}).
     */
    static void check(String forecaster, String method, double[] series, int from, int to, int minHistory, boolean inclusive) {
        Objects.requireNonNull(series, "series");
        String span = inclusive ? "origins [" + from + ", " + to + "]" : "span [" + from + ", " + to + ")";
        if (inclusive ? from > to : from >= to) {
            throw new IllegalArgumentException(forecaster + "." + method + ": " + span + " is empty; give "
                    + (inclusive ? "firstOrigin <= lastOrigin" : "from < to"));
        }
        if (to > series.length) {
            throw new IllegalArgumentException(forecaster + "." + method + ": " + span + " ends past the series of "
                    + series.length + " steps; give " + (inclusive ? "lastOrigin" : "to") + " <= " + series.length);
        }
        if (from < minHistory) {
            throw new IllegalArgumentException(forecaster + "." + method + ": " + span + " starts at step " + from
                    + " but one forecast needs " + minHistory + " past steps; start at " + minHistory + " or later");
        }
        for (int t = 0; t < Math.min(to, series.length); t++) {
            if (!Double.isFinite(series[t])) {
                throw new IllegalArgumentException(forecaster + "." + method + ": step " + t + " of the series is " + series[t]
                        + "; fill or drop missing values before forecasting");
            }
        }
    }

    /** Checks a forecast horizon. */
    static void checkHorizon(String forecaster, String method, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException(forecaster + "." + method + ": the horizon must be >= 1 step, got " + horizon);
        }
    }
}
