package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * The mean of each channel over the whole sequence: one number per channel, whatever the length.
 * After {@link Embedding} it averages the word vectors of a text (a bag of embeddings, fastText's
 * classifier); after {@link Conv1D} it says how strongly each filter's pattern occurs overall.
 *
 * <p>Input {@code [batch, time, channels]}; output {@code [batch, channels]}, or
 * {@code [batch, 1, channels]} with {@code keepDims(true)}. Every step gets {@code 1/time} of
 * the gradient. No weights.
 *
 * <pre>{@code
 * new GlobalAveragePooling1D()                           // [batch, 40, 16] -> [batch, 16]
 * }</pre>
 */
public final class GlobalAveragePooling1D extends Layer {
    private boolean keepDims;

    /** Whether to keep the pooled time axis with size 1 (default false). */
    public GlobalAveragePooling1D keepDims(boolean keepDims) {
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
        return x.mean(1, keepDims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepDims", keepDims);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("GlobalAveragePooling1D", config);
        c.requireOnly(Set.of("keepDims"));
        return new GlobalAveragePooling1D().keepDims(c.bool("keepDims", false));
    }
}
