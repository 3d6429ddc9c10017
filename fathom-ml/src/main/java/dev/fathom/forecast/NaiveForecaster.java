package dev.fathom.forecast;

/**
 * The baselines every forecast must beat. <b>Persistence</b> (the naive forecast) predicts that the
 * next value equals the last one; <b>seasonal naive</b> predicts that it equals the value one season
 * ago. For a history ending at step {@code t - 1} and lead time {@code h = 1, 2, ...}, with season
 * {@code m} ({@code m = 1} is persistence), as in Hyndman and Athanasopoulos, <i>Forecasting:
 * Principles and Practice</i>, section 5.2:
 * <pre>
 *   ŷ[t + h - 1] = y[t + h - 1 - m · ceil(h / m)]
 * </pre>
 * so a forecast longer than a season repeats the last observed season.
 *
 * <pre>{@code
 * double[] y = {1, 5, 2, 6, 3, 7};
 * NaiveForecaster.persistence().forecast(y, 3);    // [7, 7, 7]
 * NaiveForecaster.seasonal(2).forecast(y, 3);      // [3, 7, 3]
 * NaiveForecaster.seasonal(11).oneStep(sunspots, 247, 309);   // this year = 11 years ago
 * }</pre>
 */
public final class NaiveForecaster implements Forecaster {
    private final int season;

    private NaiveForecaster(int season) {
        this.season = season;
    }

    /** The next value is the last one: {@code ŷ[t] = y[t - 1]}. */
    public static NaiveForecaster persistence() {
        return new NaiveForecaster(1);
    }

    /**
     * The next value is the one {@code season} steps earlier: {@code ŷ[t] = y[t - season]} (11 for
     * yearly sunspots, 12 for monthly data with a yearly cycle, 7 for daily data with a weekly one).
     *
     * @throws IllegalArgumentException when {@code season < 1}
     */
    public static NaiveForecaster seasonal(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("NaiveForecaster.seasonal: the season must be >= 1 step, got " + season
                    + "; use 1 (or persistence()) for the last value");
        }
        return new NaiveForecaster(season);
    }

    /** The season in steps (1 for persistence). */
    public int season() {
        return season;
    }

    /** {@code "persistence"} or {@code "seasonal naive (m=11)"}. */
    @Override
    public String name() {
        return season == 1 ? "persistence" : "seasonal naive (m=" + season + ")";
    }

    /** One season of history. */
    @Override
    public int minHistory() {
        return season;
    }

    @Override
    public double[][] rolling(double[] series, int firstOrigin, int lastOrigin, int horizon) {
        Spans.check(name(), "rolling", series, firstOrigin, lastOrigin, season, true);
        Spans.checkHorizon(name(), "rolling", horizon);
        double[][] out = new double[lastOrigin - firstOrigin + 1][horizon];
        for (int t = firstOrigin; t <= lastOrigin; t++) {
            for (int h = 1; h <= horizon; h++) {
                int back = season * ((h + season - 1) / season);   // m · ceil(h / m): always in the history
                out[t - firstOrigin][h - 1] = series[t + h - 1 - back];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "NaiveForecaster(" + name() + ")";
    }
}
