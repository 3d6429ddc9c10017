package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Maps every value to {@code x * scale + offset}: puts pixel bytes in [0, 1] or [-1, 1] inside the
 * model, so the model that is saved carries the preprocessing it was trained with.
 *
 * <p>Input and output {@code [batch, ...]}, any shape. No weights. Integer inputs (e.g. raw bytes
 * as int32) come out as float32.
 *
 * <pre>{@code
 * new Rescaling(1.0 / 255)          // [0, 255] -> [0, 1]
 * new Rescaling(1.0 / 127.5, -1)    // [0, 255] -> [-1, 1]
 * }</pre>
 */
public final class Rescaling extends Layer {
    private final double scale;
    private final double offset;

    /** Multiplies by {@code scale}. */
    public Rescaling(double scale) {
        this(scale, 0);
    }

    /** Multiplies by {@code scale}, then adds {@code offset}; both must be finite. */
    public Rescaling(double scale, double offset) {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Rescaling: scale and offset must be finite, got scale " + scale
                    + " and offset " + offset);
        }
        this.scale = scale;
        this.offset = offset;
    }

    /** Recreates a Rescaling from {@code {scale, offset}} (offset defaults to 0). */
    public static Rescaling fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Rescaling", config);
        return new Rescaling(c.number("scale"), c.number("offset", 0));
    }

    /** The factor each value is multiplied by. */
    public double scale() {
        return scale;
    }

    /** The value added after scaling. */
    public double offset() {
        return offset;
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape, Generator generator) {
        return inputShape;
    }

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = x.dtype().isFloating() ? x : x.asType(DType.FLOAT32);
        y = y.mul(scale);
        return offset == 0 ? y : y.add(offset);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }
}
