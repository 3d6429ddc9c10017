package dev.fathom.workflow;

import dev.fathom.backend.Backends;
import dev.fathom.backend.Device;
import dev.fathom.backend.DeviceUnavailableException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Fathom#train} runs: seed, time budget, output folder, test fraction, folds, the
 * networks' epoch cap, and where progress goes. Immutable: each setter returns a changed copy.
 *
 * <pre>{@code
 * TrainOptions o = TrainOptions.defaults()
 *         .seed(7)                                  // same seed, same leaderboard and predictions
 *         .timeBudget(Duration.ofMinutes(2))        // for evaluating and improving models
 *         .outputDir(Path.of("runs/houses"))        // model.fathom, predictions.csv, report.html
 *         .maxEpochs(200)                           // per network; 2 for a quick trial of every step
 *         .tasks(null)                              // folds on this JVM; SparkTaskRunner.on(spark) on a cluster
 *         .device(Device.cuda())                    // the networks train on the GPU; the rest on the CPU
 *         .quiet();                                 // no progress lines
 * }</pre>
 */
public final class TrainOptions {
    /** The default time budget for evaluating and improving models. */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(90);

    private final long seed;
    private final Duration timeBudget;
    private final Path outputDir;
    private final double testFraction;
    private final int folds;
    private final Consumer<String> progress;
    private final StopSignal stopSignal;
    private final String timeColumn;
    private final int maxEpochs;
    private final TaskRunner tasks;
    private final Device device;
    private final PretrainedBase base;

    private TrainOptions(long seed, Duration timeBudget, Path outputDir, double testFraction, int folds, Consumer<String> progress,
                         StopSignal stopSignal, String timeColumn, int maxEpochs, TaskRunner tasks, Device device, PretrainedBase base) {
        this.seed = seed;
        this.timeBudget = timeBudget;
        this.outputDir = outputDir;
        this.testFraction = testFraction;
        this.folds = folds;
        this.progress = progress;
        this.stopSignal = stopSignal;
        this.timeColumn = timeColumn;
        this.maxEpochs = maxEpochs;
        this.tasks = tasks;
        this.device = device;
        this.base = base;
    }

    /**
     * Seed 42, a {@value #DEFAULT_TIME_BUDGET_SECONDS}-second budget, output in
     * {@code fathom-runs/<data name>}, 20% of the rows for the test split, 5 folds, progress
     * printed to standard output.
     */
    public static TrainOptions defaults() {
        return new TrainOptions(42, DEFAULT_TIME_BUDGET, null, 0.2, 5, System.out::println, new StopSignal(), null, DEFAULT_MAX_EPOCHS, null, Device.cpu(), null);
    }

    /** The default cap on a network's epochs; early stopping usually ends training sooner. */
    public static final int DEFAULT_MAX_EPOCHS = 200;

    /** {@link #DEFAULT_TIME_BUDGET} in seconds, for documentation. */
    public static final long DEFAULT_TIME_BUDGET_SECONDS = 90;

    /** The seed of the test split, the folds, every model's initialization and the search. */
    public TrainOptions seed(long seed) {
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /**
     * The time for evaluating and improving models (the final fit and the report come on top). When
     * it runs out, the search stops early and the report says so; a run that stays within it gives
     * the same result for the same seed.
     */
    public TrainOptions timeBudget(Duration budget) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the time budget must be positive, got " + budget + "; e.g. Duration.ofMinutes(2)");
        }
        return new TrainOptions(seed, budget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** The folder for model.fathom, predictions.csv and report.html (created if missing). */
    public TrainOptions outputDir(Path dir) {
        return new TrainOptions(seed, timeBudget, Objects.requireNonNull(dir, "dir"), testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** The share of rows set aside, untouched, for the final test (default 0.2). */
    public TrainOptions testFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be between 0 and 1 (exclusive), got " + fraction + "; e.g. 0.2");
        }
        return new TrainOptions(seed, timeBudget, outputDir, fraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** The cross-validation folds on the training split (default 5, at least 2). */
    public TrainOptions folds(int k) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, k, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** Where progress lines go (default: standard output). */
    public TrainOptions progress(Consumer<String> lines) {
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, Objects.requireNonNull(lines, "lines"), stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** Progress lines to {@code out}. */
    public TrainOptions progress(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return progress(out::println);
    }

    /** No progress lines. */
    public TrainOptions quiet() {
        return progress(line -> {});
    }

    /** The signal that stops training early, keeping the best model so far (see {@link StopSignal}). */
    public TrainOptions stopSignal(StopSignal signal) {
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, Objects.requireNonNull(signal, "signal"), timeColumn, maxEpochs, tasks, device, base);
    }

    /**
     * Marks the rows as a time series ordered by {@code column} (dates or numbers): the target's
     * next value is forecast from the previous ones (lag features), the test split is the latest
     * span, cross-validation trains on the past and tests on the next span, and the models include
     * persistence and seasonal-naive baselines and recurrent networks. Null (the default) treats
     * rows as independent.
     */
    public TrainOptions timeColumn(String column) {
        if (column != null && column.isBlank()) throw new IllegalArgumentException("the time column's name is blank; name a column or pass null");
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, column, maxEpochs, tasks, device, base);
    }

    /**
     * The most epochs each network trains (default {@value #DEFAULT_MAX_EPOCHS}); early stopping
     * usually ends training sooner. A small cap gives a quick trial run of every step.
     */
    public TrainOptions maxEpochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("maxEpochs must be at least 1, got " + epochs);
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, epochs, tasks, device, base);
    }

    /**
     * Runs the cross-validation's (model, fold) tasks with {@code runner}, e.g. on a Spark cluster
     * ({@code SparkTaskRunner.on(spark)} in fathom-spark); null (the default) runs them on this JVM's
     * threads. The leaderboard is the same either way, to the bit; the output says where the tasks ran.
     */
    public TrainOptions tasks(TaskRunner runner) {
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, runner, device, base);
    }

    /** The runner of the cross-validation's tasks, or null for this JVM's threads. */
    public TaskRunner tasks() {
        return tasks;
    }

    /**
     * Where the networks train (default the CPU): {@code Device.cuda()} trains every network
     * candidate on the GPU from host data, while linear models, k-NN and trees stay on the CPU.
     * Predictions and the saved pipeline do not depend on it: a pipeline trained on a GPU loads
     * and predicts on a machine without one.
     *
     * <pre>{@code
     * Fathom.train(Datasets.load("digits"), TrainOptions.defaults().device(Device.cuda()));
     * }</pre>
     *
     * @throws DeviceUnavailableException before any work, with the backend's one-line reason, when
     *     the device cannot be used here
     */
    public TrainOptions device(Device device) {
        Objects.requireNonNull(device, "device");
        if (!Backends.isAvailable(device)) {
            String why;
            try {
                Backends.of(device);
                why = "device " + device + " is not usable";
            } catch (DeviceUnavailableException e) {
                why = e.getMessage();
            }
            throw new DeviceUnavailableException(why + "; train on the CPU with TrainOptions.device(Device.cpu())");
        }
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /**
     * Starts an image classifier from a pretrained network ({@code fathom train photos/ --base
     * net.onnx}): images are resized and normalized as it expects, and the spot-check adds
     * "pretrained features + logistic regression" (its frozen body's outputs into a logistic
     * regression) and "fine-tuned network" (the body frozen, a new head). Null (the default) for
     * none. For image folders only ({@link Fathom#trainImages}).
     *
     * <pre>{@code
     * Fathom.trainImages(Path.of("photos"), TrainOptions.defaults().base(PretrainedBase.of(Path.of("net.onnx"))));
     * }</pre>
     */
    public TrainOptions base(PretrainedBase base) {
        return new TrainOptions(seed, timeBudget, outputDir, testFraction, folds, progress, stopSignal, timeColumn, maxEpochs, tasks, device, base);
    }

    /** {@link #base(PretrainedBase)} of the network in {@code file}, with pixels in [0, 1] and the default cut. */
    public TrainOptions base(Path file) {
        return base(PretrainedBase.of(file));
    }

    /** The pretrained network image classifiers start from, or null. */
    public PretrainedBase base() {
        return base;
    }

    /** Where the networks train: the CPU unless {@link #device(Device)} chose another. */
    public Device device() {
        return device;
    }

    /** The most epochs each network trains. */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** The column ordering a time series, or null when rows are independent. */
    public String timeColumn() {
        return timeColumn;
    }

    public long seed() {
        return seed;
    }

    public Duration timeBudget() {
        return timeBudget;
    }

    /** The output folder, or null for the default ({@code fathom-runs/<data name>}). */
    public Path outputDir() {
        return outputDir;
    }

    public double testFraction() {
        return testFraction;
    }

    public int folds() {
        return folds;
    }

    public Consumer<String> progress() {
        return progress;
    }

    public StopSignal stopSignal() {
        return stopSignal;
    }

    @Override
    public String toString() {
        return "TrainOptions[seed=" + seed + ", timeBudget=" + timeBudget + ", outputDir=" + outputDir + ", testFraction=" + testFraction
                + ", folds=" + folds + ", maxEpochs=" + maxEpochs + (timeColumn == null ? "" : ", timeColumn=" + timeColumn)
                + (tasks == null ? "" : ", tasks=" + tasks.description()) + (base == null ? "" : ", base=" + base) + "]";
    }
}
