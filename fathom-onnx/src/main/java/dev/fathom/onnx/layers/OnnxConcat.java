package dev.fathom.onnx.layers;

import dev.fathom.layers.Merge;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX's {@code Concat} of computed tensors along one axis other than the batch's.
 *
 * <p>Inputs: tensors {@code [batch, ...]} of one rank, equal except along {@code axis} (counting the
 * batch as axis 0, so at least 1); output: joined along it. No weights.
 *
 * <pre>{@code
 * SymbolicTensor joined = SymbolicTensor.apply(new OnnxConcat(1), a, b);   // [b, 16, h, w] + [b, 32, h, w] -> [b, 48, h, w]
 * }</pre>
 */
public final class OnnxConcat extends Merge {
    private final int axis;

    /** Joins along {@code axis} (>= 1). */
    public OnnxConcat(int axis) {
        if (axis < 1) throw new IllegalArgumentException("OnnxConcat: axis must be >= 1 (axis 0 is the batch), got " + axis);
        this.axis = axis;
    }

    @Override
    protected int[] computeOutputShape(List<int[]> shapes) {
        int[] out = shapes.get(0).clone();
        if (axis > out.length) throw shapeError("axis " + axis + " is outside input " + batchShape(out));
        for (int i = 1; i < shapes.size(); i++) {
            int[] s = shapes.get(i);
            boolean fits = s.length == out.length;
            for (int d = 0; fits && d < s.length; d++) fits = d == axis - 1 || s[d] == out[d];
            if (!fits) throw shapeError("inputs " + describeShapes(shapes) + " differ on an axis other than " + axis);
            out[axis - 1] += s[axis - 1];
        }
        return out;
    }

    private static String describeShapes(List<int[]> shapes) {
        return String.join(", ", shapes.stream().map(Arrays::toString).toList());
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        checkInputs(inputs);
        return Tensor.concat(axis, inputs.toArray(new Tensor[0]));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxConcat fromConfig(Map<String, Object> config) {
        return new OnnxConcat(new ConfigMap("OnnxConcat", config).integer("axis"));
    }
}
