package dev.fathom.models;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link Model#fit}: Keras' keyword arguments as a fluent builder.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).batchSize(64).validationSplit(0.1).seed(7)
 *         .callbacks(new EarlyStopping("val_loss", 3, true)));
 * }</pre>
 */
public final class Fit {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    Tensor validationX;
    Tensor validationY;
    boolean shuffle = true;
    long seed;
    Verbosity verbosity = Verbosity.AUTO;
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

    /** Train for {@code n} passes over the data. */
    public static Fit epochs(int n) {
        return new Fit().withEpochs(n);
    }

    private Fit withEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + n);
        epochs = n;
        return this;
    }

    /** Samples per gradient step (default 32, as Keras). */
    public Fit batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
        batchSize = n;
        return this;
    }

    /** Holds out the last {@code fraction} of the samples (before shuffling, as Keras) for validation. */
    public Fit validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Validates on this data after every epoch (instead of a split). */
    public Fit validationData(Tensor x, Tensor y) {
        validationX = x;
        validationY = y;
        return this;
    }

    /** Whether to shuffle the training samples each epoch (default true). */
    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The seed of the shuffling (the model's seed fixes the initial weights). */
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

    /** Hooks called during training. */
    public Fit callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }
}
