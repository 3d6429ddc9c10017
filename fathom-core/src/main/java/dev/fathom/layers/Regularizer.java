package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

/**
 * A penalty on a weight added to the training loss, to keep weights small and curb overfitting.
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(Regularizer.l2(1e-4))
 * }</pre>
 */
@FunctionalInterface
public interface Regularizer {

    /** The scalar penalty for {@code weight}. */
    Tensor penalty(Tensor weight);

    /** {@code l1 * sum(|w|)}. */
    static Regularizer l1(double l1) {
        return l1l2(l1, 0);
    }

    /** {@code l2 * sum(w²)}, as in Keras (no factor 1/2). */
    static Regularizer l2(double l2) {
        return l1l2(0, l2);
    }

    /** {@code l1 * sum(|w|) + l2 * sum(w²)}. */
    static Regularizer l1l2(double l1, double l2) {
        if (l1 < 0 || l2 < 0) throw new IllegalArgumentException("regularization factors must be >= 0, got l1=" + l1 + ", l2=" + l2);
        return w -> {
            Tensor p = null;
            if (l1 > 0) p = w.abs().sum().mul(l1);
            if (l2 > 0) p = p == null ? w.square().sum().mul(l2) : p.add(w.square().sum().mul(l2));
            return p == null ? w.sum().mul(0) : p;
        };
    }
}
