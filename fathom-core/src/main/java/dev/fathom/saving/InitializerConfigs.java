package dev.fathom.saving;

import dev.fathom.layers.Initializer;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The saved form of an {@link Initializer}: Keras' names ({@code "glorot_uniform"},
 * {@code "glorot_normal"}, {@code "he_normal"}, {@code "he_uniform"}, {@code "zeros"},
 * {@code "ones"}), {@code {"constant": v}}, or {@code "custom"} for one of the user's own.
 *
 * <p>Why probing: the built-in initializers are lambdas that keep their names to themselves, but
 * they are deterministic given a {@link Generator}, so an initializer is recognised by drawing a
 * small tensor from a fixed seed and comparing it with each built-in's draw. An initializer only
 * matters when a layer is built afresh: a loaded model's weights come from the file. So a custom
 * initializer does not stop a model from being saved; the loaded layer gets zeros there until the
 * file's weights overwrite them, and building such a layer afresh asks for a real initializer.
 *
 * <pre>{@code
 * Object saved = InitializerConfigs.toConfig(Initializer.heNormal());   // "he_normal"
 * Initializer back = InitializerConfigs.fromConfig(saved, "Dense 'dense' kernelInitializer");
 * }</pre>
 */
public final class InitializerConfigs {
    /** The value saved for an initializer that is not one of the built-in ones. */
    public static final String CUSTOM = "custom";

    private static final int[] PROBE_SHAPE = {4, 3};
    private static final long PROBE_SEED = 0x5eed_f00dL;
    private static final Map<String, Supplier<Initializer>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("glorot_uniform", Initializer::glorotUniform);
        KNOWN.put("glorot_normal", Initializer::glorotNormal);
        KNOWN.put("he_normal", Initializer::heNormal);
        KNOWN.put("he_uniform", Initializer::heUniform);
    }

    private InitializerConfigs() {}

    /** The saved form of {@code init}: a name, {@code {"constant": v}}, {@link #CUSTOM}, or null for null. */
    public static Object toConfig(Initializer init) {
        if (init == null) return null;
        if (init instanceof Unrecreatable) return CUSTOM;
        double[] drawn;
        try {
            drawn = probe(init);
        } catch (RuntimeException e) {
            return CUSTOM;
        }
        for (Map.Entry<String, Supplier<Initializer>> e : KNOWN.entrySet()) {
            if (Arrays.equals(drawn, probe(e.getValue().get()))) return e.getKey();
        }
        double v = drawn[0];
        if (Arrays.stream(drawn).allMatch(x -> Double.compare(x, v) == 0)
                && Arrays.equals(drawn, probe(Initializer.constant(v)))) {
            if (v == 0) return "zeros";
            if (v == 1) return "ones";
            return Map.of("constant", v);
        }
        return CUSTOM;
    }

    /**
     * The initializer a saved form describes; {@link #CUSTOM} gives one that fills zeros (see the
     * class comment).
     *
     * @param where the layer and key, for the error message
     * @throws IllegalArgumentException for an unknown name
     */
    public static Initializer fromConfig(Object saved, String where) {
        if (saved == null) return null;
        if (saved instanceof Map<?, ?> m && m.get("constant") instanceof Number n) return Initializer.constant(n.doubleValue());
        if (saved instanceof String name) {
            if (KNOWN.containsKey(name)) return KNOWN.get(name).get();
            switch (name) {
                case "zeros" -> { return Initializer.zeros(); }
                case "ones" -> { return Initializer.constant(1); }
                case CUSTOM -> { return new Unrecreatable(); }
                default -> { }
            }
        }
        List<String> names = new java.util.ArrayList<>(KNOWN.keySet());
        names.addAll(List.of("zeros", "ones", "{\"constant\": v}", CUSTOM));
        throw new IllegalArgumentException(where + ": unknown initializer " + saved + "; saved initializers are " + names);
    }

    private static double[] probe(Initializer init) {
        Tensor t = init.create(PROBE_SHAPE.clone(), PROBE_SHAPE[1], PROBE_SHAPE[0], new Generator(PROBE_SEED));
        return t.toDoubleArray();
    }

    /**
     * Stands in for a custom initializer in a loaded layer: zeros, which the model file's weights
     * overwrite. Saved again as {@link #CUSTOM}.
     */
    private static final class Unrecreatable implements Initializer {
        @Override
        public Tensor create(int[] shape, int fanIn, int fanOut, Generator generator) {
            return Tensor.zeros(shape);
        }
    }
}
