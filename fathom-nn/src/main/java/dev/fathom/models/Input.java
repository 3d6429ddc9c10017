package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.tensor.Generator;

/**
 * An input of a {@link Functional} model: the per-sample shape of one tensor the model is given
 * (without the batch axis, as Keras' {@code Input(shape=...)}).
 *
 * <p>An input also seeds the weights of the layers applied downstream of it (seed 0 unless
 * {@link #seed} says otherwise); a layer applied to several inputs draws from the first one's.
 * Unnamed inputs are named {@code input}, {@code input_1}, ... by the model.
 *
 * <pre>{@code
 * Input image = Input.of(28, 28).seed(42);
 * Input meta = Input.of(3).name("meta");
 * SymbolicTensor h = image.then(new Flatten()).then(new Dense(64, "relu"));
 * }</pre>
 */
public final class Input extends SymbolicTensor {
    private String name;
    private long seed;
    private Generator generator;
    private boolean used;

    private Input(int[] shape) {
        super(shape);
    }

    /**
     * An input whose samples have this shape, e.g. {@code of(28, 28)} for grayscale images, {@code of(3)}
     * for three features.
     *
     * @throws IllegalArgumentException for a size below 1
     */
    public static Input of(int... shape) {
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("Input.of: every size must be >= 1, got " + Layer.batchShape(shape)
                        + "; give the shape of one sample without the batch axis, e.g. Input.of(28, 28)");
            }
        }
        return new Input(shape);
    }

    /** Names this input (shown in summaries and errors; keys the input in a saved model); returns this input. */
    public Input name(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Input.name: the name must not be empty");
        this.name = name;
        return this;
    }

    /** The name, or null until given one or the model names it. */
    public String name() {
        return name;
    }

    /**
     * Seeds the initial weights (and dropout masks) of the layers applied downstream; set it before
     * applying any layer. Returns this input.
     *
     * @throws IllegalStateException once a layer has been applied to this input
     */
    public Input seed(long seed) {
        if (used) {
            throw new IllegalStateException("Input.seed: layers were already applied to this input and drew their weights;"
                    + " set the seed first: Input.of(...).seed(" + seed + ")");
        }
        this.seed = seed;
        this.generator = null;
        return this;
    }

    /** The seed of the weights of the layers downstream. */
    public long seed() {
        return seed;
    }

    /** The generator the layers downstream draw their weights from, made on first use. */
    Generator generator() {
        if (generator == null) generator = new Generator(seed);
        return generator;
    }

    void markUsed() {
        used = true;
    }

    /** Names an unnamed input (the model does this). */
    void autoName(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return "Input " + (name == null ? "" : "'" + name + "' ") + Layer.batchShape(shape());
    }
}
