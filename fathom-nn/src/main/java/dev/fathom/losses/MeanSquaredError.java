package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

/**
 * The mean of squared differences, {@code mean((prediction - target)²)}: the usual regression loss.
 *
 * <p>Shapes: predictions and targets {@code [batch, ...]} of the same shape ({@code [batch, 1]}
 * and {@code [batch]} also fit each other); the result is a scalar, the mean over every element.
 * Matches PyTorch's {@code mse_loss} and Keras' {@code MeanSquaredError}.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), new MeanSquaredError());
 * Tensor loss = new MeanSquaredError().compute(predictions, targets);   // [64, 1] and [64] -> scalar
 * }</pre>
 */
public final class MeanSquaredError extends PointwiseLoss {

    @Override
    Tensor pointwise(Tensor predictions, Tensor targets) {
        return predictions.sub(targets).square();
    }

    @Override
    public String toString() {
        return name() + "()";
    }
}
