package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Merges every axis after the batch into one: {@code [batch, 28, 28]} becomes {@code [batch, 784]}.
 * Put it between image layers and Dense layers.
 *
 * <pre>{@code
 * new Sequential(new Flatten(), new Dense(10))
 * }</pre>
 */
public final class Flatten extends Layer {

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        return new int[] {product(in)};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.flatten(1);
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models); Flatten has no options. */
    public static Flatten fromConfig(Map<String, Object> config) {
        return new Flatten();
    }
}
