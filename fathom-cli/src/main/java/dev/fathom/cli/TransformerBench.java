package dev.fathom.cli;

import dev.fathom.backend.Device;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;

/**
 * {@code fathom_transformer_train}: Transformer encoder training throughput in samples per second,
 * the workload of {@code bench/torch_transformer.py}. One {@link TransformerEncoder} block (width
 * 128, 4 heads, feed-forward 256, relu, dropout 0.1, norm-last: PyTorch's
 * {@code nn.TransformerEncoderLayer(128, 4, 256, batch_first=True)}) over sequences of 128 steps,
 * mean squared error against random targets of the output's shape, Adam at 1e-3, batches of 32
 * drawn from 256 random samples (seed 0).
 *
 * <p>Timing as {@link LstmBench}: untimed epochs until {@link BenchCommand#WARMUP_NANOS} has passed
 * (at least two), then five epochs of 8 batches timed one by one, the median reported.
 */
final class TransformerBench {
    static final int SEQUENCE = 128;
    static final int WIDTH = 128;
    static final int HEADS = 4;
    static final int FEEDFORWARD = 256;
    static final double DROPOUT = 0.1;
    static final int BATCH = 32;
    static final int SAMPLES = 256;
    static final int ROUNDS = 5;

    private TransformerBench() {}

    static Model model() {
        Sequential m = new Sequential(new TransformerEncoder(FEEDFORWARD, HEADS).dropout(DROPOUT)).seed(0);
        m.build(SEQUENCE, WIDTH);
        return m.compile(new Adam(1e-3), new MeanSquaredError());
    }

    /**
     * Samples per second of training, the median of {@code rounds} timed epochs of {@code samples}
     * after at least {@code warmupEpochs} untimed ones and {@code warmupNanos}.
     */
    static double samplesPerSecond(Device d, int samples, int rounds, int warmupEpochs, long warmupNanos) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, samples, SEQUENCE, WIDTH).to(d);
        Tensor y = Tensor.randn(g, samples, SEQUENCE, WIDTH).to(d);
        return TrainingThroughput.medianSamplesPerSecond(d, model(), x, y, BATCH, rounds, warmupEpochs, warmupNanos);
    }

    /** Prints {@code fathom_transformer_train <samples/s> samples/s}. */
    static void workload(Device d, PrintStream out) {
        out.printf("%stransformer_train %.1f samples/s%n", BenchCommand.prefix(d), samplesPerSecond(d, SAMPLES, ROUNDS, 2,
                BenchCommand.WARMUP_NANOS));
    }
}
