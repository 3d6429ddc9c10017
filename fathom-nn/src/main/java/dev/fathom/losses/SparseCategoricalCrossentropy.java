package dev.fathom.losses;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * Cross-entropy against class indices, {@code -log p[target]}, averaged over the batch: the loss
 * for exclusive classes (digits, clothing types) with integer labels.
 *
 * <p>Shapes: predictions {@code [batch, classes]} and targets {@code [batch]} or
 * {@code [batch, 1]} holding class indices {@code 0 <= i < classes}, as int32 or as whole floats
 * (converted to int32). The class axis is the last, so {@code [batch, h, w, classes]} against
 * {@code [batch, h, w]} works too. The result is a scalar. For one-hot targets use
 * {@link CategoricalCrossentropy}.
 *
 * <p>From logits ({@code fromLogits = true}, recommended) it is {@code logSoftmax} then a gather,
 * stable for any scores (PyTorch's {@code cross_entropy}). From probabilities it follows Keras:
 * rows are rescaled to sum to 1 and clipped to {@code [1e-7, 1 - 1e-7]} before the log.
 *
 * <pre>{@code
 * model.add(new Dense(10));                                              // raw logits
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
 * Tensor loss = new SparseCategoricalCrossentropy(true).compute(logits, Tensor.of(new int[] {3, 7}));  // logits [2, 10]
 * }</pre>
 *
 * @see CategoricalCrossentropy
 */
public final class SparseCategoricalCrossentropy extends ClassificationLoss {

    /** Cross-entropy of probabilities (the model ends in a softmax), Keras' default. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /**
     * Cross-entropy of logits or of probabilities.
     *
     * @param fromLogits true when predictions are raw scores (no softmax), false for probabilities
     */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super(fromLogits);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also for a class index outside {@code [0, classes)}
     */
    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        LossShapes.check(this, predictions, targets);
        int[] indexShape = predictions.shape();
        indexShape[indexShape.length - 1] = 1;
        Tensor index = targets.asType(DType.INT32).reshape(indexShape);
        Tensor logp = logProbabilities(predictions);
        Tensor picked;
        try {
            picked = logp.gather(-1, index);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(name() + ": a target class index is out of range for "
                    + predictions.shape(-1) + " output units (valid: 0 to " + (predictions.shape(-1) - 1)
                    + "); make the last layer Dense(number of classes), or check the labels (" + e.getMessage() + ")", e);
        }
        return picked.neg().mean();
    }

    @Override
    public void checkShapes(int[] predictionShape, int[] targetShape) {
        requireClassAxis(predictionShape);
        int[] rows = LossShapes.dropLast(predictionShape);
        if (Arrays.equals(targetShape, rows) || Arrays.equals(targetShape, LossShapes.withUnit(rows))) return;
        String pred = LossShapes.batch(predictionShape);
        String targ = LossShapes.batch(targetShape);
        if (Arrays.equals(targetShape, predictionShape)) {
            throw LossShapes.error(this, "targets look one-hot (" + targ + "); use CategoricalCrossentropy, or pass class"
                    + " indices " + LossShapes.batch(rows) + " (predictions are " + pred + ")");
        }
        throw LossShapes.error(this, "targets " + targ + " do not fit predictions " + pred + ": " + name()
                + " takes one class index per sample, shape " + LossShapes.batch(rows) + " or "
                + LossShapes.batch(LossShapes.withUnit(rows)));
    }
}
