package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * The mean of each channel over the whole image: one number per channel. A light replacement for
 * {@code Flatten} before the classifier of a convolutional network.
 *
 * <p>Input {@code [batch, channels, height, width]}; output {@code [batch, channels]}, or
 * {@code [batch, channels, 1, 1]} with {@code keepDims(true)}. No weights.
 *
 * <pre>{@code
 * new GlobalAveragePooling2D()                      // [batch, 64, 7, 7] -> [batch, 64]
 * }</pre>
 */
public final class GlobalAveragePooling2D extends Layer {
    private boolean keepDims;

    /** Whether to keep the pooled height and width as axes of size 1 (default false). */
    public GlobalAveragePooling2D keepDims(boolean keepDims) {
        this.keepDims = keepDims;
        return this;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Padding.requireImage(this, in);
        return keepDims ? new int[] {in[0], 1, 1} : new int[] {in[0]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.mean(new int[] {2, 3}, keepDims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepDims", keepDims);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) {
        return new GlobalAveragePooling2D().keepDims(new ConfigMap("GlobalAveragePooling2D", config).bool("keepDims", false));
    }
}
