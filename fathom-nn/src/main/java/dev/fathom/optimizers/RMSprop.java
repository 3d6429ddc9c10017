package dev.fathom.optimizers;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop: divides each gradient element by a running root-mean-square of its recent values.
 *
 * <p>PyTorch's {@code torch.optim.RMSprop} ({@code rho} is PyTorch's {@code alpha}): with
 * {@code g = grad + weightDecay * p},
 * <pre>
 * v = rho * v + (1 - rho) * g²
 * mg = rho * mg + (1 - rho) * g                  (centered only)
 * s = sqrt(v - mg²) + epsilon  if centered, else  sqrt(v) + epsilon
 * b = momentum * b + g / s;  p = p - lr * b     (momentum > 0)
 * p = p - lr * g / s                            (momentum = 0)
 * </pre>
 * Defaults are PyTorch's (rate 0.01, rho 0.99, epsilon 1e-8); Keras uses rate 1e-3 and rho 0.9.
 * State: {@code squareAvg} ({@code v}), {@code gradAvg} ({@code mg}, centered only) and
 * {@code momentum} ({@code b}, momentum only), shaped like the parameter.
 *
 * <pre>{@code
 * model.compile(new RMSprop(1e-3, 0.9, 1e-7, 0, false, 0), new MeanSquaredError());
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    /** PyTorch's default learning rate for RMSprop. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double rho;
    private final double epsilon;
    private final double momentum;
    private final boolean centered;
    private final double weightDecay;

    /** RMSprop with PyTorch's defaults: rate 0.01, rho 0.99, epsilon 1e-8. */
    public RMSprop() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** RMSprop with the given rate and defaults rho 0.99, epsilon 1e-8, no momentum. */
    public RMSprop(double learningRate) {
        this(learningRate, 0.99, 1e-8, 0, false, 0);
    }

    /**
     * RMSprop with every hyperparameter given.
     *
     * @param learningRate the step size, {@code >= 0}
     * @param rho          decay of the squared-gradient average, in {@code [0, 1)}
     * @param epsilon      added to the root mean square, {@code >= 0}
     * @param momentum     the momentum factor, {@code >= 0} (0: none)
     * @param centered     divide by an estimate of the gradient's variance instead of its mean square
     * @param weightDecay  L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException for a value out of range
     */
    public RMSprop(double learningRate, double rho, double epsilon, double momentum, boolean centered, double weightDecay) {
        super(learningRate);
        checkRange("rho", rho, 0, 1);
        checkRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        checkRange("momentum", momentum, 0, Double.POSITIVE_INFINITY);
        checkRange("weightDecay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.rho = rho;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.centered = centered;
        this.weightDecay = weightDecay;
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        c.put("momentum", momentum);
        c.put("centered", centered);
        c.put("weightDecay", weightDecay);
        return c;
    }

    @Override
    protected String[] slotNames() {
        List<String> names = new ArrayList<>(List.of("squareAvg"));
        if (centered) names.add("gradAvg");
        if (momentum > 0) names.add("momentum");
        return names.toArray(String[]::new);
    }

    @Override
    protected void update(Tensor p, Tensor grad, Tensor[] slots, int step, double lr) {
        try (Temps t = new Temps()) {
            Tensor g = weightDecay == 0 ? grad : t.add(grad.add(t.add(p.mul(weightDecay))));
            replace(slots, 0, t.add(slots[0].mul(rho)).add(t.add(t.add(g.mul(g)).mul(1 - rho))));
            Tensor meanSquare = slots[0];
            if (centered) {
                replace(slots, 1, t.add(slots[1].mul(rho)).add(t.add(g.mul(1 - rho))));
                meanSquare = t.add(meanSquare.sub(t.add(slots[1].mul(slots[1]))));
            }
            Tensor scale = t.add(t.add(meanSquare.sqrt()).add(epsilon));
            Tensor direction = t.add(g.div(scale));
            if (momentum > 0) {
                int b = slots.length - 1;
                replace(slots, b, t.add(slots[b].mul(momentum)).add(direction));
                direction = slots[b];
            }
            write(p, p.sub(t.add(direction.mul(lr))));
        }
    }
}
