package dev.fathom.models;

import dev.fathom.data.batch.BatchSource;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link Model#fit}: Keras' keyword arguments as a fluent builder.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).batchSize(64).validationSplit(0.1).seed(7)
 *         .callbacks(new EarlyStopping("val_loss", 3, true)));
 *
 * // later, in another process: carry on from a checkpoint to epoch 20, as if never stopped
 * Model model = Model.load(Path.of("checkpoint.fathom"));
 * model.fit(x, y, Fit.epochs(20).batchSize(64).validationSplit(0.1).resume());
 * }</pre>
 */
public final class Fit {
    int epochs = 1;
    int initialEpoch;
    boolean resume;
    int batchSize = 32;
    double validationSplit;
    List<Tensor> validationX;
    Tensor validationY;
    /** The validation targets of a model of several outputs, by output name; null otherwise. */
    java.util.Map<String, Tensor> validationYs;
    BatchSource validationSource;
    boolean shuffle = true;
    Long seed;
    Verbosity verbosity = Verbosity.AUTO;
    BatchTransform augment;
    GradientSync gradientSync;
    final List<Callback> callbacks = new ArrayList<>();

    /** How much fit prints. */
    public enum Verbosity {
        /** A progress bar on a terminal, one line per epoch otherwise. */
        AUTO,
        /** One line per epoch. */
        LINES,
        /** Nothing. */
        SILENT
    }

    private Fit() {}

    /**
     * Train until epoch {@code n}: {@code n} passes over the data from a fresh start, fewer when
     * starting later ({@link #initialEpoch}, {@link #resume()}), as Keras' {@code epochs}.
     */
    public static Fit epochs(int n) {
        return new Fit().withEpochs(n);
    }

    private Fit withEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + n);
        epochs = n;
        return this;
    }

    /**
     * The epoch to start at (0-based, default 0), as Keras' {@code initial_epoch}: the epoch number
     * fixes the shuffle and dropout masks, so starting at {@code k} repeats what epoch {@code k} of
     * an uninterrupted run did.
     */
    public Fit initialEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("initialEpoch must be >= 0, got " + epoch);
        initialEpoch = epoch;
        resume = false;
        return this;
    }

    /**
     * Continue where the model's training stopped: start at {@link Model#epochsCompleted()} (kept in
     * saved model files) and, unless {@link #seed} is given, shuffle with the seed of the model's last
     * fit. With a model loaded from a checkpoint and the same data and options, the result is
     * bit-identical to training without the interruption.
     */
    public Fit resume() {
        resume = true;
        return this;
    }

    /** Samples per gradient step (default 32, as Keras). */
    public Fit batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
        batchSize = n;
        return this;
    }

    /**
     * Holds out the last {@code fraction} of the samples (before shuffling, as Keras) for
     * validation. Shuffle data sorted by class first: fit warns (in {@link History#warnings()} and
     * the {@code dev.fathom.models} logger) when the held-out classes differ from the training
     * ones, naming them.
     */
    public Fit validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Validates on this data after every epoch (instead of a split). */
    public Fit validationData(Tensor x, Tensor y) {
        return validationData(java.util.Arrays.asList(x), y);
    }

    /** Validates a multi-input model on this data ({@code xs.get(i)} feeds input {@code i}) after every epoch. */
    public Fit validationData(List<Tensor> xs, Tensor y) {
        if (xs == null || xs.isEmpty() || xs.stream().anyMatch(java.util.Objects::isNull) || y == null) {
            throw new IllegalArgumentException("validationData needs inputs and targets, got " + xs + " and " + y);
        }
        validationX = List.copyOf(xs);
        validationY = y;
        validationYs = null;
        validationSource = null;
        return this;
    }

    /**
     * Validates a model of several outputs on this data after every epoch: {@code xs.get(i)} feeds
     * input {@code i}, {@code ys} holds each output's targets by output name.
     *
     * <pre>{@code
     * Fit.epochs(10).validationData(List.of(xVal), Map.of("class", labelsVal, "value", amountsVal))
     * }</pre>
     */
    public Fit validationData(List<Tensor> xs, java.util.Map<String, Tensor> ys) {
        if (xs == null || xs.isEmpty() || xs.stream().anyMatch(java.util.Objects::isNull) || ys == null) {
            throw new IllegalArgumentException("validationData needs inputs and targets, got " + xs + " and " + ys);
        }
        validationX = List.copyOf(xs);
        validationY = null;
        validationYs = new java.util.LinkedHashMap<>(ys);
        validationSource = null;
        return this;
    }

    /**
     * Validates on every sample of {@code data} after every epoch (instead of a split), e.g. a
     * held-out row file too large for memory.
     */
    public Fit validationData(BatchSource data) {
        if (data == null) throw new IllegalArgumentException("validationData needs a batch source, got null");
        validationSource = data;
        validationX = null;
        validationY = null;
        validationYs = null;
        return this;
    }

    /** Whether to shuffle the training samples each epoch (default true). */
    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * The seed of the shuffling (default 0; the model's seed fixes the initial weights and dropout).
     * Epoch {@code k} shuffles with a generator derived from this seed and {@code k}.
     */
    public Fit seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How much to print. */
    public Fit verbosity(Verbosity v) {
        verbosity = v;
        return this;
    }

    /** Prints nothing. */
    public Fit silent() {
        return verbosity(Verbosity.SILENT);
    }

    /**
     * Transforms each training batch's (first) input before the step — data augmentation such as
     * {@code Augmentation.apply} from {@code dev.fathom.data.images}. Validation data is left as it is.
     */
    public Fit augment(BatchTransform transform) {
        augment = java.util.Objects.requireNonNull(transform, "transform");
        return this;
    }

    /** Hooks called during training. */
    public Fit callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    /**
     * Hands each step's gradients to {@code sync} between the backward pass and the optimizer step:
     * how replicas of a model training on shares of each batch average their gradients (synchronous
     * data parallelism, as {@code fathom-spark}'s {@code SparkTraining} does). None by default.
     */
    public Fit gradientSync(GradientSync sync) {
        gradientSync = java.util.Objects.requireNonNull(sync, "sync");
        return this;
    }

    // ---- what was set, for code that drives a fit elsewhere (fathom-spark's SparkTraining) ----

    /** The epoch to train until, as {@link #epochs(int)} set it. */
    public int epochs() {
        return epochs;
    }

    /** The epoch to start at, as {@link #initialEpoch(int)} set it (0 by default; ignored when {@link #resumes()}). */
    public int initialEpoch() {
        return initialEpoch;
    }

    /** Whether {@link #resume()} was asked for. */
    public boolean resumes() {
        return resume;
    }

    /** Samples per gradient step. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether the samples are shuffled each epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffle seed given to {@link #seed(long)}, or null when none was. */
    public Long seed() {
        return seed;
    }

    /** How much fit prints. */
    public Verbosity verbosity() {
        return verbosity;
    }

    /** The callbacks, in the order given. */
    public List<Callback> callbackList() {
        return List.copyOf(callbacks);
    }

    /** Whether validation data or a validation split was given. */
    public boolean validates() {
        return validationX != null || validationSource != null || validationSplit > 0;
    }

    /** Whether a {@link #augment(BatchTransform) batch transform} was given. */
    public boolean augments() {
        return augment != null;
    }
}
