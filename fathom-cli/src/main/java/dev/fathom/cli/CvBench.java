package dev.fathom.cli;

import dev.fathom.backend.Threads;
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
import dev.fathom.backend.Device;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.CrossValidationResult;
import dev.fathom.validation.CrossValidator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The cross-validation workload: 5-fold cross-validation of a small MLP (64 → Dense(64, relu) →
 * Dense(10), 10 epochs of Adam at 1e-3, batch 32) on the bundled digits (pixels / 16), once with the
 * folds one after another and once with CrossValidator's default, every fold at once. Prints
 * {@code fathom_cv_serial_s}, {@code fathom_cv_parallel_s} (medians of eleven alternating runs
 * each, after alternating warm-up runs for eight seconds) and {@code fathom_cv_ratio}, parallel over
 * serial; the two runs' scores must be equal, or the workload fails. The same rounds also time
 * what the machine allows: the first fold trained alone and the same fold trained on every core at
 * once ({@code fathom_cv_fold_alone_s}, {@code fathom_cv_fold_together_s}). Their quotient over
 * the core count is the ratio perfectly shared cores would give ({@code fathom_cv_floor}): on
 * cores that slow each other down (hyper-threads, a shared power budget) it is well above
 * 1 / cores, and no scheduling of the folds gets under it.
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
        int cores = Threads.count();
        int[] firstFold = new StratifiedKFold(FOLDS).split(y).getFirst().trainIndices();
        Callable<Object> fold = () -> Threads.serially(() -> mlp().get().fit(x, y, firstFold));
        ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "fathom-cv-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            CrossValidationResult reference = serial.run(mlp(), x, y);
            // Warm-up: the JIT compiles the training loop (a fold takes tens of milliseconds, less than compiling
            // it); on 2 cores the times settle after twelve to fifteen rounds, some 4 seconds, and wander less after 8.
            long warmupEnd = System.nanoTime() + WARMUP_NANOS;
            do {
                round(serial, parallel, fold, pool, cores, x, y, reference);
            } while (System.nanoTime() < warmupEnd);
            // Alternating rounds, so a noisy moment on a shared machine hits all four timings; medians, as single
            // rounds of a tenth of a second vary by half on a shared virtual machine.
            double[][] seconds = new double[4][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                double[] t = round(serial, parallel, fold, pool, cores, x, y, reference);
                for (int k = 0; k < t.length; k++) seconds[k][r] = t[k];
            }
            double s = median(seconds[0]);
            double p = median(seconds[1]);
            double alone = median(seconds[2]);
            double together = median(seconds[3]);
            String prefix = BenchCommand.prefix(d);
            out.printf("%scv_serial_s %.3f s%n", prefix, s);
            out.printf("%scv_parallel_s %.3f s (%d folds at once on %d cores)%n", prefix, p, FOLDS, cores);
            out.printf("%scv_ratio %.3f parallel/serial%n", prefix, p / s);
            out.printf("%scv_accuracy %.4f mean of %d folds%n", prefix, reference.mean(), FOLDS);
            out.printf("%scv_fold_alone_s %.4f s%n", prefix, alone);
            out.printf("%scv_fold_together_s %.4f s (the same fold on each of %d cores at once)%n", prefix, together, cores);
            out.printf("%scv_floor %.3f (together / alone / cores: the ratio if the folds shared the cores perfectly)%n",
                    prefix, together / alone / cores);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cv: a fold timed on the bench's own threads failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One round: serial and parallel cross-validation, then the first fold alone and on every core
     * at once (each thread's kernels kept on it, as CrossValidator does). The last two give the
     * slow-down the machine puts on a fold when all cores work, which no scheduling of the folds avoids.
     */
    private static double[] round(CrossValidator serial, CrossValidator parallel, Callable<Object> fold, ExecutorService pool,
                                  int cores, Tensor x, Tensor y, CrossValidationResult reference)
            throws InterruptedException, ExecutionException {
        double s = time(serial, x, y, reference);
        double p = time(parallel, x, y, reference);
        long t0 = System.nanoTime();
        pool.submit(fold).get();
        long t1 = System.nanoTime();
        List<Future<Object>> all = new ArrayList<>();
        for (int c = 0; c < cores; c++) all.add(pool.submit(fold));
        for (Future<Object> f : all) f.get();
        long t2 = System.nanoTime();
        return new double[] {s, p, (t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    private static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
