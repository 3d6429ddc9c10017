package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Randomly zeroes a fraction {@code rate} of the values during training and scales the rest by
 * {@code 1 / (1 - rate)} ("inverted" dropout), so the expected value of each output equals its
 * input; at inference it passes the input through unchanged. Curbs overfitting.
 *
 * <p>Input and output {@code [batch, ...]}, any shape. No weights. Each training call draws a new
 * mask from the layer's own {@link Generator}: seeded by {@code seed} when given, else by one
 * number drawn from the generator passed to {@link #build}, so the same model seed gives the same
 * masks. The layer draws that number even when it has a seed, so giving it a seed does not change
 * the other layers' starting weights.
 *
 * <pre>{@code
 * new Dropout(0.5)
 * new Dropout(0.2, 42)          // its own seed
 * }</pre>
 */
public final class Dropout extends Layer {
    private final double rate;
    private final Long seed;
    private Generator masks;

    /** Drops {@code rate} of the values in training; rate in [0, 1). */
    public Dropout(double rate) {
        this(rate, null);
    }

    /** Drops {@code rate} of the values in training, with masks drawn from {@code seed}. */
    public Dropout(double rate, long seed) {
        this(rate, Long.valueOf(seed));
    }

    private Dropout(double rate, Long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate is the fraction of values dropped and must be in [0, 1), got "
                    + rate);
        }
        this.rate = rate;
        this.seed = seed;
    }

    /** The fraction of values dropped in training. */
    public double rate() {
        return rate;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Long drawn = g == null ? null : g.nextLong();
        if (seed == null && drawn == null) {
            throw new IllegalArgumentException("Dropout: build needs a generator (or give the layer a seed) to draw its masks");
        }
        masks = new Generator(seed != null ? seed : drawn);
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        requireBuilt();
        // Keep where u >= rate, so P(keep) = 1 - rate; the mask is 0/1, so x * mask is exact in any type.
        Tensor keep = Tensor.rand(masks, x.shape()).ge(Tensor.scalar(rate)).to(x.device());
        return x.mul(keep).div(1 - rate);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", rate);
        if (seed != null) c.put("seed", seed);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Dropout fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Dropout", config);
        Long seed = c.optionalLong("seed");
        double rate = c.number("rate");
        return seed == null ? new Dropout(rate) : new Dropout(rate, seed);
    }
}
