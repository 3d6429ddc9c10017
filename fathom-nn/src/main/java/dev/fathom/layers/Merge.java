package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A layer that joins several inputs into one: {@link Add}, {@link Multiply}, {@link Average},
 * {@link Concatenate}. It has no weights and is used in a functional model, where a tensor can have
 * more than one source.
 *
 * <p>Subclasses say how the per-sample shapes combine ({@link #computeOutputShape(List)}, which
 * rejects shapes it cannot join, naming every input's shape) and compute the batch
 * ({@link #call(List, boolean)}).
 *
 * <pre>{@code
 * Input a = Input.of(4);
 * Input b = Input.of(4);
 * SymbolicTensor sum = SymbolicTensor.apply(new Add(), a, b);      // [batch, 4]
 *
 * Add add = new Add();                                              // or eagerly, once built:
 * add.build(List.of(new int[] {4}, new int[] {4}), null);
 * Tensor y = add.call(List.of(x1, x2), false);                      // x1, x2: [batch, 4]
 * }</pre>
 */
public abstract class Merge extends Layer implements MultiInputLayer {
    /** The shapes being built, handed from {@link #build(List, Generator)} to {@link #computeOutputShape(int[], Generator)}. */
    private List<int[]> pending;
    private List<int[]> inputShapes;

    /**
     * Checks that the per-sample input shapes can be joined and returns the per-sample output shape.
     *
     * @throws dev.fathom.tensor.ShapeException naming this layer, every input's shape and the fix
     */
    @Override
    public final int[] build(List<int[]> shapes, Generator generator) {
        if (shapes.size() < 2) {
            throw shapeError("got " + shapes.size() + " input" + (shapes.size() == 1 ? " " + batchShape(shapes.get(0)) : "s")
                    + " but merges at least 2; pass two or more tensors");
        }
        List<int[]> copy = new ArrayList<>();
        for (int[] s : shapes) copy.add(s.clone());
        pending = copy;
        try {
            int[] out = build(copy.get(0), generator);
            inputShapes = copy;
            return out;
        } finally {
            pending = null;
        }
    }

    /** The per-sample shape of every input given to {@link #build(List, Generator)}. */
    @Override
    public List<int[]> inputShapes() {
        requireBuilt();
        List<int[]> copy = new ArrayList<>();
        for (int[] s : inputShapes) copy.add(s.clone());
        return copy;
    }

    /** Checks the shapes of every input and returns the output shape; merges have no weights. */
    protected abstract int[] computeOutputShape(List<int[]> shapes);

    /** Joins a batch of each input; every tensor has the batch axis first. */
    public abstract Tensor call(List<Tensor> inputs, boolean training);

    /** Joins a batch of each input; a merge combines values alone, and its output's mask is {@link #computeMask(List, List)}'s. */
    @Override
    public final Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return call(inputs, training);
    }

    @Override
    protected final int[] computeOutputShape(int[] inputShape, Generator generator) {
        if (pending == null) {
            throw shapeError("merges several inputs, so it cannot take the single input " + batchShape(inputShape)
                    + " (as in a Sequential model); use it in a Functional model, e.g. SymbolicTensor.apply(new "
                    + typeName() + "(), a, b)");
        }
        return computeOutputShape(pending);
    }

    /**
     * Merges honour masks of padded steps: the inputs keep their time axis, and {@link #computeMask(List, List)}
     * says which steps of the result are real.
     */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    /**
     * The mask of the merged output, given each input's mask (null entries for inputs without one):
     * a step is real where it is real in every masked input (Keras' rule); null when no input has a mask.
     */
    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor all = null;
        for (Tensor m : masks) {
            if (m != null) all = all == null ? m : all.mul(m);   // 0/1 masks: the product is "and"
        }
        return all;
    }

    /** A merge needs its inputs as a list; this single-tensor form is refused with how to call it. */
    @Override
    public final Tensor call(Tensor x, boolean training) {
        throw new IllegalArgumentException(label() + ": merges several inputs but got one tensor of shape " + Arrays.toString(x.shape())
                + "; call call(List.of(a, b), training)");
    }

    /** Checks a batch against the built shapes; the model checks them already, this guards eager use. */
    protected void checkInputs(List<Tensor> inputs) {
        if (!isBuilt()) {   // called on its own: build from the batches' shapes, as Layer.buildOnFirstCall does
            List<int[]> shapes = new ArrayList<>();
            for (Tensor x : inputs) {
                if (x.rank() < 1) throw shapeError("got a scalar input; call it on batches of shape [batch, ...]");
                shapes.add(Arrays.copyOfRange(x.shape(), 1, x.rank()));
            }
            build(shapes, null);
        }
        if (inputs.size() != inputShapes.size()) {
            throw shapeError("was built for " + inputShapes.size() + " inputs but got " + inputs.size());
        }
    }

    /**
     * The shared shape of inputs that are combined element by element ({@link Add}, {@link Multiply},
     * {@link Average}); throws naming every input's shape when they differ.
     */
    protected int[] requireEqualShapes(List<int[]> shapes) {
        int[] first = shapes.get(0);
        for (int[] s : shapes) {
            if (!Arrays.equals(s, first)) {
                throw shapeError("inputs must all have the same shape to be combined element by element, got "
                        + describe(shapes) + "; give them one shape first (e.g. a Dense(" + last(first)
                        + ") on the input that differs) or join them side by side with Concatenate");
            }
        }
        return first.clone();
    }

    private static String last(int[] shape) {
        return shape.length == 0 ? "1" : String.valueOf(shape[shape.length - 1]);
    }

    /** "input 0: [batch, 4], input 1: [batch, 5]": how shape errors list what a merge got. */
    protected static String describe(List<int[]> shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append("input ").append(i).append(": ").append(batchShape(shapes.get(i)));
        }
        return sb.toString();
    }
}
