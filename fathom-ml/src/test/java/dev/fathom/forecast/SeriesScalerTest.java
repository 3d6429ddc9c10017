package dev.fathom.forecast;

import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scaling fitted on the training span only, against scikit-learn's scalers fitted on the same span. */
class SeriesScalerTest {
    private static final Golden.Case G = Golden.load("/golden/forecast/baselines.txt").getFirst();
    private static final double[] Y = G.nums("series");
    private static final int TRAIN_END = (int) G.num("train_end");

    @Test
    void matchesScikitLearnFittedOnTheTrainingSpan() {
        Golden.assertClose("standard", G.nums("standard.transform"), SeriesScaler.standard().fit(Y, 0, TRAIN_END).transform(Y),
                1e-12, 1e-12);
        Golden.assertClose("minmax", G.nums("minmax.transform"), SeriesScaler.minMax().fit(Y, 0, TRAIN_END).transform(Y),
                1e-12, 1e-12);
    }

    @Test
    void testSpanDoesNotLeakIntoTheStatistics() {
        SeriesScaler trainOnly = SeriesScaler.standard().fit(Y, 0, TRAIN_END);
        SeriesScaler whole = SeriesScaler.standard().fit(Y);
        assertEquals(TRAIN_END, trainOnly.samplesSeen());
        assertNotEquals(whole.mean(), trainOnly.mean());
        // Changing the test span changes nothing the scaler learned: no look-ahead.
        double[] future = Y.clone();
        for (int t = TRAIN_END; t < future.length; t++) future[t] = 1000 + t;
        SeriesScaler again = SeriesScaler.standard().fit(future, 0, TRAIN_END);
        assertEquals(trainOnly.mean(), again.mean());
        assertEquals(trainOnly.scale(), again.scale());
        // The scaled training span has mean 0 and std 1, the test span (trending upwards) does not.
        double[] z = trainOnly.transform(Y);
        assertEquals(0, Arrays.stream(z, 0, TRAIN_END).average().orElseThrow(), 1e-12);
        assertTrue(Arrays.stream(z, TRAIN_END, z.length).average().orElseThrow() > 0.5, "test span mean");
        assertArrayEquals(Y, trainOnly.inverseTransform(z), 1e-12);
    }

    @Test
    void constantSpanGetsScaleOne() {
        SeriesScaler s = SeriesScaler.minMax().fit(new double[] {4, 4, 4});
        assertEquals(1, s.scale());
        assertEquals(1, s.transform(5.0));
    }

    @Test
    void misuseAndBadSpansAreExplained() {
        var state = assertThrows(IllegalStateException.class, () -> SeriesScaler.standard().transform(Y));
        assertTrue(state.getMessage().contains("not fitted yet") && state.getMessage().contains("fit(series, 0, trainEnd)"),
                state.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> SeriesScaler.standard().fit(Y, 10, 40));
        assertTrue(e.getMessage().contains("span [10, 40)") && e.getMessage().contains("to <= 30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeriesScaler.standard().fit(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("step 1 is NaN"), e.getMessage());
    }
}
