package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * Marks the padded steps of float sequences: a step whose features all equal {@code maskValue} is
 * padding (Keras' Masking). The layer makes a mask {@code [batch, time]} (0 for such a step, 1 for
 * the others) that the model hands to the layers after it, so recurrent layers skip those steps and
 * global pooling leaves them out; it also sets the features of masked steps to 0, as Keras does.
 *
 * <p>Input {@code [batch, time, features]}; output the same shape. No weights. A mask arriving from
 * an earlier layer is replaced by the one made here. Pick a value real data never takes at every
 * feature of a step (0 is fine for most scaled data; use e.g. -1 when all-zero steps are real).
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Masking(0.0),               // [batch, 30, 4], steps of four zeros are padding
 *         new LSTM(16),                   // -> [batch, 16], each sequence's last real step
 *         new Dense(1))
 *     .build(30, 4);
 * }</pre>
 */
public final class Masking extends Layer {
    private final double maskValue;

    /** Masks steps whose features are all 0. */
    public Masking() {
        this(0.0);
    }

    /**
     * Masks steps whose features all equal {@code maskValue}.
     *
     * @throws IllegalArgumentException when {@code maskValue} is NaN (no value equals NaN, so nothing would be masked)
     */
    public Masking(double maskValue) {
        if (Double.isNaN(maskValue)) {
            throw new IllegalArgumentException("Masking: maskValue is NaN, which no value equals, so no step would be"
                    + " masked; pad with a number (e.g. 0 or -1) and pass that");
        }
        this.maskValue = maskValue;
    }

    /** The value that marks a padded step when every feature of the step holds it. */
    public double maskValue() {
        return maskValue;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 2) {
            throw shapeError("got input " + batchShape(in) + " but needs [batch, time, features]: a step is masked when"
                    + " all its features equal " + maskValue + (in.length == 1 ? "; for one value per step reshape to [batch, "
                    + in[0] + ", 1], and for token ids use Embedding(...).maskZero(true) instead" : ""));
        }
        return in;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public boolean outputsMask(boolean inputMasked) {
        return true;
    }

    /** {@code [batch, time]}: 0 where every feature of the step equals the mask value, 1 elsewhere. */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return Masks.of(x.ne(Tensor.full(x.dtype(), maskValue)).max(2, false));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        // Zero the masked steps, as Keras does, so a layer that reads them anyway sees zeros, not the marker.
        Tensor keep = x.ne(Tensor.full(x.dtype(), maskValue)).max(2, true);
        return Tensor.where(keep, x, Tensor.zeros(x.dtype()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("maskValue", maskValue);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Masking fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Masking", config);
        c.requireOnly(Set.of("maskValue"));
        return new Masking(c.number("maskValue", 0.0));
    }
}
