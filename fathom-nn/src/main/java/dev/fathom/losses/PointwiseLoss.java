package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * A loss computed element by element and averaged over every element of the batch (Keras' mean
 * over the last axis, then over the batch; the same number when every sample has the same size).
 * Predictions and targets have the same shape, except that a trailing axis of size 1 may be
 * missing on either side ({@code [batch, 1]} against {@code [batch]}).
 */
abstract class PointwiseLoss implements Loss {

    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        LossShapes.check(this, predictions, targets);
        return pointwise(predictions, LossShapes.align(predictions, targets)).mean();
    }

    /** The loss of each element; {@code targets} already has the predictions' shape and type. */
    abstract Tensor pointwise(Tensor predictions, Tensor targets);

    @Override
    public void checkShapes(int[] predictionShape, int[] targetShape) {
        if (LossShapes.sameUpToUnit(predictionShape, targetShape)) return;
        throw LossShapes.error(this, mismatch(predictionShape, targetShape));
    }

    /** Why the shapes do not fit, and the fix; the regression losses' wording. */
    String mismatch(int[] p, int[] t) {
        String shapes = "predictions " + LossShapes.batch(p) + " and targets " + LossShapes.batch(t);
        if (p.length == t.length && p.length > 0 && Arrays.equals(LossShapes.dropLast(p), LossShapes.dropLast(t))) {
            int want = t[t.length - 1];
            return shapes + " differ in the last axis: the model outputs " + p[p.length - 1] + " values per sample but each"
                    + " target has " + want + "; make the last layer Dense(" + want + "), or give targets of shape "
                    + LossShapes.batch(p);
        }
        return shapes + " must have the same shape (a trailing axis of size 1 may be missing on either side)";
    }
}
