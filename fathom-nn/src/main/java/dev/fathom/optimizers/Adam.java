package dev.fathom.optimizers;

import dev.fathom.backend.AdamStep;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam: per-element step sizes from running averages of the gradient and its square; the usual
 * first choice.
 *
 * <p>PyTorch's {@code torch.optim.Adam}: with {@code g = grad + weightDecay * p} (L2, coupled; use
 * {@link AdamW} for decoupled decay) and {@code t} this parameter's step count from 1,
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g²
 * vmax = max(vmax, v)                          (amsgrad only; then vmax replaces v below)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 * Note that {@code epsilon} is added after the bias correction (PyTorch), not before it (Keras);
 * the default 1e-8 is PyTorch's. State: {@code m}, {@code v} (and {@code vmax}), shaped like the
 * parameter.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
 * }</pre>
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    /** Adam with PyTorch's defaults: rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8. */
    public Adam() {
        this(1e-3);
    }

    /** Adam with the given rate and default betas (0.9, 0.999) and epsilon (1e-8). */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    /** Adam without weight decay. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0, false);
    }

    /**
     * Adam with every hyperparameter given.
     *
     * @param learningRate the step size, {@code >= 0}
     * @param beta1        decay of the gradient average, in {@code [0, 1)}
     * @param beta2        decay of the squared-gradient average, in {@code [0, 1)}
     * @param epsilon      added to the denominator for stability, {@code >= 0}
     * @param weightDecay  L2 penalty added to the gradient, {@code >= 0}
     * @param amsgrad      use the running maximum of {@code v} (AMSGrad)
     * @throws IllegalArgumentException for a value out of range
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, false);
    }

    Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(learningRate);
        checkRange("beta1", beta1, 0, 1);
        checkRange("beta2", beta2, 0, 1);
        checkRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        checkRange("weightDecay", weightDecay, 0, Double.POSITIVE_INFINITY);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beta1", beta1);
        c.put("beta2", beta2);
        c.put("epsilon", epsilon);
        c.put("weightDecay", weightDecay);
        c.put("amsgrad", amsgrad);
        return c;
    }

    @Override
    protected String[] slotNames() {
        return amsgrad ? new String[] {"m", "v", "vmax"} : new String[] {"m", "v"};
    }

    @Override
    protected void update(Tensor p, Tensor grad, Tensor[] slots, int step, double lr) {
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (!amsgrad && fusedStepStaysFinite(lr) && p.canAdamStep(grad, slots[0], slots[1])) {
            // One pass over memory instead of a dozen ops; the same formula as below.
            p.adamStep(grad, slots[0], slots[1], new AdamStep(beta1, beta2, lr * bias2Sqrt / bias1, epsilon * bias2Sqrt,
                    decoupled ? 0 : weightDecay, decoupled ? 1 - lr * weightDecay : 1));
            return;
        }
        try (Temps t = new Temps()) {
            Tensor g = grad;
            Tensor start = p;
            if (weightDecay != 0) {
                if (decoupled) start = t.add(p.mul(1 - lr * weightDecay));
                else g = t.add(grad.add(t.add(p.mul(weightDecay))));
            }
            replace(slots, 0, t.add(slots[0].mul(beta1)).add(t.add(g.mul(1 - beta1))));
            replace(slots, 1, t.add(slots[1].mul(beta2)).add(t.add(t.add(g.mul(g)).mul(1 - beta2))));
            Tensor v = slots[1];
            if (amsgrad) {
                replace(slots, 2, slots[2].maximum(slots[1]));
                v = slots[2];
            }
            // lr/b1 * m / (sqrt(v)/b2 + eps) == (lr * b2 / b1) * m / (sqrt(v) + eps * b2): one op fewer.
            Tensor denominator = t.add(t.add(v.sqrt()).add(epsilon * bias2Sqrt));
            Tensor direction = t.add(t.add(slots[0].div(denominator)).mul(lr * bias2Sqrt / bias1));
            write(p, start.sub(direction));
        }
    }

    /**
     * Whether the fused kernel, which writes the parameter in place and so cannot be checked before
     * it writes ({@link Optimizer#write}), is sure to leave finite weights (below 1e38) finite. With
     * m and v the running averages of the same gradients, Cauchy-Schwarz bounds
     * {@code |m| / sqrt(v) <= (1 - b1) / sqrt((1 - b2)(1 - b1^2 / b2))} when {@code b1^2 < b2}, and
     * the bias corrections at most divide by {@code 1 - b1}: every element moves by at most
     * {@code lr / sqrt((1 - b2)(1 - b1^2 / b2))}. Past 1e30 (a learning rate near 1e28 at the
     * defaults) the checked path runs instead, as it does when decoupled decay could grow the weights.
     */
    private boolean fusedStepStaysFinite(double lr) {
        if (beta1 * beta1 >= beta2 || (decoupled && lr * weightDecay > 1)) return false;
        return lr / Math.sqrt((1 - beta2) * (1 - beta1 * beta1 / beta2)) < 1e30;
    }
}
