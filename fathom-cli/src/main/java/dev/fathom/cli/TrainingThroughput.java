package dev.fathom.cli;

import dev.fathom.backend.Device;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * The timing loop the training-throughput workloads share ({@link LstmBench}, {@link TransformerBench}):
 * the JIT compiles the step's kernels over the first seconds, so epochs run untimed until the warm-up
 * time has passed (and at least {@code warmupEpochs} of them); then {@code rounds} epochs are timed one by
 * one and the median is reported, as the PyTorch scripts in {@code bench/} do.
 */
final class TrainingThroughput {
    private TrainingThroughput() {}

    /**
     * Samples per second of training {@code model} on {@code x}/{@code y} in batches of {@code batch}
     * (seed 0), the median of {@code rounds} timed epochs after at least {@code warmupEpochs} untimed
     * ones and {@code warmupNanos}.
     */
    static double medianSamplesPerSecond(Device d, Model model, Tensor x, Tensor y, int batch,
                                         int rounds, int warmupEpochs, long warmupNanos) {
        Fit epoch = Fit.epochs(1).batchSize(batch).seed(0).silent();
        long warmupEnd = System.nanoTime() + warmupNanos;
        for (int i = 0; i < warmupEpochs || System.nanoTime() < warmupEnd; i++) model.fit(x, y, epoch);
        d.synchronize();
        long samples = x.shape()[0];
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            model.fit(x, y, epoch);
            d.synchronize();
            rates[r] = samples / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }
}
