package dev.fathom.onnx.export;

import dev.fathom.layers.Layer;
import dev.fathom.onnx.layers.OnnxConstBinary;
import dev.fathom.onnx.layers.OnnxConv;
import dev.fathom.onnx.layers.OnnxPool;
import dev.fathom.onnx.layers.OnnxSoftmax;
import dev.fathom.onnx.layers.OnnxUnary;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * The layers {@code Onnx.load} makes for ONNX semantics Fathom's own layers lack, written back as
 * the operators they came from, so that an imported network (fine-tuned, say) exports again:
 * {@link OnnxConv} (groups), {@link OnnxPool} (pads; max pooling's ceil-mode rows as pads),
 * {@link OnnxUnary}, {@link OnnxConstBinary} and {@link OnnxSoftmax}. The other imported layers (reshaping, slicing,
 * gathering, reductions between computed tensors) are refused by name.
 */
final class ImportedLayerExport {
    /** The imported layer types written back. */
    static final List<String> SUPPORTED = List.of("OnnxConv", "OnnxPool", "OnnxUnary", "OnnxConstBinary", "OnnxSoftmax");

    private ImportedLayerExport() {}

    /** Whether {@code layer} is an imported layer this class writes (an average pool with ceil-mode rows is not). */
    static boolean supports(Layer layer) {
        if (layer instanceof OnnxPool p) {
            LayerConfig c = new LayerConfig(p);
            int[] extra = c.integers("extra", 2, new int[2]);
            return c.string("mode", "max").equals("max") || extra[0] + extra[1] == 0;
        }
        return layer instanceof OnnxConv || layer instanceof OnnxUnary || layer instanceof OnnxConstBinary
                || layer instanceof OnnxSoftmax;
    }

    static Value apply(OnnxGraph g, Layer layer, Value x) {
        return switch (layer) {
            case OnnxConv c -> conv(g, c, x);
            case OnnxPool p -> pool(g, p, x);
            case OnnxUnary u -> Value.floats(unary(g, new LayerConfig(u), x.name()), u.outputShape());
            case OnnxConstBinary b -> constBinary(g, b, x);
            case OnnxSoftmax s -> softmax(g, s, x);
            default -> throw new IllegalStateException("no exporter for " + layer.typeName());
        };
    }

    private static Value conv(OnnxGraph g, OnnxConv layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int[] k = c.integers("kernelSize", 2, null);
        int[] pads = c.integers("pads", 4, new int[4]);
        List<String> args = new ArrayList<>(List.of(x.name(), g.weight(c.weight("kernel"), "kernel")));
        Tensor bias = c.weight("bias");
        if (bias != null) args.add(g.weight(bias, "bias"));
        String y = g.op("Conv", args, attrs("kernel_shape", k, "strides", c.integers("strides", 2, new int[] {1, 1}),
                "dilations", c.integers("dilations", 2, new int[] {1, 1}), "pads", new int[] {pads[0], pads[2], pads[1], pads[3]},
                "group", c.integer("groups", 1)));
        return Value.floats(y, layer.outputShape());
    }

    private static Value pool(OnnxGraph g, OnnxPool layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        boolean max = c.string("mode", "max").equals("max");
        int[] pads = c.integers("pads", 4, new int[4]);
        int[] extra = c.integers("extra", 2, new int[2]);
        // Max pooling ignores padding, so the rows that complete the last windows are pads too.
        Map<String, Object> a = attrs("kernel_shape", c.integers("kernelSize", 2, null), "strides", c.integers("strides", 2,
                new int[] {1, 1}), "pads", new int[] {pads[0], pads[2], pads[1] + extra[0], pads[3] + extra[1]});
        if (!max) a.put("count_include_pad", c.bool("countIncludePad", false) ? 1 : 0);
        return Value.floats(g.op(max ? "MaxPool" : "AveragePool", List.of(x.name()), a), layer.outputShape());
    }

    private static String unary(OnnxGraph g, LayerConfig c, String x) {
        String op = c.string("op", "");
        double alpha = c.number("alpha", Double.NaN);
        double beta = c.number("beta", Double.NaN);
        return switch (op) {
            case "relu" -> g.op("Relu", x);
            case "leaky_relu" -> g.op("LeakyRelu", List.of(x), attrs("alpha", (float) alpha));
            case "sigmoid" -> g.op("Sigmoid", x);
            case "tanh" -> g.op("Tanh", x);
            case "gelu" -> g.op("Mul", g.op("Mul", x, g.op("Add", g.op("Erf", g.op("Mul", x, g.scalar(Math.sqrt(0.5)))), g.scalar(1))),
                    g.scalar(0.5));
            case "gelu_tanh" -> ActivationExport.apply(g, "gelu", x, -1);
            case "hard_swish" -> g.op("HardSwish", x);
            case "hard_sigmoid" -> g.op("HardSigmoid", List.of(x), attrs("alpha", (float) alpha, "beta", (float) beta));
            case "clip" -> g.op("Clip", List.of(x, Double.isNaN(alpha) ? "" : scalar0d(g, alpha), Double.isNaN(beta) ? "" : scalar0d(g, beta)),
                    attrs());
            case "elu" -> g.op("Elu", List.of(x), attrs("alpha", (float) alpha));
            case "softplus" -> g.op("Softplus", x);
            case "sqrt" -> g.op("Sqrt", x);
            case "exp" -> g.op("Exp", x);
            case "log" -> g.op("Log", x);
            case "neg" -> g.op("Neg", x);
            case "abs" -> g.op("Abs", x);
            case "reciprocal" -> g.op("Reciprocal", x);
            case "erf" -> g.op("Erf", x);
            default -> throw new IllegalArgumentException("the imported operation '" + op + "' has no ONNX form here");
        };
    }

    /** Softmax or LogSoftmax over {@code axis}; before opset 13's meaning, over every axis from it on (flattened, then back). */
    private static Value softmax(OnnxGraph g, OnnxSoftmax layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int axis = c.integer("axis", 1);
        String op = c.bool("log", false) ? "LogSoftmax" : "Softmax";
        if (!c.bool("flatten", false) || axis >= x.rank() - 1) {
            return Value.floats(g.op(op, List.of(x.name()), attrs("axis", axis)), layer.outputShape());
        }
        long[] flat = new long[axis + 1];
        flat[axis] = -1;   // zeros before it: those axes as they are
        String y = g.op(op, List.of(g.op("Reshape", x.name(), g.longs(flat))), attrs("axis", axis));
        long[] back = new long[x.rank()];
        int[] shape = x.shape();
        for (int i = 0; i < shape.length; i++) back[i + 1] = shape[i];
        return Value.floats(g.op("Reshape", y, g.longs(back)), layer.outputShape());
    }

    private static String scalar0d(OnnxGraph g, double v) {
        return g.floats("bound", new float[] {(float) v}, new long[0]);
    }

    private static Value constBinary(OnnxGraph g, OnnxConstBinary layer, Value x) {
        LayerConfig c = new LayerConfig(layer);
        int[] view = c.integers("inputShape", 0, null);
        String in = x.name();
        if (!Arrays.equals(view, x.shape())) {
            long[] target = new long[view.length + 1];
            for (int i = 0; i < view.length; i++) target[i + 1] = view[i];
            in = g.op("Reshape", in, g.longs(target));   // 0: the batch as it is
        }
        String value = g.weight(c.weight("value"), "value");
        boolean first = c.bool("constantFirst", false);
        String a = first ? value : in;
        String b = first ? in : value;
        String op = switch (c.string("op", "")) {
            case "add" -> "Add";
            case "sub" -> "Sub";
            case "mul" -> "Mul";
            case "div" -> "Div";
            case "pow" -> "Pow";
            case "max" -> "Max";
            case "min" -> "Min";
            case "matmul" -> "MatMul";
            default -> throw new IllegalArgumentException("the imported operation '" + c.string("op", "") + "' has no ONNX form here");
        };
        return Value.floats(g.op(op, a, b), layer.outputShape());
    }
}
