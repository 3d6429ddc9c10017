package dev.fathom.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} steps:
 * {@code base * gamma^floor(step / stepSize)} (PyTorch's {@code StepLR}, counted in batches).
 *
 * <pre>{@code
 * new SGD(0.1, 0.9).schedule(new StepDecay(10 * stepsPerEpoch, 0.1));   // divide by 10 every 10 epochs
 * }</pre>
 *
 * @param stepSize how many steps each rate lasts, {@code >= 1}
 * @param gamma    the factor applied at each boundary, {@code >= 0}
 */
public record StepDecay(int stepSize, double gamma) implements LearningRateSchedule {

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException for {@code stepSize < 1} or a negative gamma
     */
    public StepDecay {
        if (stepSize < 1) throw new IllegalArgumentException("StepDecay: stepSize must be >= 1, got " + stepSize);
        if (!(gamma >= 0)) throw new IllegalArgumentException("StepDecay: gamma must be >= 0, got " + gamma);
    }

    @Override
    public double rate(int step, double baseRate) {
        return baseRate * Math.pow(gamma, step / stepSize);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("stepSize", stepSize);
        c.put("gamma", gamma);
        return c;
    }
}
