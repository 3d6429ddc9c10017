package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it backwards, and merges the two
 * outputs step by step (concatenated by default): PyTorch's {@code bidirectional=True}, Keras'
 * Bidirectional.
 *
 * <p>The backward copy is made from the wrapped layer's config with {@code goBackwards} flipped, so it
 * has its own weights. Its outputs are put back in input order before merging, so step t of the
 * output holds the forward state after reading {@code x_0..x_t} and the backward state after reading
 * {@code x_{T-1}..x_t}; without {@code returnSequences} the output merges the forward state after the
 * last step with the backward state after the first (PyTorch's {@code h_n} of both directions).
 * Output {@code [batch, 2·units]} (or {@code [batch, time, 2·units]}) with {@code "concat"}, forward
 * first; {@code [batch, units]} with {@code "sum"}, {@code "mul"} or {@code "ave"}. Weights are the
 * forward layer's then the backward one's, named {@code forward.kernel}, ..., {@code backward.recurrentBias}
 * (PyTorch's {@code weight_ih_l0}, ... and {@code weight_ih_l0_reverse}, ...).
 *
 * <p>With a mask of padded steps both directions skip them (see {@link Recurrent}): on right-padded
 * sequences the backward direction starts at each sequence's own last real step, and the last
 * output merges the forward state there with the backward state after the first step, exactly what
 * PyTorch computes from {@code pack_padded_sequence}. With {@code returnSequences} padded steps
 * output zeros in both halves.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Bidirectional(new LSTM(32).returnSequences(true)),   // [batch, 50, 8] -> [batch, 50, 64]
 *         new Bidirectional(new GRU(16), "sum"),                   //                -> [batch, 16]
 *         new Dense(2))
 *     .build(50, 8);
 * }</pre>
 */
public final class Bidirectional extends Layer {
    /** The merge modes, as Keras names them. */
    public static final List<String> MERGE_MODES = List.of("concat", "sum", "mul", "ave");

    private final Recurrent<?> forward;
    private final Recurrent<?> backward;
    private final String mergeMode;

    /** Concatenates {@code layer}'s forward and backward outputs. */
    public Bidirectional(Layer layer) {
        this(layer, "concat");
    }

    /**
     * Merges {@code layer}'s forward and backward outputs with {@code mergeMode}: one of
     * {@link #MERGE_MODES}.
     *
     * @throws IllegalArgumentException when {@code layer} is not a SimpleRNN, LSTM or GRU, or is built,
     *     or the merge mode is unknown
     */
    public Bidirectional(Layer layer, String mergeMode) {
        if (!(layer instanceof Recurrent<?> r)) {
            throw new IllegalArgumentException("Bidirectional: wraps a SimpleRNN, LSTM or GRU, got "
                    + (layer == null ? "null" : layer.typeName()));
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional: the wrapped " + layer.typeName() + " is already built; pass"
                    + " a new, unbuilt layer (the wrapper builds it and its backward copy)");
        }
        if (!MERGE_MODES.contains(mergeMode)) {
            throw new IllegalArgumentException("Bidirectional: unknown merge mode '" + mergeMode + "'; choose one of "
                    + MERGE_MODES);
        }
        this.forward = r;
        Map<String, Object> config = r.config();
        config.put("goBackwards", !r.goesBackwards());
        // Initializers and regularizers are taken as objects below: a custom one has no config to recreate it from.
        for (String k : List.of("kernelInitializer", "recurrentInitializer", "biasInitializer", "kernelRegularizer",
                "recurrentRegularizer", "biasRegularizer")) config.remove(k);
        this.backward = (Recurrent<?>) LayerConfigs.registry().create("Bidirectional: the backward copy of " + r.typeName(),
                r.typeName(), null, config);
        backward.takeInitializersFrom(r);
        this.mergeMode = mergeMode;
    }

    /** The wrapped layer, which reads the sequence forwards. */
    public Layer forwardLayer() {
        return forward;
    }

    /** The copy that reads it backwards. */
    public Layer backwardLayer() {
        return backward;
    }

    /** How the two directions are merged. */
    public String mergeMode() {
        return mergeMode;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        String base = name() == null ? "" : name() + "_";
        forward.name(base + "forward");
        backward.name(base + "backward");
        int[] out = forward.build(in, g);
        backward.build(in, g);
        for (Weight w : forward.weights()) addWeight("forward." + w.name(), w.value(), w.trainable(), w.regularizer());
        for (Weight w : backward.weights()) addWeight("backward." + w.name(), w.value(), w.trainable(), w.regularizer());
        if (mergeMode.equals("concat")) out[out.length - 1] *= 2;
        return out;
    }

    /** Freezes or unfreezes both directions with the wrapper. */
    @Override
    public Bidirectional trainable(boolean trainable) {
        super.trainable(trainable);
        forward.trainable(trainable);
        backward.trainable(trainable);
        return this;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callWithStates(x, null, training).get(0);
    }

    /** Runs both directions skipping the steps {@code mask} ({@code [batch, time]}, 0 for padding) marks. */
    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return callWithStates(x, mask, null, training).get(0);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public boolean outputsMask(boolean inputMasked) {
        return forward.outputsMask(inputMasked);
    }

    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return forward.computeMask(x, mask);
    }

    /**
     * Runs both directions from the given initial states and returns the merged output followed by
     * the forward layer's final states and then the backward layer's ({@code [output, h_f, h_b]}, or
     * {@code [output, h_f, c_f, h_b, c_b]} for LSTM), as Keras does with {@code return_state=True}.
     *
     * @param initialStates the forward layer's states then the backward one's; null or empty for zeros
     * @throws IllegalArgumentException when the number or shapes of the states do not fit
     */
    public List<Tensor> callWithStates(Tensor x, List<Tensor> initialStates, boolean training) {
        return callWithStates(x, null, initialStates, training);
    }

    /**
     * {@link #callWithStates(Tensor, List, boolean)} skipping the steps where {@code mask}
     * ({@code [batch, time]}, 1 for a real step, 0 for padding; null for none) is 0.
     */
    public List<Tensor> callWithStates(Tensor x, Tensor mask, List<Tensor> initialStates, boolean training) {
        buildOnFirstCall(x);
        int n = forward.stateCount();
        boolean given = initialStates != null && !initialStates.isEmpty();
        if (given && initialStates.size() != 2 * n) {
            throw new IllegalArgumentException("Bidirectional: got " + initialStates.size() + " initial states but needs "
                    + 2 * n + ": the forward layer's " + n + " (" + forward.stateNames() + ") then the backward layer's");
        }
        Tensor[] fs = forward.checkInput(x, given ? initialStates.subList(0, n) : null);
        Tensor[] bs = backward.checkInput(x, given ? initialStates.subList(n, 2 * n) : null);
        Tensor m = Masks.check(this, x, mask);
        List<Tensor> fo = forward.scan(x, m, fs, forward.goesBackwards());
        List<Tensor> bo = backward.scan(x, m, bs, backward.goesBackwards());
        Tensor f = forward.finish(fo, fs).get(0);
        Tensor b = backward.finish(bo, bs).get(0);
        List<Tensor> result = new ArrayList<>();
        result.add(merge(f, b));
        result.addAll(List.of(fs));
        result.addAll(List.of(bs));
        return result;
    }

    private Tensor merge(Tensor f, Tensor b) {
        return switch (mergeMode) {
            case "concat" -> Tensor.concat(f.rank() - 1, f, b);
            case "sum" -> f.add(b);
            case "mul" -> f.mul(b);
            case "ave" -> f.add(b).mul(0.5);
            default -> throw new IllegalStateException("merge mode " + mergeMode);
        };
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("type", forward.typeName());
        inner.put("config", forward.config());
        c.put("layer", inner);
        c.put("mergeMode", mergeMode);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Bidirectional fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Bidirectional", config);
        c.requireOnly(java.util.Set.of("layer", "mergeMode"));
        if (!(c.get("layer") instanceof Map<?, ?> inner) || !(inner.get("type") instanceof String type)
                || !(inner.get("config") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Bidirectional config: 'layer' must be {\"type\": \"LSTM\", \"config\": {...}},"
                    + " got " + c.get("layer"));
        }
        String what = "Bidirectional config: the wrapped layer '" + type + "'";
        // Only Fathom's recurrent layers can be wrapped, and they are saved by type alone: a class named here is never loaded.
        if (inner.get("class") != null) {
            throw new IllegalArgumentException(what + ": names the class " + inner.get("class") + ", which was not loaded;"
                    + " Bidirectional wraps SimpleRNN, LSTM or GRU, saved by their type alone");
        }
        @SuppressWarnings("unchecked")
        Layer layer = LayerConfigs.fromConfig((Map<String, ?>) inner, what);
        return new Bidirectional(layer, c.string("mergeMode", "concat"));
    }
}
