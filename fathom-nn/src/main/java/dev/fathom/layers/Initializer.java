package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a weight's starting values are drawn. Fan-in and fan-out are the number of inputs and
 * outputs each unit sees ({@code [in, out]} for Dense; channels × kernel area for convolutions).
 *
 * <p>Each built-in initializer describes itself with Keras' name and its parameters, so a layer's
 * config (and a saved model) records it and {@link #fromConfig} recreates it:
 * {@code {"name": "glorot_uniform"}}, {@code {"name": "constant", "value": 0.5}}. An initializer of
 * your own (a lambda, or a class that keeps the default {@link #config()}) is described as
 * {@code {"name": "custom"}}. That does not stop a model from being saved: an initializer only
 * matters when a layer is built afresh, and a loaded model's weights come from the file. So
 * {@code "custom"} loads as an initializer that fills zeros, which the file's weights overwrite.
 *
 * <pre>{@code
 * new Dense(128).kernelInitializer(Initializer.heNormal())
 * new Dense(10).kernelInitializer((shape, fanIn, fanOut, g) -> Tensor.rand(g, shape))   // saved as "custom"
 * Initializer.constant(0.5).config();                       // {name=constant, value=0.5}
 * Initializer back = Initializer.fromConfig(Map.of("name", "he_normal"));
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {
    /** The name of every initializer that is not one of the built-in ones. */
    String CUSTOM = "custom";

    /** A new float32 tensor of {@code shape}. */
    Tensor create(int[] shape, int fanIn, int fanOut, Generator generator);

    /** Keras' name of this initializer, e.g. {@code "he_normal"}; {@value #CUSTOM} for one of your own. */
    default String name() {
        return CUSTOM;
    }

    /**
     * What recreates this initializer with {@link #fromConfig}: {@code {"name": name()}} plus its
     * parameters, if any. A new, mutable map on each call.
     */
    default Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        return c;
    }

    /** Uniform in ±sqrt(6 / (fanIn + fanOut)): Keras' default for Dense and Conv2D kernels. */
    static Initializer glorotUniform() {
        return new BuiltInInitializers.GlorotUniform();
    }

    /** Normal with std sqrt(2 / (fanIn + fanOut)), truncated at two standard deviations. */
    static Initializer glorotNormal() {
        return new BuiltInInitializers.GlorotNormal();
    }

    /** Normal with std sqrt(2 / fanIn), truncated at two standard deviations: suits ReLU layers. */
    static Initializer heNormal() {
        return new BuiltInInitializers.HeNormal();
    }

    /** Uniform in ±sqrt(6 / fanIn). */
    static Initializer heUniform() {
        return new BuiltInInitializers.HeUniform();
    }

    /**
     * Keras' VarianceScaling: values whose variance is {@code scale / n}, with n the fan-in
     * ({@code mode = "fan_in"}), the fan-out ({@code "fan_out"}) or their mean ({@code "fan_avg"}),
     * drawn from {@code "uniform"}, {@code "truncated_normal"} or {@code "untruncated_normal"}.
     * {@code varianceScaling(1.0 / 3, "fan_in", "uniform")} is PyTorch's default for the weights and
     * biases of {@code nn.Linear} and {@code nn.Conv2d} (uniform in ±1/sqrt(fan-in)).
     *
     * @throws IllegalArgumentException for a scale that is not positive, or an unknown mode or distribution
     */
    static Initializer varianceScaling(double scale, String mode, String distribution) {
        return new BuiltInInitializers.VarianceScaling(scale, mode, distribution);
    }

    /** All zeros: the default for biases. */
    static Initializer zeros() {
        return new BuiltInInitializers.Zeros();
    }

    /** All ones: the default for normalization scales. */
    static Initializer ones() {
        return new BuiltInInitializers.Ones();
    }

    /** All {@code value}. */
    static Initializer constant(double value) {
        return new BuiltInInitializers.Constant(value);
    }

    /**
     * The initializer {@link #config()} describes: one of {@link #names()} with its parameters.
     * {@code {"name": "custom"}} gives one that fills zeros (see the class comment).
     *
     * @throws IllegalArgumentException for an unknown name, a missing or mistyped parameter, or a key
     *     the initializer does not take
     */
    static Initializer fromConfig(Map<String, ?> config) {
        return BuiltInInitializers.fromConfig(config);
    }

    /** The initializer saved under {@code key} of a layer's config, or {@code fallback} when absent. */
    static Initializer read(ConfigMap config, String key, Initializer fallback) {
        return config.nested(key, "an initializer's config such as {\"name\": \"glorot_uniform\"}", Initializer::fromConfig, fallback);
    }

    /** The names {@link #fromConfig} knows. */
    static List<String> names() {
        return BuiltInInitializers.NAMES;
    }
}
