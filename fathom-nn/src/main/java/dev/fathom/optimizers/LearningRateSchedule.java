package dev.fathom.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the learning rate changes over training: a function of the optimizer step (counted per
 * batch, from 0) and the optimizer's base rate. Set with {@link Optimizer#schedule}; the optimizer
 * evaluates it once per {@code step} call, so step {@code k} uses {@code rate(k, baseRate)} (as a
 * PyTorch scheduler stepped after every batch).
 *
 * <pre>{@code
 * int stepsPerEpoch = 938;
 * Optimizer opt = new SGD(0.1, 0.9).schedule(new WarmUp(stepsPerEpoch, new CosineDecay(20 * stepsPerEpoch, 0)));
 * }</pre>
 *
 * <p>A lambda works too ({@code (step, base) -> base / (1 + 1e-3 * step)}), but only the classes
 * here ({@link StepDecay}, {@link ExponentialDecay}, {@link CosineDecay}, {@link WarmUp}) can be
 * saved and restored through {@link #toConfig}/{@link #fromConfig}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for optimizer step {@code step}.
     *
     * @param step     how many steps came before this one ({@code 0} for the first)
     * @param baseRate the optimizer's base learning rate
     */
    double rate(int step, double baseRate);

    /** The schedule's class name, e.g. {@code "CosineDecay"}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The parameters that recreate this schedule (without its name). */
    default Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    /** {@code schedule}'s name (under {@code "name"}) and {@link #config()}, as saved. */
    static Map<String, Object> toConfig(LearningRateSchedule schedule) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", schedule.name());
        c.putAll(schedule.config());
        return c;
    }

    /**
     * The schedule a map from {@link #toConfig} describes.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static LearningRateSchedule fromConfig(Map<?, ?> config) {
        Object name = config.get("name");
        Optimizer.Config c = new Optimizer.Config(String.valueOf(name), config);
        return switch (String.valueOf(name)) {
            case "StepDecay" -> new StepDecay(c.i("stepSize", 1), c.d("gamma", 0.1));
            case "ExponentialDecay" -> new ExponentialDecay(c.d("gamma", 0.1), c.i("decaySteps", 1));
            case "CosineDecay" -> new CosineDecay(c.i("totalSteps", 1), c.d("minRate", 0));
            case "WarmUp" -> new WarmUp(c.i("warmupSteps", 1),
                    c.map().nested("then", "a schedule object such as {\"name\": \"CosineDecay\"}", m -> fromConfig(m), null));
            default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                    + "'; saved schedules are StepDecay, ExponentialDecay, CosineDecay or WarmUp");
        };
    }
}
