package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A penalty on a weight added to the training loss, to keep weights small and curb overfitting.
 *
 * <p>The built-in penalties describe themselves with Keras' name and factors, so a layer's config
 * (and a saved model) records them and {@link #fromConfig} recreates them:
 * {@code {"name": "l2", "l2": 1.0E-4}}, {@code {"name": "l1l2", "l1": 1.0E-5, "l2": 1.0E-4}}. A
 * regularizer of your own is described as {@code {"name": "custom"}}, which cannot be recreated:
 * saving a layer that has one is refused, since training on without its penalty would silently
 * change the objective.
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(Regularizer.l2(1e-4))
 * Regularizer.l1l2(1e-5, 1e-4).config();                    // {name=l1l2, l1=1.0E-5, l2=1.0E-4}
 * Regularizer back = Regularizer.fromConfig(Map.of("name", "l1", "l1", 0.01));
 * }</pre>
 */
@FunctionalInterface
public interface Regularizer {
    /** The name of every regularizer that is not one of the built-in ones. */
    String CUSTOM = "custom";

    /** The scalar penalty for {@code weight}. */
    Tensor penalty(Tensor weight);

    /** Keras' name of this regularizer ({@code "l1"}, {@code "l2"}, {@code "l1l2"}); {@value #CUSTOM} for one of your own. */
    default String name() {
        return CUSTOM;
    }

    /**
     * What recreates this regularizer with {@link #fromConfig}: {@code {"name": name()}} plus its
     * factors. A new, mutable map on each call.
     */
    default Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        return c;
    }

    /** {@code l1 * sum(|w|)}. */
    static Regularizer l1(double l1) {
        return new ElementPenalty("l1", l1, 0);
    }

    /** {@code l2 * sum(w²)}, as in Keras (no factor 1/2). */
    static Regularizer l2(double l2) {
        return new ElementPenalty("l2", 0, l2);
    }

    /** {@code l1 * sum(|w|) + l2 * sum(w²)}. */
    static Regularizer l1l2(double l1, double l2) {
        return new ElementPenalty("l1l2", l1, l2);
    }

    /**
     * The regularizer {@link #config()} describes: {@code "l1"} with its {@code "l1"} factor,
     * {@code "l2"} with its {@code "l2"} factor, or {@code "l1l2"} with either or both (missing
     * ones are 0).
     *
     * @throws IllegalArgumentException for {@value #CUSTOM} (a regularizer of your own has no saved
     *     form), an unknown name, a missing, negative or mistyped factor, or a key the regularizer
     *     does not take
     */
    /**
     * The regularizer saved under {@code key} of a layer's config, or null (none) when absent.
     *
     * @throws IllegalArgumentException naming the owner and key when the value is not a regularizer's
     *     config, or is that of a custom regularizer, which cannot be recreated
     */
    static Regularizer read(ConfigMap config, String key) {
        return config.nested(key, "a regularizer's config such as {\"name\": \"l2\", \"l2\": 0.01}", Regularizer::fromConfig, null);
    }

    static Regularizer fromConfig(Map<String, ?> config) {
        ConfigMap c = new ConfigMap("regularizer", config);
        String name = c.string("name");
        switch (name) {
            case "l1" -> {
                c.requireOnly(Set.of("name", "l1"));
                return l1(c.number("l1"));
            }
            case "l2" -> {
                c.requireOnly(Set.of("name", "l2"));
                return l2(c.number("l2"));
            }
            case "l1l2" -> {
                c.requireOnly(Set.of("name", "l1", "l2"));
                return l1l2(c.number("l1", 0), c.number("l2", 0));
            }
            case CUSTOM -> throw new IllegalArgumentException("a custom Regularizer has no saved form; use Regularizer.l1,"
                    + " l2 or l1l2, or remove the regularizer before saving");
            default -> throw new IllegalArgumentException("unknown regularizer \"" + name + "\"; the regularizers are "
                    + List.of("\"l1\"", "\"l2\"", "\"l1l2\""));
        }
    }
}
