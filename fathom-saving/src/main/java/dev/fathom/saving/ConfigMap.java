package dev.fathom.saving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of a saved configuration (the {@code Map<String, Object>} a {@code config()} method
 * returns, after a trip through JSON, where numbers may come back as any {@link Number}). A missing
 * key takes the given default; a value of the wrong kind is an error naming the owner, the key,
 * what was expected and what was found. Nested configs (a layer's initializers and regularizers)
 * are read with {@link #nested}.
 *
 * <pre>{@code
 * public static Dense fromConfig(Map<String, Object> config) {
 *     ConfigMap c = new ConfigMap("Dense", config);
 *     return new Dense(c.integer("units"), c.string("activation", "linear"));
 * }
 * }</pre>
 *
 * @param owner what the configuration describes, for error messages (e.g. {@code "Dense"})
 * @param map   the configuration
 */
public record ConfigMap(String owner, Map<String, ?> map) {

    /** Whether {@code key} is present (and not null). */
    public boolean has(String key) {
        return map.get(key) != null;
    }

    /** The raw value of {@code key}, or null. */
    public Object get(String key) {
        return map.get(key);
    }

    /** A required integer. */
    public int integer(String key) {
        requirePresent(key, "an integer");
        return integer(key, 0);
    }

    /** An integer, or {@code fallback} when absent. */
    public int integer(String key, int fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw wrong(key, "an integer", v);
    }

    /** A long, or {@code fallback} when absent. */
    public Long optionalLong(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        throw wrong(key, "an integer", v);
    }

    /** A finite number, or {@code fallback} when absent; NaN and infinities are refused (JSON has neither). */
    public double number(String key, double fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw wrong(key, "a finite number", v);
    }

    /**
     * An integer in {@code [min, max]}, or {@code fallback} when absent: a count that must not be
     * negative is refused naming the key and the range.
     */
    public int integer(String key, int fallback, int min, int max) {
        int v = integer(key, fallback);
        if (v < min || v > max) throw wrong(key, "an integer from " + min + " to " + max, map.get(key));
        return v;
    }

    /** A required number. */
    public double number(String key) {
        requirePresent(key, "a finite number");
        return number(key, 0);
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw wrong(key, "true or false", v);
    }

    /** A string, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof String s) return s;
        throw wrong(key, "a string", v);
    }

    /** A required string. */
    public String string(String key) {
        requirePresent(key, "a string");
        return string(key, null);
    }

    /**
     * An enum constant saved as its lower-case keyword (as {@code Padding.SAME} is saved as
     * {@code "same"}), or {@code fallback} when absent.
     */
    public <E extends Enum<E>> E keyword(String key, E fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        for (E e : fallback.getDeclaringClass().getEnumConstants()) {
            if (e.name().equalsIgnoreCase(String.valueOf(v))) return e;
        }
        List<String> names = java.util.Arrays.stream(fallback.getDeclaringClass().getEnumConstants())
                .map(e -> "\"" + e.name().toLowerCase(java.util.Locale.ROOT) + "\"").toList();
        throw wrong(key, "one of " + names, v);
    }

    /** A list of integers, or {@code fallback} when absent. */
    public int[] integers(String key, int[] fallback) {
        Object v = map.get(key);
        if (v == null) return fallback == null ? null : fallback.clone();
        if (!(v instanceof List<?> list)) throw wrong(key, "a list of integers", v);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Integer n)) throw wrong(key, "a list of integers", v);
            out[i] = n;
        }
        return out;
    }

    /** A required list of integers. */
    public int[] integers(String key) {
        requirePresent(key, "a list of integers");
        return integers(key, null);
    }

    /** A list of exactly {@code n} integers, or {@code fallback} when absent. */
    public int[] integers(String key, int n, int[] fallback) {
        int[] v = integers(key, fallback);
        if (v != null && v.length != n) throw wrong(key, "a list of " + n + " integers", map.get(key));
        return v;
    }

    /**
     * The object whose own config is nested under {@code key}, made by {@code factory}, or
     * {@code fallback} when absent: how a layer reads its initializers and regularizers.
     *
     * @param example what such a config looks like, for the error message
     * @throws IllegalArgumentException naming the owner and key when the value is not an object or
     *     the factory refuses it
     */
    public <T> T nested(String key, String example, java.util.function.Function<Map<String, ?>, T> factory, T fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Map<?, ?> m)) throw wrong(key, example, v);
        try {
            return factory.apply(stringKeys(key, m));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + " config: '" + key + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the config has no key outside {@code allowed}, so that a misspelt or misplaced
     * parameter is an error instead of being silently dropped.
     */
    public void requireOnly(Set<String> allowed) {
        List<String> extra = new ArrayList<>();
        for (String k : map.keySet()) if (!allowed.contains(k)) extra.add(k);
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(owner + " config: unexpected " + (extra.size() == 1 ? "key " : "keys ") + extra
                    + "; it takes " + allowed.stream().sorted().toList());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> stringKeys(String key, Map<?, ?> m) {
        for (Object k : m.keySet()) if (!(k instanceof String)) throw wrong(key, "an object with string keys", m);
        return (Map<String, ?>) m;
    }

    private void requirePresent(String key, String what) {
        if (map.get(key) == null) {
            throw new IllegalArgumentException(owner + " config: '" + key + "' is missing; it must be " + what
                    + " (the config has " + map.keySet() + ")");
        }
    }

    private IllegalArgumentException wrong(String key, String what, Object v) {
        return new IllegalArgumentException(owner + " config: '" + key + "' must be " + what + ", got "
                + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
    }
}
