package dev.fathom.cli;

import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.models.Sequential;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FLOP counts behind {@code _hw_fraction} agree with the anchor's models as built. */
class TrainingBenchFlopsTest {
    /**
     * Counted from the built layers: each weight matrix or kernel of rank 2 or more costs
     * 2·(its size)·(output positions) forward, the same for its gradient, and the same again for
     * the input's gradient except in the first such layer.
     */
    private static double trainingFlopsPerSample(Sequential model) {
        double total = 0;
        boolean first = true;
        for (Layer layer : model.layers()) {
            for (Weight w : layer.weights()) {
                if (w.value().rank() < 2) continue;   // biases: additions, not counted
                int[] out = layer.outputShape();
                double positions = 1;
                for (int i = 1; i < out.length; i++) positions *= out[i];   // [filters, H, W]: H·W; [units]: 1
                double forward = 2.0 * w.value().size() * positions;
                total += (first ? 2 : 3) * forward;
                first = false;
            }
        }
        return total;
    }

    @Test
    void mlpAndCnnCountsMatchTheirLayers() {
        Sequential mlp = TrainingBench.mlp();
        mlp.seed(0).build(28, 28);
        assertEquals(trainingFlopsPerSample(mlp), TrainingBench.MLP_FLOPS_PER_SAMPLE, 0.5);
        Sequential cnn = TrainingBench.cnn();
        cnn.seed(0).build(28, 28);
        assertEquals(trainingFlopsPerSample(cnn), TrainingBench.CNN_FLOPS_PER_SAMPLE, 0.5);
    }

    @Test
    void peakIsPositiveAndFinite() throws Exception {
        double peak = PeakBench.gflops();
        org.junit.jupiter.api.Assertions.assertTrue(peak > 0 && Double.isFinite(peak), "got " + peak);
    }
}
