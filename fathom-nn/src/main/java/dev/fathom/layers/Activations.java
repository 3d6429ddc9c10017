package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * Activation functions by their Keras names, composed from tensor ops (so they are
 * differentiable): {@code linear, relu, leaky_relu, elu, gelu, sigmoid, tanh, softmax}.
 *
 * <pre>{@code
 * Tensor h = Activations.apply("relu", x);
 * }</pre>
 */
public final class Activations {
    /** The names {@link #apply} accepts. */
    public static final List<String> NAMES = List.of("linear", "relu", "leaky_relu", "elu", "gelu", "sigmoid", "tanh", "softmax");

    private Activations() {}

    /** Applies the named activation; softmax is over the last axis. */
    public static Tensor apply(String name, Tensor x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> x.relu();
            case "leaky_relu" -> leakyRelu(x, 0.2); // Keras' default slope
            case "elu" -> elu(x, 1.0);
            case "gelu" -> gelu(x);
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            case "softmax" -> x.softmax(-1);
            default -> throw new IllegalArgumentException(unknown(name));
        };
    }

    /** Checks a name early, when a layer is configured. */
    public static String check(String name) {
        if (!NAMES.contains(name)) throw new IllegalArgumentException(unknown(name));
        return name;
    }

    private static String unknown(String name) {
        return "unknown activation '" + name + "'; choose one of " + NAMES;
    }

    /** {@code x} where positive, else {@code slope * x}. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    /** {@code x} where positive, else {@code alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        // exp of the clamped value: where() evaluates both branches, and exp(large x) would overflow.
        return Tensor.where(x.gt(0), x, x.minimum(0).exp().sub(1).mul(alpha));
    }

    /** Gaussian error linear unit, tanh approximation: {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
    public static Tensor gelu(Tensor x) {
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }
}
