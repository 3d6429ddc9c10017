package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's {@code Gather} of fixed indices along an axis of each sample: picks entries (a time step,
 * a channel) and puts the indices' shape in place of that axis (a scalar index removes it).
 *
 * <p>Input {@code [batch, ...]}; {@code axis} counts the batch as 0 and is at least 1; indices are
 * non-negative and inside the axis.
 *
 * <pre>{@code
 * new OnnxGather(1, new int[] {9}, new int[0])     // [b, 10, 64] -> [b, 64]: the last step
 * }</pre>
 */
public final class OnnxGather extends Layer {
    private final int axis;
    private final int[] indices;
    private final int[] indicesShape;
    private Tensor index;

    /** The entries {@code indices} (of shape {@code indicesShape}) along {@code axis}. */
    public OnnxGather(int axis, int[] indices, int[] indicesShape) {
        if (axis < 1) throw new IllegalArgumentException("OnnxGather: axis must be >= 1 (axis 0 is the batch), got " + axis);
        if (java.util.Arrays.stream(indicesShape).reduce(1, (a, b) -> a * b) != indices.length) {
            throw new IllegalArgumentException("OnnxGather: " + indices.length + " indices do not fill shape "
                    + java.util.Arrays.toString(indicesShape));
        }
        this.axis = axis;
        this.indices = indices.clone();
        this.indicesShape = indicesShape.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (axis > in.length) throw shapeError("axis " + axis + " is outside input " + batchShape(in));
        for (int i : indices) {
            if (i < 0 || i >= in[axis - 1]) throw shapeError("index " + i + " is outside axis " + axis + " of input " + batchShape(in));
        }
        index = Tensor.of(indices, indices.length);
        int[] out = new int[in.length - 1 + indicesShape.length];
        int k = 0;
        for (int d = 0; d < axis - 1; d++) out[k++] = in[d];
        for (int d : indicesShape) out[k++] = d;
        for (int d = axis; d < in.length; d++) out[k++] = in[d];
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor y = indices.length == 1 && indicesShape.length == 0 ? x.select(axis, indices[0]) : x.indexSelect(axis, index);
        return y.reshape(Configs.withBatch(x.shape(0), outputShape()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        c.put("indices", Configs.list(indices));
        c.put("indicesShape", Configs.list(indicesShape));
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxGather fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxGather", config);
        return new OnnxGather(c.integer("axis"), Configs.ints(c, "indices"), Configs.ints(c, "indicesShape"));
    }
}
