package dev.fathom.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raises the rate linearly over the first {@code warmupSteps} steps, then hands over to another
 * schedule: step {@code k < warmupSteps} uses {@code base * (k + 1) / warmupSteps} (so the first
 * step is not wasted at rate 0 and step {@code warmupSteps - 1} reaches the base), and later steps
 * use {@code then.rate(k - warmupSteps, base)}, the base itself when {@code then} is null. The same
 * rates as PyTorch's {@code SequentialLR} of {@code LinearLR(start_factor=1/warmupSteps,
 * total_iters=warmupSteps-1)} and the next scheduler at milestone {@code warmupSteps}.
 *
 * <pre>{@code
 * new Adam(1e-3).schedule(new WarmUp(500, new CosineDecay(10_000, 1e-5)));
 * }</pre>
 *
 * @param warmupSteps how many steps the rise takes, {@code >= 1}
 * @param then        the schedule after the warm-up, counted from 0 when it starts; null for a constant rate
 */
public record WarmUp(int warmupSteps, LearningRateSchedule then) implements LearningRateSchedule {

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException for {@code warmupSteps < 1}
     */
    public WarmUp {
        if (warmupSteps < 1) throw new IllegalArgumentException("WarmUp: warmupSteps must be >= 1, got " + warmupSteps);
    }

    /** Warm-up to the base rate, then constant. */
    public WarmUp(int warmupSteps) {
        this(warmupSteps, null);
    }

    @Override
    public double rate(int step, double baseRate) {
        if (step < warmupSteps) return baseRate * (step + 1) / warmupSteps;
        return then == null ? baseRate : then.rate(step - warmupSteps, baseRate);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("warmupSteps", warmupSteps);
        if (then != null) c.put("then", LearningRateSchedule.toConfig(then));
        return c;
    }
}
