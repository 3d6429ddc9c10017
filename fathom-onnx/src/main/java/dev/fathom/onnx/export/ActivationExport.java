package dev.fathom.onnx.export;

import java.util.List;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * Fathom's activations ({@code dev.fathom.layers.Activations}) as ONNX operators: Relu, LeakyRelu
 * (slope 0.2, Keras' default), Elu, Sigmoid, Tanh and Softmax directly; GELU, whose operator
 * arrives only in opset 20, as its tanh approximation written out (what Fathom computes).
 */
final class ActivationExport {
    private ActivationExport() {}

    /** {@code x} through the named activation; softmax is over {@code softmaxAxis}. */
    static String apply(OnnxGraph g, String activation, String x, int softmaxAxis) {
        return switch (activation) {
            case "linear" -> x;
            case "relu" -> g.op("Relu", x);
            case "leaky_relu" -> g.op("LeakyRelu", List.of(x), attrs("alpha", 0.2f));
            case "elu" -> g.op("Elu", List.of(x), attrs("alpha", 1.0f));
            case "gelu" -> gelu(g, x);
            case "sigmoid" -> g.op("Sigmoid", x);
            case "tanh" -> g.op("Tanh", x);
            case "softmax" -> g.op("Softmax", List.of(x), attrs("axis", softmaxAxis));
            default -> throw new IllegalArgumentException("the activation '" + activation + "' has no ONNX form");
        };
    }

    /** {@code 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³)))}, in Fathom's order of operations. */
    private static String gelu(OnnxGraph g, String x) {
        String cube = g.op("Pow", x, g.scalar(3));
        String inner = g.op("Mul", g.op("Add", x, g.op("Mul", cube, g.scalar(0.044715))), g.scalar(Math.sqrt(2 / Math.PI)));
        String t = g.op("Add", g.op("Tanh", inner), g.scalar(1));
        return g.op("Mul", g.op("Mul", x, t), g.scalar(0.5));
    }
}
