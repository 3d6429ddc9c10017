package dev.fathom.optimizers;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adagrad: divides each gradient element by the root of the sum of all its past squares, so
 * often-updated weights take smaller steps.
 *
 * <p>PyTorch's {@code torch.optim.Adagrad} (no lr_decay; use a {@link LearningRateSchedule}): with
 * {@code g = grad + weightDecay * p},
 * <pre>
 * sum = sum + g²                 (sum starts at initialAccumulator)
 * p = p - lr * g / (sqrt(sum) + epsilon)
 * </pre>
 * Defaults are PyTorch's (rate 0.01, initial accumulator 0, epsilon 1e-10). State: {@code sum},
 * shaped like the parameter.
 *
 * <pre>{@code
 * model.compile(new Adagrad(0.01), new MeanSquaredError());
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    /** PyTorch's default learning rate for Adagrad. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double initialAccumulator;
    private final double epsilon;
    private final double weightDecay;

    /** Adagrad with PyTorch's defaults: rate 0.01, initial accumulator 0, epsilon 1e-10. */
    public Adagrad() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** Adagrad with the given rate and the default accumulator start (0) and epsilon (1e-10). */
    public Adagrad(double learningRate) {
        this(learningRate, 0, 1e-10);
    }

    /** Adagrad without weight decay. */
    public Adagrad(double learningRate, double initialAccumulator, double epsilon) {
        this(learningRate, initialAccumulator, epsilon, 0);
    }

    /**
     * Adagrad with every hyperparameter given.
     *
     * @param learningRate       the step size, {@code >= 0}
     * @param initialAccumulator the starting value of the sum of squares, {@code >= 0}
     * @param epsilon            added to the root for stability, {@code >= 0}
     * @param weightDecay        L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException for a value out of range
     */
    public Adagrad(double learningRate, double initialAccumulator, double epsilon, double weightDecay) {
        super(learningRate);
        checkRange("initialAccumulator", initialAccumulator, 0, Double.POSITIVE_INFINITY);
        checkRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        checkRange("weightDecay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.initialAccumulator = initialAccumulator;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initialAccumulator", initialAccumulator);
        c.put("epsilon", epsilon);
        c.put("weightDecay", weightDecay);
        return c;
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"sum"};
    }

    @Override
    protected Tensor initialSlot(String slot, Tensor parameter) {
        return Tensor.full(parameter.dtype(), initialAccumulator, parameter.shape()).to(parameter.device());
    }

    @Override
    protected void update(Tensor p, Tensor grad, Tensor[] slots, int step, double lr) {
        try (Temps t = new Temps()) {
            Tensor g = weightDecay == 0 ? grad : t.add(grad.add(t.add(p.mul(weightDecay))));
            replace(slots, 0, slots[0].add(t.add(g.mul(g))));
            Tensor scale = t.add(t.add(slots[0].sqrt()).add(epsilon));
            write(p, p.sub(t.add(t.add(g.div(scale)).mul(lr))));
        }
    }
}
