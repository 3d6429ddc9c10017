package dev.fathom.onnx.export;

import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of a built layer's {@link Layer#config()} and weights, for the exporters: the
 * layers keep their settings private and describe them through their config, as they do for
 * saving.
 */
final class LayerConfig {
    private final Layer layer;
    private final Map<String, Object> config;

    LayerConfig(Layer layer) {
        this.layer = layer;
        this.config = layer.config();
    }

    int integer(String key, int fallback) {
        return config.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    double number(String key, double fallback) {
        return config.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        return config.get(key) instanceof Boolean b ? b : fallback;
    }

    String string(String key, String fallback) {
        return config.get(key) instanceof String s ? s : fallback;
    }

    /** A list of integers, or a single integer repeated {@code n} times, or {@code fallback}. */
    int[] integers(String key, int n, int[] fallback) {
        Object v = config.get(key);
        if (v instanceof Number x) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, x.intValue());
            return out;
        }
        if (v instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).intValue();
            return out;
        }
        return fallback;
    }

    /** The weight named {@code name}, or null when the layer has none (a bias turned off). */
    Tensor weight(String name) {
        for (Weight w : layer.weights()) if (w.name().equals(name)) return w.value();
        return null;
    }
}
