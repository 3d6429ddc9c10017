package dev.fathom.cli;

import dev.fathom.backend.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerBenchTest {

    @Test
    void modelHasTheSizesOfTheTorchTwin() {
        var m = TransformerBench.model();
        assertArrayEquals(new int[] {128, 128}, m.inputShape());
        assertArrayEquals(new int[] {128, 128}, m.outputShape());
        // nn.TransformerEncoderLayer(128, 4, 256): attention 4·(128·128 + 128), linear1 128·256 + 256,
        // linear2 256·128 + 128, two layer norms 2·2·128.
        assertEquals(4L * (128 * 128 + 128) + 128 * 256 + 256 + 256 * 128 + 128 + 4 * 128, m.parameterCount());
    }

    @Test
    void aFewStepsRunAndTheRateIsPositiveAndFinite() {
        // One untimed and one timed epoch of a single batch of the full size: two training steps.
        double rate = TransformerBench.samplesPerSecond(Device.cpu(), 32, 1, 1, 0);
        assertTrue(rate > 0 && Double.isFinite(rate), "got " + rate);
    }

    @Test
    void transformerIsAWorkload() {
        assertTrue(BenchCommand.all().containsKey("transformer"));
    }
}
