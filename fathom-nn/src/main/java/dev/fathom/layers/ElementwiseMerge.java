package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.function.BinaryOperator;

/**
 * What {@link Add}, {@link Multiply} and {@link Average} share: inputs of one shape
 * ({@link #requireEqualShapes}), an output of that shape, and a batch checked before it is combined.
 * Each subclass says only how the tensors combine ({@link #combine(List)}).
 */
abstract class ElementwiseMerge extends Merge {

    /** Joins a batch of each input, all of one shape {@code [batch, ...]}, already checked. */
    abstract Tensor combine(List<Tensor> inputs);

    @Override
    protected final int[] computeOutputShape(List<int[]> shapes) {
        return requireEqualShapes(shapes);
    }

    @Override
    public final Tensor call(List<Tensor> inputs, boolean training) {
        checkInputs(inputs);
        return combine(inputs);
    }

    /** {@code op(op(inputs[0], inputs[1]), inputs[2]) ...}: the inputs folded from the left. */
    static Tensor fold(List<Tensor> inputs, BinaryOperator<Tensor> op) {
        Tensor result = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) result = op.apply(result, inputs.get(i));
        return result;
    }
}
