package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

/**
 * The mean of absolute differences, {@code mean(|prediction - target|)}: a regression loss less
 * swayed by outliers than {@link MeanSquaredError}.
 *
 * <p>Shapes: predictions and targets {@code [batch, ...]} of the same shape ({@code [batch, 1]}
 * and {@code [batch]} also fit each other); the result is a scalar. Matches PyTorch's
 * {@code l1_loss} (gradient 0 where the difference is exactly 0).
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), new MeanAbsoluteError());
 * }</pre>
 */
public final class MeanAbsoluteError extends PointwiseLoss {

    @Override
    Tensor pointwise(Tensor predictions, Tensor targets) {
        return predictions.sub(targets).abs();
    }

    @Override
    public String toString() {
        return name() + "()";
    }
}
