package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The initializers behind {@link Initializer}'s factories. They are records, so each carries its
 * parameters where {@link Initializer#config()} can read them, and two with the same parameters
 * are equal.
 */
final class BuiltInInitializers {
    static final List<String> NAMES = List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "zeros", "ones",
            "constant", "variance_scaling", Initializer.CUSTOM);

    private BuiltInInitializers() {}

    record GlorotUniform() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return uniform(shape, Math.sqrt(6.0 / (in + out)), g);
        }

        @Override
        public String name() {
            return "glorot_uniform";
        }
    }

    record GlorotNormal() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return truncatedNormal(shape, Math.sqrt(2.0 / (in + out)), g);
        }

        @Override
        public String name() {
            return "glorot_normal";
        }
    }

    record HeNormal() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return truncatedNormal(shape, Math.sqrt(2.0 / in), g);
        }

        @Override
        public String name() {
            return "he_normal";
        }
    }

    record HeUniform() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return uniform(shape, Math.sqrt(6.0 / in), g);
        }

        @Override
        public String name() {
            return "he_uniform";
        }
    }

    record Zeros() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return Tensor.full(0, shape);
        }

        @Override
        public String name() {
            return "zeros";
        }
    }

    record Ones() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return Tensor.full(1, shape);
        }

        @Override
        public String name() {
            return "ones";
        }
    }

    record Constant(double value) implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return Tensor.full(value, shape);
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = Initializer.super.config();
            c.put("value", value);
            return c;
        }
    }

    /**
     * Keras' VarianceScaling: values with variance {@code scale / n}, where n is the fan-in, the
     * fan-out or their mean. The other fan-based initializers are special cases of it.
     */
    record VarianceScaling(double scale, String mode, String distribution) implements Initializer {
        static final List<String> MODES = List.of("fan_in", "fan_out", "fan_avg");
        static final List<String> DISTRIBUTIONS = List.of("uniform", "truncated_normal", "untruncated_normal");

        VarianceScaling {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("variance_scaling needs a positive, finite scale; got " + scale);
            }
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("variance_scaling mode must be one of " + MODES + "; got \"" + mode + "\"");
            }
            if (!DISTRIBUTIONS.contains(distribution)) {
                throw new IllegalArgumentException("variance_scaling distribution must be one of " + DISTRIBUTIONS
                        + "; got \"" + distribution + "\"");
            }
        }

        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            double n = switch (mode) {
                case "fan_in" -> in;
                case "fan_out" -> out;
                default -> (in + out) / 2.0;
            };
            double variance = scale / Math.max(1, n);
            return switch (distribution) {
                case "uniform" -> uniform(shape, Math.sqrt(3 * variance), g);
                case "truncated_normal" -> truncatedNormal(shape, Math.sqrt(variance), g);
                default -> normal(shape, Math.sqrt(variance), g);
            };
        }

        @Override
        public String name() {
            return "variance_scaling";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = Initializer.super.config();
            c.put("scale", scale);
            c.put("mode", mode);
            c.put("distribution", distribution);
            return c;
        }
    }

    /**
     * Stands in for a custom initializer in a loaded layer: zeros, which the model file's weights
     * overwrite. Its config is {@code {"name": "custom"}} again, so the layer saves as it loaded.
     */
    record FromFile() implements Initializer {
        @Override
        public Tensor create(int[] shape, int in, int out, Generator g) {
            return Tensor.zeros(shape);
        }
    }

    static Initializer fromConfig(Map<String, ?> config) {
        ConfigMap c = new ConfigMap("initializer", config);
        String name = c.string("name");
        return switch (name) {
            case "glorot_uniform" -> only(c, new GlorotUniform());
            case "glorot_normal" -> only(c, new GlorotNormal());
            case "he_normal" -> only(c, new HeNormal());
            case "he_uniform" -> only(c, new HeUniform());
            case "zeros" -> only(c, new Zeros());
            case "ones" -> only(c, new Ones());
            case "constant" -> {
                c.requireOnly(Set.of("name", "value"));
                yield new Constant(c.number("value"));
            }
            case "variance_scaling" -> {
                c.requireOnly(Set.of("name", "scale", "mode", "distribution"));
                yield new VarianceScaling(c.number("scale", 1.0), c.string("mode", "fan_in"),
                        c.string("distribution", "truncated_normal"));
            }
            case Initializer.CUSTOM -> only(c, new FromFile());
            default -> throw new IllegalArgumentException("unknown initializer \"" + name + "\"; the initializers are "
                    + NAMES.stream().map(n -> "\"" + n + "\"").toList());
        };
    }

    /** {@code init}, after checking that the config holds nothing but its name. */
    private static Initializer only(ConfigMap c, Initializer init) {
        c.requireOnly(Set.of("name"));
        return init;
    }

    private static Tensor uniform(int[] shape, double limit, Generator g) {
        float[] v = new float[Layer.product(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((g.nextDouble() * 2 - 1) * limit);
        return Tensor.of(v, shape);
    }

    private static Tensor normal(int[] shape, double std, Generator g) {
        float[] v = new float[Layer.product(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (g.nextNormal() * std);
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
