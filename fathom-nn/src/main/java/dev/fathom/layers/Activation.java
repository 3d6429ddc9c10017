package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Applies an activation function on its own, e.g. after a layer built without one.
 *
 * <pre>{@code
 * new Activation("softmax")
 * }</pre>
 */
public final class Activation extends Layer {
    private final String function;

    /** The named activation; see {@link Activations#NAMES}. */
    public Activation(String function) {
        this.function = Activations.check(function);
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        return in;
    }

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Activations.apply(function, x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", function);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Activation fromConfig(Map<String, Object> config) {
        return new Activation(new ConfigMap("Activation", config).string("activation"));
    }
}
