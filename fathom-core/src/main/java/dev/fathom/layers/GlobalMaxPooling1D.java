package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * The largest value of each channel over the whole sequence: one number per channel, whatever the
 * length. After {@link Conv1D} it says whether each filter's pattern occurs anywhere in the text,
 * which is the usual head of a convolutional text classifier.
 *
 * <p>Input {@code [batch, time, channels]}; output {@code [batch, channels]}, or
 * {@code [batch, 1, channels]} with {@code keepDims(true)}. The gradient goes to the step that won
 * (shared evenly among tied steps). No weights.
 *
 * <pre>{@code
 * new GlobalMaxPooling1D()                           // [batch, 38, 32] -> [batch, 32]
 * }</pre>
 */
public final class GlobalMaxPooling1D extends Layer {
    private boolean keepDims;

    /** Whether to keep the pooled time axis with size 1 (default false). */
    public GlobalMaxPooling1D keepDims(boolean keepDims) {
        this.keepDims = keepDims;
        return this;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Conv1D.requireSequence(this, in);
        return keepDims ? new int[] {1, in[1]} : new int[] {in[1]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        requireBuilt();
        return x.max(1, keepDims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepDims", keepDims);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("GlobalMaxPooling1D", config);
        c.requireOnly(Set.of("keepDims"));
        return new GlobalMaxPooling1D().keepDims(c.bool("keepDims", false));
    }
}
