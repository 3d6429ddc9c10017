package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's {@code Softmax} and {@code LogSoftmax} over one axis (opset 13 on), or, as opsets before
 * 13 define them, over every axis from {@code axis} on taken as one ({@code flatten}).
 *
 * <p>Input and output of one shape; {@code axis} counts the batch as axis 0 and is at least 1.
 *
 * <pre>{@code
 * new OnnxSoftmax(1, false, false)      // [b, 10] class probabilities
 * }</pre>
 */
public final class OnnxSoftmax extends Layer {
    private final int axis;
    private final boolean log;
    private final boolean flatten;

    /** Softmax (or log-softmax) over {@code axis} (over every axis from it on with {@code flatten}). */
    public OnnxSoftmax(int axis, boolean log, boolean flatten) {
        if (axis < 1) throw new IllegalArgumentException("OnnxSoftmax: axis must be >= 1 (axis 0 is the batch), got " + axis);
        this.axis = axis;
        this.log = log;
        this.flatten = flatten;
    }

    @Override
    public String defaultName() {
        return log ? "log_softmax" : "softmax";
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (axis > in.length) throw shapeError("axis " + axis + " is outside input " + batchShape(in));
        return in;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        if (flatten && axis < x.rank() - 1) {
            int[] shape = x.shape();
            int[] flat = new int[axis + 1];
            System.arraycopy(shape, 0, flat, 0, axis);
            flat[axis] = -1;
            Tensor f = x.reshape(flat);
            return (log ? f.logSoftmax(axis) : f.softmax(axis)).reshape(shape);
        }
        return log ? x.logSoftmax(axis) : x.softmax(axis);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        c.put("log", log);
        c.put("flatten", flatten);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxSoftmax fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxSoftmax", config);
        return new OnnxSoftmax(c.integer("axis"), c.bool("log", false), c.bool("flatten", false));
    }
}
