package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins its inputs side by side along one axis: {@code [batch, 64]} and {@code [batch, 8]} become
 * {@code [batch, 72]}.
 *
 * <p>The axis counts the batch axis, as in Keras: {@code -1} (the default) is the last axis,
 * {@code 1} the first axis after the batch; the batch axis itself cannot be joined. Inputs: two or
 * more tensors of one rank that agree on every axis but the joined one. No weights.
 *
 * <pre>{@code
 * Input image = Input.of(784);
 * Input meta = Input.of(3);
 * SymbolicTensor both = SymbolicTensor.apply(new Concatenate(), image, meta);   // [batch, 787]
 * new Concatenate(1)   // images [batch, c1, h, w] and [batch, c2, h, w] -> [batch, c1 + c2, h, w]
 * }</pre>
 */
public final class Concatenate extends Merge {
    private final int axis;

    /** Joins along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /**
     * Joins along {@code axis} of the batch tensors (negative counts from the end).
     *
     * @throws IllegalArgumentException for axis 0, the batch axis
     */
    public Concatenate(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("Concatenate: axis 0 is the batch axis, and samples are not joined; use"
                    + " -1 (the last axis, the default) or an axis >= 1");
        }
        this.axis = axis;
    }

    /** Recreates a Concatenate from {@code {axis}}. */
    public static Concatenate fromConfig(Map<String, Object> config) {
        return new Concatenate(new ConfigMap("Concatenate", config).integer("axis", -1));
    }

    /** The axis joined, as given (negative counts from the end). */
    public int axis() {
        return axis;
    }

    @Override
    protected int[] computeOutputShape(List<int[]> shapes) {
        int rank = shapes.get(0).length + 1; // with the batch axis
        for (int[] s : shapes) {
            if (s.length + 1 != rank) {
                throw shapeError("inputs must have the same rank to be joined along axis " + axis + ", got "
                        + describe(shapes) + "; flatten or reshape them to one rank first (e.g. Flatten() turns "
                        + batchShape(longest(shapes)) + " into " + batchShape(new int[] {product(longest(shapes))}) + ")");
            }
        }
        int a = axis < 0 ? axis + rank : axis;
        if (a < 1 || a >= rank) {
            throw shapeError("axis " + axis + " is out of range for inputs of rank " + rank + " (" + describe(shapes)
                    + "); use an axis from 1 to " + (rank - 1) + " or from -" + (rank - 1) + " to -1 (axis 0 is the batch)");
        }
        int[] out = shapes.get(0).clone();
        out[a - 1] = 0;
        List<Integer> differing = new ArrayList<>();
        for (int[] s : shapes) {
            out[a - 1] += s[a - 1];
            for (int d = 0; d < s.length; d++) {
                if (d != a - 1 && s[d] != shapes.get(0)[d] && !differing.contains(d + 1)) differing.add(d + 1);
            }
        }
        if (!differing.isEmpty()) {
            String fix = differing.size() == 1
                    ? "join along axis " + differing.get(0) + " with new Concatenate(" + differing.get(0) + "), or reshape"
                            + " the inputs so they agree there"
                    : "reshape the inputs so they agree on those axes";
            throw shapeError("inputs must match on every axis except axis " + axis + " (the one joined), got "
                    + describe(shapes) + "; they differ on axis " + differing.toString().replaceAll("[\\[\\]]", "")
                    + "; " + fix);
        }
        return out;
    }

    private static int[] longest(List<int[]> shapes) {
        int[] best = shapes.get(0);
        for (int[] s : shapes) if (s.length > best.length) best = s;
        return best;
    }

    /**
     * Joining features keeps every step where it was, so a mask of padded steps carries over; joining
     * along the time axis (axis 1) of sequences would need the masks joined too, and is refused.
     */
    @Override
    public boolean supportsMasking() {
        List<int[]> shapes = inputShapes();
        int rank = shapes.get(0).length + 1;
        return (axis < 0 ? axis + rank : axis) != 1;
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        checkInputs(inputs);
        int rank = inputs.get(0).rank();
        return Tensor.concat(axis < 0 ? axis + rank : axis, inputs.toArray(new Tensor[0]));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }
}
