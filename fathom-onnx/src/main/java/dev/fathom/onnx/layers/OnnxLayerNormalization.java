package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * ONNX's {@code LayerNormalization}: each sample normalized to mean 0 and variance 1 over the axes
 * from {@code axis} to the last, then scaled by {@code scale} and shifted by {@code bias} (both of
 * the normalized axes' shape, trainable).
 *
 * <p>Input and output {@code [batch, ...]}; {@code axis} counts the batch as 0 and is at least 1.
 *
 * <pre>{@code
 * new OnnxLayerNormalization(2, 1e-5, true)      // [b, tokens, 64]: per token over its 64 features
 * }</pre>
 */
public final class OnnxLayerNormalization extends Layer {
    private final int axis;
    private final double epsilon;
    private final boolean useBias;
    private Tensor scale;
    private Tensor bias;
    private int[] axes;

    public OnnxLayerNormalization(int axis, double epsilon, boolean useBias) {
        if (axis < 1) throw new IllegalArgumentException("OnnxLayerNormalization: axis must be >= 1 (axis 0 is the batch), got " + axis);
        if (!(epsilon > 0)) throw new IllegalArgumentException("OnnxLayerNormalization: epsilon must be > 0, got " + epsilon);
        this.axis = axis;
        this.epsilon = epsilon;
        this.useBias = useBias;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (axis > in.length) throw shapeError("axis " + axis + " is outside input " + batchShape(in));
        int[] normalized = Arrays.copyOfRange(in, axis - 1, in.length);
        scale = addWeight("scale", Tensor.ones(normalized), true, null);
        bias = useBias ? addWeight("bias", Tensor.zeros(normalized), true, null) : null;
        axes = new int[in.length - axis + 1];
        for (int i = 0; i < axes.length; i++) axes[i] = axis + i;
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor mean = x.mean(axes, true);
        Tensor centered = x.sub(mean);
        Tensor variance = centered.square().mean(axes, true);
        Tensor y = centered.div(variance.add(epsilon).sqrt()).mul(scale);
        return bias == null ? y : y.add(bias);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        c.put("epsilon", epsilon);
        c.put("useBias", useBias);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxLayerNormalization fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxLayerNormalization", config);
        return new OnnxLayerNormalization(c.integer("axis"), c.number("epsilon", 1e-5), c.bool("useBias", true));
    }
}
