package dev.fathom.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lowers the rate from the base to {@code minRate} along half a cosine over {@code totalSteps}
 * steps, then holds {@code minRate}:
 * {@code minRate + (base - minRate) * (1 + cos(pi * min(step, totalSteps) / totalSteps)) / 2}.
 * Up to {@code totalSteps} this is PyTorch's {@code CosineAnnealingLR} ({@code T_max = totalSteps},
 * {@code eta_min = minRate}); after it, PyTorch's rate climbs back up, this one stays at
 * {@code minRate} (as Keras' {@code CosineDecay}).
 *
 * <pre>{@code
 * new Adam(1e-3).schedule(new CosineDecay(epochs * stepsPerEpoch, 1e-5));
 * }</pre>
 *
 * @param totalSteps the length of the decay in steps, {@code >= 1}
 * @param minRate    the final rate (absolute, not a fraction of the base), {@code >= 0}
 */
public record CosineDecay(int totalSteps, double minRate) implements LearningRateSchedule {

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException for {@code totalSteps < 1} or a negative minimum
     */
    public CosineDecay {
        if (totalSteps < 1) throw new IllegalArgumentException("CosineDecay: totalSteps must be >= 1, got " + totalSteps);
        if (!(minRate >= 0)) throw new IllegalArgumentException("CosineDecay: minRate must be >= 0, got " + minRate);
    }

    /** Decays to 0 over {@code totalSteps} steps. */
    public CosineDecay(int totalSteps) {
        this(totalSteps, 0);
    }

    @Override
    public double rate(int step, double baseRate) {
        double t = Math.min(step, totalSteps);
        return minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("totalSteps", totalSteps);
        c.put("minRate", minRate);
        return c;
    }
}
