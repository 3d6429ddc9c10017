package dev.fathom.cli;

import dev.fathom.backend.cpu.Parallel;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Device;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.CrossValidationResult;
import dev.fathom.validation.CrossValidator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The cross-validation workload: 5-fold cross-validation of a small MLP (64 → Dense(64, relu) →
 * Dense(10), 10 epochs of Adam at 1e-3, batch 32) on the bundled digits (pixels / 16), once with the
 * folds one after another and once with CrossValidator's default, every fold at once. Prints
 * {@code fathom_cv_serial_s}, {@code fathom_cv_parallel_s} (medians of eleven alternating runs
 * each, after alternating warm-up runs for eight seconds) and {@code fathom_cv_ratio}, parallel over
 * serial; the two runs' scores must be equal, or the workload fails.
 *
 * <pre>{@code
 * ./fathom bench --threads 2 cv
 * }</pre>
 */
final class CvBench {
    private static final int FOLDS = 5;
    private static final long WARMUP_NANOS = 8_000_000_000L;
    /** Timed rounds of each, alternating; the figures are their medians. */
    private static final int ROUNDS = 11;

    private CvBench() {}

    private static Supplier<Estimator> mlp() {
        return () -> new NetworkClassifier(() -> new Sequential(new Dense(64, "relu"), new Dense(10)).seed(0).build(64)
                .compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true)), Fit.epochs(10).batchSize(32).seed(0).silent());
    }

    static void workload(Device d, PrintStream out) {
        if (d.type() != Device.Type.CPU) throw new IllegalArgumentException("the cv workload measures CPU threads; run it with --device cpu");
        TabularDataset digits = Datasets.load("digits");
        Tensor x = digits.features().div(16);
        Tensor y = digits.labels();
        CrossValidator serial = new CrossValidator(new StratifiedKFold(FOLDS)).threads(1);
        CrossValidator parallel = new CrossValidator(new StratifiedKFold(FOLDS));   // the default: every fold at once
        // Warm-up: the JIT compiles the training loop (a fold takes tens of milliseconds, less than compiling
        // it); on 2 cores the times settle after twelve to fifteen rounds, some 4 seconds, and wander less after 8.
        CrossValidationResult reference = serial.run(mlp(), x, y);
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        do {
            time(parallel, x, y, reference);
            time(serial, x, y, reference);
        } while (System.nanoTime() < warmupEnd);
        // Alternating rounds, so a noisy moment on a shared machine hits both; medians, as single rounds of
        // a tenth of a second vary by half on a shared virtual machine.
        double[] serialSeconds = new double[ROUNDS];
        double[] parallelSeconds = new double[ROUNDS];
        for (int round = 0; round < serialSeconds.length; round++) {
            serialSeconds[round] = time(serial, x, y, reference);
            parallelSeconds[round] = time(parallel, x, y, reference);
        }
        Arrays.sort(serialSeconds);
        Arrays.sort(parallelSeconds);
        double s = serialSeconds[ROUNDS / 2];
        double p = parallelSeconds[ROUNDS / 2];
        out.printf("%scv_serial_s %.3f s%n", BenchCommand.prefix(d), s);
        out.printf("%scv_parallel_s %.3f s (%d folds at once on %d cores)%n", BenchCommand.prefix(d), p, FOLDS, Parallel.threads());
        out.printf("%scv_ratio %.3f parallel/serial%n", BenchCommand.prefix(d), p / s);
        out.printf("%scv_accuracy %.4f mean of %d folds%n", BenchCommand.prefix(d), reference.mean(), FOLDS);
    }

    private static double time(CrossValidator cv, Tensor x, Tensor y, CrossValidationResult reference) {
        long t0 = System.nanoTime();
        CrossValidationResult r = cv.run(mlp(), x, y);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Arrays.equals(r.testScores(), reference.testScores())) {
            throw new IllegalStateException("cv: " + cv + " gave " + Arrays.toString(r.testScores()) + " but the serial run gave "
                    + Arrays.toString(reference.testScores()) + "; folds must not depend on the thread count");
        }
        return seconds;
    }
}
