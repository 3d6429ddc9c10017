package dev.fathom.onnx.layers;

import dev.fathom.layers.Merge;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An ONNX binary operator between two computed tensors ({@code Add, Sub, Mul, Div, Pow, Max, Min,
 * MatMul}) with NumPy broadcasting: a residual sum, a squeeze-and-excitation scale
 * {@code [b, c, h, w] · [b, c, 1, 1]}, attention's products. Samples of fewer axes are viewed with
 * ones added after the batch axis, so the shapes align on the right as ONNX aligns them.
 *
 * <p>Inputs: two tensors {@code [batch, ...]}; output: their broadcast shape. No weights.
 *
 * <pre>{@code
 * SymbolicTensor scaled = SymbolicTensor.apply(new OnnxBinary("mul"), features, gate);
 * }</pre>
 */
public final class OnnxBinary extends Merge {
    private final String op;
    private int rank;

    /** One of add, sub, mul, div, pow, max, min, matmul. */
    public OnnxBinary(String op) {
        this.op = BinaryOps.check("OnnxBinary", op);
    }

    @Override
    public String defaultName() {
        return op;
    }

    @Override
    protected int[] computeOutputShape(List<int[]> shapes) {
        if (shapes.size() != 2) throw shapeError("takes 2 inputs, got " + shapes.size());
        rank = Math.max(shapes.get(0).length, shapes.get(1).length);
        int[] a = Configs.withBatch(1, Configs.leftPad(shapes.get(0), rank));
        int[] b = Configs.withBatch(1, Configs.leftPad(shapes.get(1), rank));
        int[] out = BinaryOps.shape(op, a, b);
        if (out == null || out.length != rank + 1) {
            throw shapeError(op + " of inputs " + batchShape(shapes.get(0)) + " and " + batchShape(shapes.get(1)) + " does not fit");
        }
        return Arrays.copyOfRange(out, 1, out.length);
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        checkInputs(inputs);
        List<Tensor> views = new ArrayList<>(2);
        for (Tensor x : inputs) {
            int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
            views.add(sample.length == rank ? x : x.reshape(Configs.withBatch(x.shape(0), Configs.leftPad(sample, rank))));
        }
        return BinaryOps.apply(op, views.get(0), views.get(1));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("op", op);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxBinary fromConfig(Map<String, Object> config) {
        return new OnnxBinary(new ConfigMap("OnnxBinary", config).string("op"));
    }
}
