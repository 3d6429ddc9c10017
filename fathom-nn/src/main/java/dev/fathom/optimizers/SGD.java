package dev.fathom.optimizers;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent, with optional momentum (heavy-ball or Nesterov) and L2 weight decay.
 *
 * <p>PyTorch's {@code torch.optim.SGD} (dampening 0): with {@code g = grad + weightDecay * p},
 * <pre>
 * b = momentum * b + g            (b starts at 0, so the first b is g)
 * d = nesterov ? g + momentum * b : b     (d = g without momentum)
 * p = p - lr * d
 * </pre>
 * State: {@code momentum} (the buffer {@code b}, only when {@code momentum > 0}), shaped like the
 * parameter.
 *
 * <pre>{@code
 * model.compile(new SGD(0.01, 0.9, true, 0), new SparseCategoricalCrossentropy(true));
 * }</pre>
 */
public final class SGD extends Optimizer {
    /** PyTorch's default learning rate (1e-3). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    /** Plain SGD with PyTorch's default rate, 1e-3. */
    public SGD() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** Plain SGD: {@code p = p - lr * grad}. */
    public SGD(double learningRate) {
        this(learningRate, 0, false, 0);
    }

    /** SGD with heavy-ball momentum. */
    public SGD(double learningRate, double momentum) {
        this(learningRate, momentum, false, 0);
    }

    /**
     * SGD with every hyperparameter given.
     *
     * @param learningRate the step size, {@code >= 0}
     * @param momentum     the momentum factor, {@code >= 0} (0: none)
     * @param nesterov     Nesterov momentum; needs {@code momentum > 0}
     * @param weightDecay  L2 penalty added to the gradient ({@code g + weightDecay * p}), {@code >= 0}
     * @throws IllegalArgumentException for a value out of range, or Nesterov without momentum
     */
    public SGD(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        super(learningRate);
        checkRange("momentum", momentum, 0, Double.POSITIVE_INFINITY);
        checkRange("weightDecay", weightDecay, 0, Double.POSITIVE_INFINITY);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0, got momentum 0;"
                    + " pass a momentum such as 0.9, or nesterov=false");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        c.put("weightDecay", weightDecay);
        return c;
    }

    @Override
    protected String[] slotNames() {
        return momentum > 0 ? new String[] {"momentum"} : new String[0];
    }

    @Override
    protected void update(Tensor p, Tensor grad, Tensor[] slots, int step, double lr) {
        try (Temps t = new Temps()) {
            Tensor g = weightDecay == 0 ? grad : t.add(grad.add(t.add(p.mul(weightDecay))));
            Tensor d = g;
            if (momentum > 0) {
                replace(slots, 0, t.add(slots[0].mul(momentum)).add(g));
                d = nesterov ? t.add(g.add(t.add(slots[0].mul(momentum)))) : slots[0];
            }
            write(p, p.sub(t.add(d.mul(lr))));
        }
    }
}
