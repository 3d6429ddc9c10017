package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

/**
 * How a weight's starting values are drawn. Fan-in and fan-out are the number of inputs and
 * outputs each unit sees ({@code [in, out]} for Dense; channels × kernel area for convolutions).
 *
 * <pre>{@code
 * new Dense(128).kernelInitializer(Initializer.heNormal())
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {

    /** A new float32 tensor of {@code shape}. */
    Tensor create(int[] shape, int fanIn, int fanOut, Generator generator);

    /** Uniform in ±sqrt(6 / (fanIn + fanOut)): Keras' default for Dense and Conv2D kernels. */
    static Initializer glorotUniform() {
        return (shape, in, out, g) -> uniform(shape, Math.sqrt(6.0 / (in + out)), g);
    }

    /** Normal with std sqrt(2 / (fanIn + fanOut)), truncated at two standard deviations. */
    static Initializer glorotNormal() {
        return (shape, in, out, g) -> truncatedNormal(shape, Math.sqrt(2.0 / (in + out)), g);
    }

    /** Normal with std sqrt(2 / fanIn), truncated at two standard deviations: suits ReLU layers. */
    static Initializer heNormal() {
        return (shape, in, out, g) -> truncatedNormal(shape, Math.sqrt(2.0 / in), g);
    }

    /** Uniform in ±sqrt(6 / fanIn). */
    static Initializer heUniform() {
        return (shape, in, out, g) -> uniform(shape, Math.sqrt(6.0 / in), g);
    }

    /** All zeros: the default for biases. */
    static Initializer zeros() {
        return constant(0);
    }

    /** All {@code value}. */
    static Initializer constant(double value) {
        return (shape, in, out, g) -> Tensor.full(value, shape);
    }

    private static Tensor uniform(int[] shape, double limit, Generator g) {
        float[] v = new float[Layer.product(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((g.nextDouble() * 2 - 1) * limit);
        return Tensor.of(v, shape);
    }

    private static Tensor truncatedNormal(int[] shape, double std, Generator g) {
        float[] v = new float[Layer.product(shape)];
        // Keras scales so the truncated distribution keeps the intended variance.
        double scale = std / 0.87962566103423978;
        for (int i = 0; i < v.length; i++) {
            double x;
            do {
                x = g.nextNormal();
            } while (Math.abs(x) > 2);
            v[i] = (float) (x * scale);
        }
        return Tensor.of(v, shape);
    }
}
