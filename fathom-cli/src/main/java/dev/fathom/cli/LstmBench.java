package dev.fathom.cli;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.LSTM;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.backend.Device;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;

/**
 * {@code fathom_lstm_train}: LSTM training throughput in samples per second, the workload of
 * {@code bench/torch_lstm.py}. One LSTM layer of 128 units over sequences of 50 steps of 32
 * features, its last output into Dense(1), mean squared error, Adam at 1e-3, batches of 64 drawn
 * from 512 random samples (seed 0).
 *
 * <p>Timing: the JIT compiles the step's kernels over the first seconds, so epochs run untimed
 * until {@link BenchCommand#WARMUP_NANOS} has passed (at least two); then five epochs of 16
 * batches are timed one by one and the median is reported, as the PyTorch script does.
 */
final class LstmBench {
    static final int SEQUENCE = 50;
    static final int FEATURES = 32;
    static final int UNITS = 128;
    static final int BATCH = 64;
    static final int SAMPLES = 512;
    static final int ROUNDS = 5;

    private LstmBench() {}

    /** PyTorch's default initialization, uniform in ±1/sqrt(units), for the same starting distribution. */
    private static final Initializer TORCH_DEFAULT = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");

    static Model model() {
        Sequential m = new Sequential(
                new LSTM(UNITS).kernelInitializer(TORCH_DEFAULT).unitForgetBias(false),
                new Dense(1).kernelInitializer(TORCH_DEFAULT).biasInitializer(TORCH_DEFAULT)).seed(0);
        m.build(SEQUENCE, FEATURES);
        return m.compile(new Adam(1e-3), new MeanSquaredError());
    }

    /** Samples per second of training, the median of {@code rounds} timed epochs after warm-up. */
    static double samplesPerSecond(Device d, int samples, int rounds, long warmupNanos) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, samples, SEQUENCE, FEATURES).to(d);
        Tensor y = Tensor.randn(g, samples, 1).to(d);
        return TrainingThroughput.medianSamplesPerSecond(d, model(), x, y, BATCH, rounds, 2, warmupNanos);
    }

    /** Prints {@code fathom_lstm_train <samples/s> samples/s}. */
    static void workload(Device d, PrintStream out) {
        out.printf("%slstm_train %.1f samples/s%n", BenchCommand.prefix(d), samplesPerSecond(d, SAMPLES, ROUNDS,
                BenchCommand.WARMUP_NANOS));
    }
}
