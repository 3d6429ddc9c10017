package dev.fathom.cli;

import dev.fathom.backend.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LstmBenchTest {

    @Test
    void modelHasTheSizesOfTheTorchTwin() {
        var m = LstmBench.model();
        assertArrayEquals(new int[] {50, 32}, m.inputShape());
        assertArrayEquals(new int[] {1}, m.outputShape());
        // nn.LSTM(32, 128): 4·128·(32 + 128) weights + 2·4·128 biases; nn.Linear(128, 1): 129.
        assertEquals(4L * 128 * (32 + 128) + 2 * 4 * 128 + 129, m.parameterCount());
    }

    @Test
    void rateIsPositiveAndFinite() {
        double rate = LstmBench.samplesPerSecond(Device.cpu(), 64, 1, 0);
        assertTrue(rate > 0 && Double.isFinite(rate), "got " + rate);
    }

    @Test
    void lstmIsAWorkload() {
        assertTrue(BenchCommand.all().containsKey("lstm"));
    }
}
