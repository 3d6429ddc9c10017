package dev.fathom.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decays the rate smoothly by {@code gamma} every {@code decaySteps} steps:
 * {@code base * gamma^(step / decaySteps)}. With {@code decaySteps = 1} this is PyTorch's
 * {@code ExponentialLR} counted in batches; a larger {@code decaySteps} is Keras'
 * {@code ExponentialDecay} (not staircase).
 *
 * <pre>{@code
 * new Adam(1e-3).schedule(new ExponentialDecay(0.5, 5 * stepsPerEpoch));   // halve every 5 epochs, smoothly
 * }</pre>
 *
 * @param gamma      the factor per {@code decaySteps} steps, {@code >= 0}
 * @param decaySteps the number of steps over which the rate falls by {@code gamma}, {@code >= 1}
 */
public record ExponentialDecay(double gamma, int decaySteps) implements LearningRateSchedule {

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException for a negative gamma or {@code decaySteps < 1}
     */
    public ExponentialDecay {
        if (!(gamma >= 0)) throw new IllegalArgumentException("ExponentialDecay: gamma must be >= 0, got " + gamma);
        if (decaySteps < 1) throw new IllegalArgumentException("ExponentialDecay: decaySteps must be >= 1, got " + decaySteps);
    }

    /** Decays by {@code gamma} every step: {@code base * gamma^step}. */
    public ExponentialDecay(double gamma) {
        this(gamma, 1);
    }

    @Override
    public double rate(int step, double baseRate) {
        return baseRate * Math.pow(gamma, (double) step / decaySteps);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gamma", gamma);
        c.put("decaySteps", decaySteps);
        return c;
    }
}
