package dev.fathom.optimizers;

/**
 * Adam with decoupled weight decay: the weights shrink by {@code lr * weightDecay} each step,
 * apart from the gradient's moment estimates, which regularizes better than L2 in the gradient.
 *
 * <p>PyTorch's {@code torch.optim.AdamW}: first {@code p = p * (1 - lr * weightDecay)}, then the
 * {@link Adam} update with the raw gradient. Default weight decay 0.01 (PyTorch's). State:
 * {@code m}, {@code v} (and {@code vmax}), shaped like the parameter.
 *
 * <pre>{@code
 * model.compile(new AdamW(1e-3, 0.01), new SparseCategoricalCrossentropy(true));
 * }</pre>
 */
public final class AdamW extends Adam {
    /** PyTorch's default weight decay for AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /** AdamW with PyTorch's defaults: rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8, weight decay 0.01. */
    public AdamW() {
        this(1e-3);
    }

    /** AdamW with the given rate and the default betas, epsilon and weight decay (0.01). */
    public AdamW(double learningRate) {
        this(learningRate, DEFAULT_WEIGHT_DECAY);
    }

    /** AdamW with the given rate and weight decay, and default betas and epsilon. */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    /**
     * AdamW with every hyperparameter given.
     *
     * @param learningRate the step size, {@code >= 0}
     * @param beta1        decay of the gradient average, in {@code [0, 1)}
     * @param beta2        decay of the squared-gradient average, in {@code [0, 1)}
     * @param epsilon      added to the denominator for stability, {@code >= 0}
     * @param weightDecay  the fraction (times the rate) the weights shrink by each step, {@code >= 0}
     * @param amsgrad      use the running maximum of {@code v} (AMSGrad)
     * @throws IllegalArgumentException for a value out of range
     */
    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad) {
        super(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, true);
    }
}
