package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * Cross-entropy against one-hot (or soft) class targets, {@code -sum(y log p)} over the classes,
 * averaged over the batch: for exclusive classes when targets come one-hot encoded.
 *
 * <p>Shapes: predictions {@code [batch, classes]} and targets {@code [batch, classes]}, each target
 * row a probability distribution (one-hot: a single 1); the class axis is the last (so
 * {@code [batch, ..., classes]} works too). The result is a scalar. For class indices
 * {@code [batch]} use {@link SparseCategoricalCrossentropy}.
 *
 * <p>From logits ({@code fromLogits = true}, recommended) it uses {@code logSoftmax}, stable for any
 * scores (PyTorch's {@code cross_entropy} with probability targets). From probabilities it follows
 * Keras: rows are rescaled to sum to 1 and clipped to {@code [1e-7, 1 - 1e-7]} before the log.
 *
 * <pre>{@code
 * model.add(new Dense(10));                                        // raw logits
 * model.compile(new Adam(1e-3), new CategoricalCrossentropy(true));
 * }</pre>
 */
public final class CategoricalCrossentropy extends ClassificationLoss {

    /** Cross-entropy of probabilities (the model ends in a softmax), Keras' default. */
    public CategoricalCrossentropy() {
        this(false);
    }

    /**
     * Cross-entropy of logits or of probabilities.
     *
     * @param fromLogits true when predictions are raw scores (no softmax), false for probabilities
     */
    public CategoricalCrossentropy(boolean fromLogits) {
        super(fromLogits);
    }

    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        LossShapes.check(this, predictions, targets);
        Tensor y = LossShapes.align(predictions, targets);
        return y.mul(logProbabilities(predictions)).sum(-1, false).neg().mean();
    }

    @Override
    public void checkShapes(int[] predictionShape, int[] targetShape) {
        requireClassAxis(predictionShape);
        if (Arrays.equals(predictionShape, targetShape)) return;
        String pred = LossShapes.batch(predictionShape);
        String targ = LossShapes.batch(targetShape);
        int[] rows = LossShapes.dropLast(predictionShape);
        if (Arrays.equals(targetShape, rows) || Arrays.equals(targetShape, LossShapes.withUnit(rows))) {
            throw LossShapes.error(this, "targets look like class indices (" + targ + ") but predictions are " + pred
                    + "; use SparseCategoricalCrossentropy, or one-hot encode the targets to " + pred);
        }
        if (targetShape.length == predictionShape.length && Arrays.equals(LossShapes.dropLast(targetShape), rows)) {
            int classes = targetShape[targetShape.length - 1];
            throw LossShapes.error(this, "targets have " + classes + " classes (" + targ + ") but the model outputs "
                    + predictionShape[predictionShape.length - 1] + " units (" + pred + "); make the last layer Dense("
                    + classes + "), one unit per class");
        }
        throw LossShapes.error(this, "targets " + targ + " do not fit predictions " + pred + ": one-hot targets have the"
                + " predictions' shape, one value per class");
    }
}
