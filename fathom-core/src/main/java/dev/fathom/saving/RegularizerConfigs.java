package dev.fathom.saving;

import dev.fathom.layers.Regularizer;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The saved form of a {@link Regularizer}: {@code {"l1": a, "l2": b}} for the built-in
 * {@code l1}, {@code l2} and {@code l1l2} penalties, {@code null} for none, and {@code "custom"}
 * for one of the user's own, which cannot be recreated (saving a layer that has one is refused,
 * since training on without its penalty would silently change the objective).
 *
 * <p>Why probing: {@code Regularizer.l1l2} returns a lambda that keeps its factors to itself. Its
 * penalty is {@code l1·Σ|w| + l2·Σw²}, so one float64 probe tiny enough that {@code w²} underflows
 * gives {@code l1} exactly (a power-of-two scale), and one large enough that the {@code l2} term
 * swamps the other gives {@code l2}; both are then checked by comparing penalties on further
 * probes with a regularizer rebuilt from them, bit for bit. Anything else is "custom".
 *
 * <pre>{@code
 * Object saved = RegularizerConfigs.toConfig(Regularizer.l2(1e-4));   // {l1=0.0, l2=1.0E-4}
 * Regularizer back = RegularizerConfigs.fromConfig(saved, "Dense 'dense'");
 * }</pre>
 */
public final class RegularizerConfigs {
    /** The value saved for a regularizer that is not one of the built-in forms. */
    public static final String CUSTOM = "custom";

    private RegularizerConfigs() {}

    /** The saved form of {@code r}: null, an {@code {l1, l2}} map, or {@link #CUSTOM}. */
    public static Object toConfig(Regularizer r) {
        if (r == null) return null;
        try {
            double l1 = penalty(r, 0x1p-600) * 0x1p600;
            double l2 = (penalty(r, 0x1p500) - l1 * 0x1p500) * 0x1p-1000;
            if (!(l1 >= 0 && l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) return CUSTOM;
            Regularizer rebuilt = Regularizer.l1l2(l1, l2);
            double[][] probes = {{1.0}, {0.3, -1.7, 2.5}, {-4.25, 1e-3}};
            for (double[] p : probes) {
                if (Double.doubleToLongBits(penalty(r, p)) != Double.doubleToLongBits(penalty(rebuilt, p))) return CUSTOM;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("l1", l1);
            c.put("l2", l2);
            return c;
        } catch (RuntimeException e) {
            return CUSTOM; // a penalty that cannot take a float64 probe is not one of ours
        }
    }

    /**
     * The regularizer a saved form describes.
     *
     * @param where the layer and key, for the error message
     * @throws IllegalArgumentException for {@link #CUSTOM} or a malformed value
     */
    public static Regularizer fromConfig(Object saved, String where) {
        if (saved == null) return null;
        if (saved instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            ConfigMap c = new ConfigMap(where, (Map<String, ?>) m);
            return Regularizer.l1l2(c.number("l1", 0), c.number("l2", 0));
        }
        if (CUSTOM.equals(saved)) {
            throw new IllegalArgumentException(where + " uses a custom Regularizer, which has no saved form; use"
                    + " Regularizer.l1, l2 or l1l2, or remove the regularizer before saving");
        }
        throw new IllegalArgumentException(where + ": a regularizer must be saved as {\"l1\": a, \"l2\": b}, got " + saved);
    }

    private static double penalty(Regularizer r, double... w) {
        return r.penalty(Tensor.of(w)).item();
    }
}
