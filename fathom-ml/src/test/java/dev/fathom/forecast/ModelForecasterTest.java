package dev.fathom.forecast;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Dense;
import dev.fathom.layers.LSTM;
import dev.fathom.testing.Golden;
import dev.fathom.models.Sequential;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelForecasterTest {
    private static final double[] Y = Golden.load("/golden/forecast/baselines.txt").getFirst().nums("series");

    /** A Dense model on [lookback] windows whose output j is the last value plus j: known forecasts. */
    private static Sequential lastPlus(int lookback, int outputs) {
        Sequential m = new Sequential(new Dense(outputs)).seed(0);
        m.build(lookback);
        float[] kernel = new float[lookback * outputs];   // [features, units]
        float[] bias = new float[outputs];
        for (int j = 0; j < outputs; j++) {
            kernel[(lookback - 1) * outputs + j] = 1;
            bias[j] = j;
        }
        try (var scope = GradMode.noGrad()) {
            m.weights().get(0).value().assign(Tensor.of(kernel, lookback, outputs));
            m.weights().get(1).value().assign(Tensor.of(bias, outputs));
        }
        return m;
    }

    @Test
    void aModelThatRepeatsTheLastValueIsPersistenceThroughTheScaler() {
        SeriesScaler scaler = SeriesScaler.standard().fit(Y, 0, 20);
        var f = new ModelForecaster("last", lastPlus(3, 1), scaler);
        assertArrayEquals(NaiveForecaster.persistence().oneStep(Y, 20, 30), f.oneStep(Y, 20, 30), 1e-4);
        assertArrayEquals(NaiveForecaster.persistence().forecast(Y, 4), f.forecast(Y, 4), 1e-4);
        assertEquals("recursive", f.strategy(4));
    }

    @Test
    void directWithinTheOutputsRecursiveBeyond() {
        var f = new ModelForecaster("plus", lastPlus(4, 2), null);
        double last = Y[Y.length - 1];
        assertEquals("direct", f.strategy(2));
        assertArrayEquals(new double[] {last, last + 1}, f.forecast(Y, 2), 1e-4);
        // Each call appends [L, L + 1] of the window's last value L, which is then the previous call's L + 1.
        assertArrayEquals(new double[] {last, last + 1, last + 1, last + 2, last + 2}, f.forecast(Y, 5), 1e-4);
    }

    @Test
    void recursiveLstmForecastHasTheShapeAndItsFirstStepIsTheOneStepForecast() {
        Sequential lstm = new Sequential(new LSTM(4), new Dense(1)).seed(3);
        lstm.build(5, 1);
        var f = new ModelForecaster("LSTM", lstm, SeriesScaler.minMax().fit(Y, 0, 20));
        double[][] rolling = f.rolling(Y, 20, 27, 3);
        assertEquals(8, rolling.length);
        for (double[] row : rolling) assertEquals(3, row.length);
        double[] oneStep = f.oneStep(Y, 20, 28);
        for (int o = 0; o < 8; o++) assertEquals(oneStep[o], rolling[o][0], 1e-9, "origin " + (20 + o));
        double[] future = f.forecast(Y, 12);
        assertEquals(12, future.length);
        assertEquals(f.rolling(Y, 30, 30, 1)[0][0], future[0], 1e-9);
        assertTrue(Arrays.stream(future).allMatch(Double::isFinite));
        // The second step reads the first prediction: not what the actual next value would give.
        double[] withActual = Arrays.copyOf(Y, 30);
        assertEquals(f.forecast(Arrays.copyOf(Y, 21), 1)[0], f.oneStep(withActual, 21, 22)[0], 1e-9);
    }

    @Test
    void wrongModelsAreExplained() {
        var unbuilt = new Sequential(new Dense(1));
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelForecaster("m", unbuilt, null));
        assertTrue(e.getMessage().contains("not built") && e.getMessage().contains("build(lookback, 1)"), e.getMessage());
        var wide = new Sequential(new LSTM(2), new Dense(1)).seed(0);
        wide.build(5, 3);
        e = assertThrows(IllegalArgumentException.class, () -> new ModelForecaster("m", wide, null));
        assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("[lookback, 1]"), e.getMessage());
        var f = new ModelForecaster("m", lastPlus(6, 1), null);
        e = assertThrows(IllegalArgumentException.class, () -> f.oneStep(Y, 3, 10));
        assertTrue(e.getMessage().contains("m.oneStep") && e.getMessage().contains("needs 6 past steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelForecaster("m", lastPlus(6, 1), SeriesScaler.standard()));
        assertTrue(e.getMessage().contains("scaler is not fitted"), e.getMessage());
    }
}
