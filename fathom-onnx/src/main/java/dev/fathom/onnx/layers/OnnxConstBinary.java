package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX binary operator ({@code Add, Sub, Mul, Div, Pow, Max, Min, MatMul}) between the
 * batch and a constant operand that the layer holds as a weight {@code value}: a bias added, a
 * scale, a projection matrix. Trainable when it came from an initializer, so fine-tuning learns it.
 *
 * <p>The input {@code [batch, ...]} is first viewed as {@code [batch, 1, ..., 1, ...]} with
 * {@code inputShape} (its ONNX shape left-padded with ones, as broadcasting aligns shapes on the
 * right), then combined with {@code value} by NumPy broadcasting, the constant on the left or the
 * right as in the ONNX node.
 *
 * <pre>{@code
 * new OnnxConstBinary("add", new int[] {64, 1, 1}, false, true, new int[] {64, 8, 8})   // x + bias per channel
 * }</pre>
 */
public final class OnnxConstBinary extends Layer {
    private final String op;
    private final int[] valueShape;
    private final boolean constantFirst;
    private final boolean trainable;
    private final int[] inputShape;
    private Tensor value;

    /**
     * @param op            one of add, sub, mul, div, pow, max, min, matmul
     * @param valueShape    the constant's shape
     * @param constantFirst whether the constant is the left operand
     * @param trainable     whether fine-tuning updates the constant
     * @param inputShape    the per-sample shape the input is viewed as (same number of elements)
     */
    public OnnxConstBinary(String op, int[] valueShape, boolean constantFirst, boolean trainable, int[] inputShape) {
        this.op = BinaryOps.check("OnnxConstBinary", op);
        this.valueShape = valueShape.clone();
        this.constantFirst = constantFirst;
        this.trainable = trainable;
        this.inputShape = inputShape.clone();
    }

    @Override
    public String defaultName() {
        return op;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (Arrays.stream(in).reduce(1, (a, b) -> a * b) != Arrays.stream(inputShape).reduce(1, (a, b) -> a * b)) {
            throw shapeError("input " + batchShape(in) + " cannot be viewed as " + batchShape(inputShape));
        }
        int[] x = Configs.withBatch(1, inputShape);
        int[] v = valueShape;
        int[] out = constantFirst ? BinaryOps.shape(op, v, x) : BinaryOps.shape(op, x, v);
        if (out == null || out.length == 0) {
            throw shapeError(op + " of input " + batchShape(inputShape) + " and a constant " + Arrays.toString(valueShape) + " does not fit");
        }
        value = addWeight("value", Tensor.zeros(valueShape), trainable, null);
        return Arrays.copyOfRange(out, 1, out.length);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor v = x.rank() - 1 == inputShape.length && Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), inputShape)
                ? x : x.reshape(Configs.withBatch(x.shape(0), inputShape));
        return constantFirst ? BinaryOps.apply(op, value, v) : BinaryOps.apply(op, v, value);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("op", op);
        c.put("valueShape", Configs.list(valueShape));
        c.put("constantFirst", constantFirst);
        c.put("trainable", trainable);
        c.put("inputShape", Configs.list(inputShape));
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxConstBinary fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxConstBinary", config);
        return new OnnxConstBinary(c.string("op"), Configs.ints(c, "valueShape"), c.bool("constantFirst", false),
                c.bool("trainable", true), Configs.ints(c, "inputShape"));
    }
}
