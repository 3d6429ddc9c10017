package dev.fathom.forecast;

import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines against make_golden_forecast.py (NumPy indexing, scikit-learn's errors). */
class NaiveForecasterTest {
    private static final Golden.Case G = Golden.load("/golden/forecast/baselines.txt").getFirst();
    private static final double[] Y = G.nums("series");
    private static final int FROM = (int) G.num("train_end");
    private static final int SEASON = (int) G.num("season");
    private static final int HORIZON = (int) G.num("horizon");

    @Test
    void oneStepForecastsAndErrorsMatchNumPyAndScikitLearn() {
        for (var f : new NaiveForecaster[] {NaiveForecaster.persistence(), NaiveForecaster.seasonal(SEASON)}) {
            String key = f.season() == 1 ? "persistence" : "seasonal";
            double[] one = f.oneStep(Y, FROM, Y.length);
            assertArrayEquals(G.nums(key + ".one_step"), one, 0, key);   // copies of actual values: exact
            ForecastReport r = ForecastReport.of(FROM, Arrays.copyOfRange(Y, FROM, Y.length), java.util.Map.of(f.name(), one));
            assertEquals(G.num(key + ".rmse"), r.rmse(f.name()), 1e-12, key + " rmse");
            assertEquals(G.num(key + ".mae"), r.mae(f.name()), 1e-12, key + " mae");
        }
    }

    @Test
    void rollingAndFutureForecastsRepeatTheLastSeason() {
        for (var f : new NaiveForecaster[] {NaiveForecaster.persistence(), NaiveForecaster.seasonal(SEASON)}) {
            String key = f.season() == 1 ? "persistence" : "seasonal";
            double[][] rolling = f.rolling(Y, FROM, Y.length - HORIZON, HORIZON);
            assertArrayEquals(G.ints(key + ".rolling.shape"), new int[] {rolling.length, rolling[0].length}, key);
            assertArrayEquals(G.nums(key + ".rolling"), Arrays.stream(rolling).flatMapToDouble(Arrays::stream).toArray(), 0, key);
            assertArrayEquals(G.nums(key + ".future"), f.forecast(Y, HORIZON), 0, key);
        }
    }

    @Test
    void smallHandWorkedCase() {
        double[] y = {1, 5, 2, 6, 3, 7};
        assertArrayEquals(new double[] {7, 7, 7}, NaiveForecaster.persistence().forecast(y, 3));
        assertArrayEquals(new double[] {3, 7, 3}, NaiveForecaster.seasonal(2).forecast(y, 3));
        assertArrayEquals(new double[] {1, 5, 2, 6}, NaiveForecaster.seasonal(2).oneStep(y, 2, 6));
        assertEquals("seasonal naive (m=2)", NaiveForecaster.seasonal(2).name());
    }

    @Test
    void badArgumentsSayWhatAndHowToFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> NaiveForecaster.seasonal(0));
        assertTrue(e.getMessage().contains("season must be >= 1") && e.getMessage().contains("persistence()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NaiveForecaster.seasonal(11).oneStep(Y, 5, 10));
        assertTrue(e.getMessage().contains("seasonal naive (m=11).oneStep") && e.getMessage().contains("needs 11 past steps")
                && e.getMessage().contains("start at 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NaiveForecaster.persistence().oneStep(Y, 20, 31));
        assertTrue(e.getMessage().contains("ends past the series of 30 steps") && e.getMessage().contains("to <= 30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NaiveForecaster.persistence().forecast(Y, 0));
        assertTrue(e.getMessage().contains("horizon must be >= 1"), e.getMessage());
        double[] gap = Y.clone();
        gap[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> NaiveForecaster.persistence().oneStep(gap, 10, 12));
        assertTrue(e.getMessage().contains("step 3 of the series is NaN"), e.getMessage());
    }
}
