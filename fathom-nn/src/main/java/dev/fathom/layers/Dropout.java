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
 * mask from the layer's own {@link Generator}. {@link #build} seeds it with {@code seed} when
 * given, else with one number drawn from the generator passed to it, so the same model seed gives
 * the same masks. The layer draws that number even when it has a seed, so giving it a seed does not
 * change the other layers' starting weights.
 *
 * <p>In {@code Model.fit} the masks restart every epoch from {@link #reseed}, with a seed the model
 * derives from (this layer's seed, or the model's when it has none; the epoch; the layer's
 * position): each epoch gets its own masks, and a run resumed at epoch {@code k} draws the same
 * ones as an uninterrupted run, without the generator's state being saved.
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

    /** The layer's own seed, or null when its masks follow the model's seed. */
    public Long seed() {
        return seed;
    }

    /**
     * Restarts the masks: the next training calls draw from a generator seeded with
     * {@code maskSeed}. Models call this at the start of each epoch (see the class comment).
     */
    public void reseed(long maskSeed) {
        masks = new Generator(maskSeed);
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

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        buildOnFirstCall(x);
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
