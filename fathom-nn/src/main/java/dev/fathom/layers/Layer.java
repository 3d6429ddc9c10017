package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a model: it knows its output shape from its input shape before any data
 * flows ({@link #build}), owns its weights, and maps a batch forward ({@link #call}). Gradients
 * come from the tensor ops it uses; no layer writes backward code.
 *
 * <p>Shapes here are per sample, without the batch axis, as in Keras' {@code input_shape}.
 *
 * <p><b>Memory.</b> {@code fit} closes every tensor made during a training step once the step is
 * done (its memory serves the next step), and {@code predict} those made for each batch. Make what
 * must last (weights, constants a subclass keeps) in {@code build} or the constructor, not in
 * {@code call}; or create it inside {@code try (Temporaries t = Temporaries.open()) { ...; t.keep(); }}.
 *
 * <pre>{@code
 * Layer dense = new Dense(10);
 * int[] out = dense.build(new int[] {784}, new Generator(0));   // [10]; creates kernel and bias
 * Tensor y = dense.call(x, false);                             // x: [batch, 784] -> [batch, 10]
 * Tensor z = new Dense(10).call(x, false);                     // unbuilt: builds from x on this first call
 * }</pre>
 */
public abstract class Layer {
    private String name;
    private int[] inputShape;
    private int[] outputShape;
    private final List<Weight> weights = new ArrayList<>();
    /** Whether the optimizer may update this layer's trainable weights (Keras' {@code layer.trainable}). */
    private boolean trainable = true;

    /** The layer's type as users write it, e.g. {@code "Dense"}. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /**
     * The name shown in summaries and errors and under which the weights are saved; null until set
     * or until a model names the layer: {@link #defaultName()} for the first of its kind in the
     * model, then {@code _1}, {@code _2}, ... after it ({@code dense}, {@code dense_1}, ...), as Keras.
     */
    public String name() {
        return name;
    }

    /**
     * The stem of the names a model gives this layer when it has none: the Keras layer's class name
     * in snake_case ({@code Dense} → {@code dense}, {@code Conv2D} → {@code conv2d}, {@code LSTM} →
     * {@code lstm}, {@code BatchNormalization} → {@code batch_normalization}). A layer whose Keras
     * class is named differently (MaxPool2D is Keras' MaxPooling2D) overrides this.
     */
    public String defaultName() {
        return snakeCase(typeName());
    }

    /**
     * Keras' {@code to_snake_case}: an underscore before each capitalised word, and between a
     * lower-case letter and a capital; digits stay with the word before them ({@code Conv2D} →
     * {@code conv2d}, {@code SimpleRNN} → {@code simple_rnn}, {@code Conv2DTranspose} → {@code conv2d_transpose}).
     */
    static String snakeCase(String type) {
        String words = type.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return words.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Sets the name; returns this layer. */
    public Layer name(String name) {
        this.name = name;
        return this;
    }

    /**
     * Creates the weights for a per-sample input shape and returns the per-sample output shape.
     *
     * @throws ShapeException naming this layer, the shape it got, the shape it needs and the fix
     */
    public final int[] build(int[] inputShape, Generator generator) {
        weights.clear();
        int[] out = computeOutputShape(inputShape.clone(), generator);
        this.inputShape = inputShape.clone();
        this.outputShape = out.clone();
        return out;
    }

    /** Subclasses check the input shape, create weights with {@link #addWeight}, and return the output shape. */
    protected abstract int[] computeOutputShape(int[] inputShape, Generator generator);

    /** Maps a batch {@code [batch, ...inputShape]} to {@code [batch, ...outputShape]}. */
    public abstract Tensor call(Tensor x, boolean training);

    // ---- masks of padded steps ---------------------------------------------------------------
    //
    // A mask is a [batch, time] tensor of 1 (a real step) and 0 (padding), made by Embedding.maskZero
    // or Masking and carried by the model beside the batch, as Keras carries it. These four methods
    // are the whole protocol; the defaults suit a layer that knows nothing of masks.

    /**
     * Whether this layer honours a mask of padded steps it receives. Default false: a model refuses,
     * when it is built, to feed a mask to such a layer, since it would read the padding as data.
     * Layers that act on each step apart (Dense, Dropout, Activation, TimeDistributed) and layers
     * that read the mask (the recurrent layers, GlobalAverage/GlobalMaxPooling1D) say true.
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * Whether the output carries a mask, given whether the input does (models ask this at build
     * time, before any data flows). Default: the mask passes through. A layer that removes the time
     * axis says false; a layer that makes a mask says true.
     */
    public boolean outputsMask(boolean inputMasked) {
        return inputMasked;
    }

    /**
     * The mask of this layer's output {@code [batch, time]}, or null for none, given its input and
     * the input's mask (null for none). Default: the input's mask, unchanged.
     */
    public Tensor computeMask(Tensor x, Tensor mask) {
        return mask;
    }

    /**
     * Maps a batch forward honouring {@code mask} ({@code [batch, time]}, 1 for a real step, 0 for
     * padding; null for none). Default: {@link #call(Tensor, boolean)}, right for a layer that acts
     * on each step apart.
     */
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return call(x, training);
    }

    /**
     * The layers this one is built from and calls (a {@link TransformerEncoder}'s attention,
     * normalizations and dropouts), for what a model does to each layer it holds: {@code fit} gives
     * every {@link Dropout}, these included, its masks for each epoch. Default: none.
     */
    public List<Layer> sublayers() {
        return List.of();
    }

    /** Whether {@link #build} has run. */
    public boolean isBuilt() {
        return outputShape != null;
    }

    /** The per-sample input shape given to {@link #build}. */
    public int[] inputShape() {
        requireBuilt();
        return inputShape.clone();
    }

    /** The per-sample output shape {@link #build} returned. */
    public int[] outputShape() {
        requireBuilt();
        return outputShape.clone();
    }

    /** The weights, trainable or not, in creation order. */
    public List<Weight> weights() {
        return Collections.unmodifiableList(weights);
    }

    /** The number of scalar weights. */
    public long parameterCount() {
        long n = 0;
        for (Weight w : weights) n += w.value().size();
        return n;
    }

    /**
     * Registers a weight; trainable weights get {@code requiresGrad} unless the layer is frozen
     * ({@link #trainable(boolean)}), and keep {@code trainable} in their {@link Weight} either way.
     */
    protected Tensor addWeight(String weightName, Tensor value, boolean trainable, Regularizer regularizer) {
        if (trainable) value.requiresGrad(this.trainable);
        weights.add(new Weight(weightName, value, trainable, regularizer));
        return value;
    }

    // ---- freezing ----------------------------------------------------------------------------

    /**
     * Whether the optimizer updates this layer's weights: true unless frozen with
     * {@link #trainable(boolean) trainable(false)}.
     */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) the layer, as Keras' {@code layer.trainable}:
     * a frozen layer's weights get no gradient (they stop requiring one) and {@code fit} leaves them
     * as they are; {@link BatchNormalization} frozen runs in inference mode, normalizing with its
     * moving statistics and not updating them. Gradients still flow through a frozen layer to the
     * layers before it. Takes effect at the next {@code fit}, without compiling again; saved with
     * the model. Returns this layer.
     *
     * <pre>{@code
     * Layer body = model.layer("conv2d_1");
     * body.trainable(false);                 // transfer learning: keep the pretrained weights
     * model.fit(x, y, Fit.epochs(3));        // trains the other layers only
     * }</pre>
     */
    public Layer trainable(boolean trainable) {
        this.trainable = trainable;
        for (Weight w : weights) {
            if (!w.trainable()) continue;
            w.value().requiresGrad(trainable);
            if (!trainable) w.value().zeroGrad();
        }
        return this;
    }

    /** The weights the optimizer updates: those made trainable, none while the layer is frozen. */
    public List<Weight> trainableWeights() {
        if (!trainable) return List.of();
        List<Weight> list = new ArrayList<>();
        for (Weight w : weights) if (w.trainable()) list.add(w);
        return Collections.unmodifiableList(list);
    }

    /** The number of scalar weights the optimizer updates ({@link #trainableWeights()}). */
    public long trainableParameterCount() {
        long n = 0;
        for (Weight w : trainableWeights()) n += w.value().size();
        return n;
    }

    /** The sum of the weights' regularization penalties, or null when there are none. */
    public Tensor regularizationLoss() {
        Tensor total = null;
        for (Weight w : weights) {
            if (w.regularizer() == null) continue;
            Tensor p = w.regularizer().penalty(w.value());
            total = total == null ? p : total.add(p);
        }
        return total;
    }

    /** The hyperparameters that recreate this layer (for summaries and saved models). */
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    /**
     * Throws unless the layer is built, naming it by type (and name, once it has one) with the fix;
     * for what cannot be answered before {@link #build}, such as a weight.
     */
    protected void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(label() + " is not built yet; call it on a batch (it builds from the"
                    + " batch's shape), add it to a model, or call build(inputShape, generator)");
        }
    }

    /** The seed of the weights of a layer built by its first call: fixed, so that eager use is reproducible. */
    public static final long FIRST_CALL_SEED = 0;

    /**
     * Builds the layer from the batch's per-sample shape if it is not built yet, as Keras does when a
     * layer is called on its own: {@code new Dense(4).call(x, false)} works on {@code x} of shape
     * {@code [batch, features]}. Its weights come from {@code new Generator(FIRST_CALL_SEED)}; call
     * {@link #build} first for others. Layers call this before their first op.
     *
     * @throws ShapeException when {@code x} has no batch axis, or the shape does not suit the layer
     */
    protected final void buildOnFirstCall(Tensor x) {
        if (isBuilt()) return;
        if (x.rank() < 1) {
            throw shapeError("got a scalar; call it on a batch of shape [batch, ...] (one sample is [1, ...])");
        }
        build(Arrays.copyOfRange(x.shape(), 1, x.rank()), new Generator(FIRST_CALL_SEED));
    }

    /** The layer as messages name it: {@code Dense 'dense_1'}, or {@code Dense} before it has a name. */
    protected String label() {
        return typeName() + (name == null ? "" : " '" + name + "'");
    }

    /** A shape error that starts with this layer's type and name. */
    protected ShapeException shapeError(String message) {
        return new ShapeException(label(), message);
    }

    /** Formats a per-sample shape with a leading batch axis, as users see it: {@code [batch, 28, 28]}. */
    public static String batchShape(int[] perSample) {
        StringBuilder sb = new StringBuilder("[batch");
        for (int d : perSample) sb.append(", ").append(d);
        return sb.append(']').toString();
    }

    /**
     * The type with its hyperparameters and name, then, once built, its shapes and parameter count,
     * for printing in a REPL: {@code Dense(units=10, activation=relu, useBias=true,
     * kernelInitializer=glorot_uniform, biasInitializer=zeros, name=dense) [batch, 784] -> [batch, 10], 7,850 params}.
     * Never throws, even for a layer whose {@link #config()} does.
     */
    @Override
    public String toString() {
        return LayerFormat.format(this, name);
    }

    static int product(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
}
