package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.layers.MultiInputLayer;
import dev.fathom.tensor.ShapeException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A placeholder for the batch a layer will produce in a {@link Functional} model: it holds the
 * per-sample shape, the layer that makes it and the tensors that layer reads. Applying a layer to
 * symbolic tensors builds the layer (creating its weights) and checks its input shape at once, so a
 * graph that cannot work fails on the line that wires it, before any data flows.
 *
 * <p>Applying one layer object twice shares its weights; both applications must then see the same
 * input shape. The weights of a layer built here come from the generator of the first
 * {@link Input} upstream (see {@link Input#seed}); a layer that is already built (say, trained in
 * another model) keeps its weights.
 *
 * <pre>{@code
 * Input x = Input.of(8);
 * SymbolicTensor a = x.then(new Dense(16, "relu"));              // one input: then(...)
 * SymbolicTensor b = x.then(new Dense(16, "relu"));
 * SymbolicTensor sum = SymbolicTensor.apply(new Add(), a, b);     // several: apply(layer, ...)
 * Functional model = new Functional(List.of(x), sum.then(new Dense(1)));
 * }</pre>
 */
public sealed class SymbolicTensor permits Input {
    private final int[] shape;
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private final Input root;
    /** The layer whose mask of padded steps this tensor carries ("'embedding' (Embedding)"), or null for none. */
    private final String maskMaker;

    /** The output of {@code layer} applied to {@code inputs}; {@code root} seeds its weights. */
    private SymbolicTensor(int[] shape, Layer layer, List<SymbolicTensor> inputs, Input root, String maskMaker) {
        this.shape = shape.clone();
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.root = root;
        this.maskMaker = maskMaker;
    }

    /** An input of the graph: no layer, no sources. */
    SymbolicTensor(int[] shape) {
        this.shape = shape.clone();
        this.layer = null;
        this.inputs = List.of();
        this.root = (Input) this;
        this.maskMaker = null;
    }

    /**
     * Applies {@code layer} to {@code inputs}: one input for an ordinary layer, two or more for a
     * merge ({@code Add}, {@code Concatenate}, ...), query, value and an optional key for a
     * {@code MultiHeadAttention} (any {@link MultiInputLayer}). Builds the layer on its first application.
     *
     * @throws ShapeException naming the layer, the shape it got, the shape it needs and the fix, or,
     *     for a layer already built, both shapes
     * @throws IllegalArgumentException when the number of inputs does not suit the layer
     */
    public static SymbolicTensor apply(Layer layer, SymbolicTensor... inputs) {
        if (layer == null) throw new IllegalArgumentException("apply: the layer is null");
        if (inputs.length == 0) throw new IllegalArgumentException("apply: " + describe(layer) + " needs at least one input");
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) throw new IllegalArgumentException("apply: input " + i + " of " + describe(layer) + " is null");
        }
        MultiInputLayer multi = layer instanceof MultiInputLayer m ? m : null;
        if (multi == null && inputs.length != 1) {
            throw new IllegalArgumentException("apply: " + describe(layer) + " takes one input but got " + inputs.length
                    + "; join them first, e.g. SymbolicTensor.apply(new Concatenate(), a, b), then apply this layer");
        }
        List<int[]> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape);
        Input root = inputs[0].root;
        int[] out;
        if (layer.isBuilt()) {
            List<int[]> built = multi != null ? multi.inputShapes() : List.of(layer.inputShape());
            if (!sameShapes(built, shapes)) {
                throw new ShapeException("Functional", "layer " + describe(layer) + " was built for input "
                        + shapesText(built) + " but is now applied to " + shapesText(shapes) + " (" + sources(inputs)
                        + "); applying a layer again shares its weights and needs the same input shape, so use a new "
                        + layer.typeName() + " for this input");
            }
            out = layer.outputShape();
        } else {
            try {
                out = multi != null ? multi.build(shapes, root.generator()) : layer.build(shapes.get(0), root.generator());
            } catch (ShapeException e) {
                throw new ShapeException("Functional", "layer " + describe(layer) + ": " + stripOp(e) + (inputs.length == 1 ? " (its input is " : " (its inputs are ")
                        + sources(inputs) + ")");
            }
        }
        root.markUsed();
        return new SymbolicTensor(out, layer, Arrays.asList(inputs), root, maskMaker(layer, inputs));
    }

    /** Who made the mask the output carries, after checking {@code layer} can honour the one it gets. */
    private static String maskMaker(Layer layer, SymbolicTensor[] inputs) {
        String received = null;
        for (SymbolicTensor t : inputs) if (received == null) received = t.maskMaker;
        if (received != null && !layer.supportsMasking()) {
            throw new IllegalArgumentException("Functional: " + MaskCheck.refusal("layer " + describe(layer), received));
        }
        if (layer instanceof MultiInputLayer multi) {
            // The output's mask is the first masked input's that the layer passes on (a merge: any; attention: the query's).
            List<Boolean> masked = new ArrayList<>();
            for (SymbolicTensor t : inputs) masked.add(t.maskMaker != null);
            return multi.outputsMask(masked) ? received : null;
        }
        if (!layer.outputsMask(received != null)) return null;
        // A layer that outputs a mask without receiving one makes its own (Embedding.maskZero, Masking).
        return received == null || layer.outputsMask(false) ? describe(layer) : received;
    }

    /** {@code layer} applied to this tensor: {@code apply(layer, this)}. */
    public SymbolicTensor then(Layer layer) {
        return apply(layer, this);
    }

    /** The per-sample shape (without the batch axis). */
    public int[] shape() {
        return shape.clone();
    }

    /** Whether this tensor carries a mask of padded steps (from {@code Embedding.maskZero} or {@code Masking}). */
    public boolean isMasked() {
        return maskMaker != null;
    }

    /** The layer that produces this tensor; null for an {@link Input}. */
    public Layer layer() {
        return layer;
    }

    /** The tensors the layer reads, in order; empty for an {@link Input}. */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    @Override
    public String toString() {
        return "SymbolicTensor " + Layer.batchShape(shape) + " from " + describe(layer);
    }

    /** "'dense' (Dense)", or "Dense (not named yet)": models name layers when they are created. */
    static String describe(Layer layer) {
        return layer.name() != null ? "'" + layer.name() + "' (" + layer.typeName() + ")" : layer.typeName()
                + " (not named yet)";
    }

    /** Where a layer's inputs come from, for errors: "the output of 'flatten' (Flatten), input 'meta'". */
    private static String sources(SymbolicTensor[] inputs) {
        List<String> parts = new ArrayList<>();
        for (SymbolicTensor t : inputs) {
            if (t instanceof Input in) {
                parts.add(in.name() != null ? "input '" + in.name() + "'" : "an Input " + Layer.batchShape(in.shape()));
            } else {
                parts.add("the output of " + describe(t.layer));
            }
        }
        return String.join(", ", parts);
    }

    private static String shapesText(List<int[]> shapes) {
        if (shapes.size() == 1) return Layer.batchShape(shapes.get(0));
        List<String> parts = new ArrayList<>();
        for (int[] s : shapes) parts.add(Layer.batchShape(s));
        return String.join(" and ", parts);
    }

    private static boolean sameShapes(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    static String stripOp(ShapeException e) {
        String m = e.getMessage();
        String prefix = e.op() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
