package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Squared error for small differences and absolute error for large ones: with {@code e = |prediction
 * - target|}, {@code 0.5 e²} where {@code e <= delta}, else {@code delta (e - 0.5 delta)}; averaged
 * over every element. Robust regression with a smooth minimum.
 *
 * <p>Shapes: predictions and targets {@code [batch, ...]} of the same shape ({@code [batch, 1]}
 * and {@code [batch]} also fit each other); the result is a scalar. Matches PyTorch's
 * {@code huber_loss(delta=...)} and Keras' {@code Huber}.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), new Huber(1.0));
 * }</pre>
 */
public final class Huber extends PointwiseLoss {
    private final double delta;

    /** Huber loss with {@code delta = 1}, the Keras and PyTorch default. */
    public Huber() {
        this(1.0);
    }

    /**
     * Huber loss with the given threshold.
     *
     * @param delta where the loss turns from quadratic to linear
     * @throws IllegalArgumentException unless {@code delta > 0}
     */
    public Huber(double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("Huber: delta must be > 0, got " + delta);
        this.delta = delta;
    }

    /** Where the loss turns from quadratic to linear. */
    public double delta() {
        return delta;
    }

    @Override
    Tensor pointwise(Tensor predictions, Tensor targets) {
        // With q = min(e, delta): 0.5 q² + delta (e - q) is 0.5 e² below delta and delta (e - delta/2) above,
        // with no branch (and a continuous derivative, so the tie at e = delta needs no care).
        Tensor e = predictions.sub(targets).abs();
        Tensor q = e.minimum(delta);
        return q.square().mul(0.5).add(e.sub(q).mul(delta));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("delta", delta);
        return c;
    }

    @Override
    public String toString() {
        return name() + "(delta=" + delta + ")";
    }
}
