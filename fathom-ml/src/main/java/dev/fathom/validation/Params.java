package dev.fathom.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One configuration of hyperparameters, by name: what a search hands its estimator factory
 * ({@code Function<Params, Estimator>}). The factory reads the values it needs with the typed
 * getters; asking for a name that is not there names the closest one, and a search checks that
 * the factory read every name (so a misspelt grid entry cannot be silently ignored).
 *
 * <pre>{@code
 * Params p = Params.of(Map.of("units", 64, "learning_rate", 1e-3));
 * int units = p.getInt("units");
 * double lr = p.getDouble("learning_rate");
 * double dropout = p.getDouble("dropout", 0.0);   // a default when the search does not vary it
 * }</pre>
 */
public final class Params {
    private final Map<String, Object> values;
    /** The names the factory asked for, present or not: thread-safe, as folds build estimators in parallel. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** These values, in the map's iteration order. */
    public static Params of(Map<String, ?> values) {
        for (var e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) throw new IllegalArgumentException("Params: a parameter name is blank");
            if (e.getValue() == null) throw new IllegalArgumentException("Params: parameter '" + e.getKey() + "' is null");
        }
        return new Params(new LinkedHashMap<>(values));
    }

    /** The names, in order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The values by name, in order (unmodifiable). */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * The value of {@code name}, as given.
     *
     * @throws IllegalArgumentException when there is no such parameter, naming the closest one
     */
    public Object get(String name) {
        asked.add(name);
        Object v = values.get(name);
        if (v == null) {
            String near = closest(name, List.copyOf(values.keySet()));
            throw new IllegalArgumentException("Params: no parameter '" + name + "'" + (near != null ? "; did you mean '" + near + "'?" : "")
                    + " The parameters are " + values.keySet() + "; add '" + name + "' to the search space or give the factory"
                    + " a default with get" + "(name, default)");
        }
        return v;
    }

    /** The value of {@code name}, or {@code defaultValue} when the search does not set it. */
    public Object get(String name, Object defaultValue) {
        asked.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    /** {@code name} as an int: an Integer, a Long in range, or a whole Double. */
    public int getInt(String name) {
        return toInt(name, get(name));
    }

    /** {@code name} as an int, or {@code defaultValue}. */
    public int getInt(String name, int defaultValue) {
        return toInt(name, get(name, defaultValue));
    }

    /** {@code name} as a long. */
    public long getLong(String name) {
        Object v = get(name);
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return (long) n.doubleValue();
        throw wrongType(name, v, "a whole number");
    }

    /** {@code name} as a double: any Number. */
    public double getDouble(String name) {
        return toDouble(name, get(name));
    }

    /** {@code name} as a double, or {@code defaultValue}. */
    public double getDouble(String name, double defaultValue) {
        return toDouble(name, get(name, defaultValue));
    }

    /** {@code name} as a boolean. */
    public boolean getBoolean(String name) {
        Object v = get(name);
        if (v instanceof Boolean b) return b;
        throw wrongType(name, v, "true or false");
    }

    /** {@code name} as a String (any value's text). */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    /** {@code name} as a {@code type}, e.g. {@code get("sizes", int[].class)}. */
    public <T> T get(String name, Class<T> type) {
        Object v = get(name);
        if (!type.isInstance(v)) throw wrongType(name, v, "a " + type.getSimpleName());
        return type.cast(v);
    }

    private static int toInt(String name, Object v) {
        if (v instanceof Integer i) return i;
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
        }
        throw wrongType(name, v, "a whole number");
    }

    private static double toDouble(String name, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw wrongType(name, v, "a number");
    }

    private static IllegalArgumentException wrongType(String name, Object v, String wanted) {
        return new IllegalArgumentException("Params: parameter '" + name + "' is " + show(v) + " (" + v.getClass().getSimpleName()
                + "), but the factory reads it as " + wanted + "; change the values in the search space or the getter");
    }

    /** The names of this configuration the factory never asked for, in order. */
    Set<String> unread() {
        Set<String> out = new LinkedHashSet<>(values.keySet());
        out.removeAll(asked);
        return out;
    }

    /** The names the factory asked for. */
    Set<String> asked() {
        return Set.copyOf(asked);
    }

    /**
     * Checks that the factory read every parameter.
     *
     * @throws IllegalArgumentException naming the first unread one and the closest name the factory asked for
     */
    void checkAllRead() {
        Set<String> unread = unread();
        if (unread.isEmpty()) return;
        String first = unread.iterator().next();
        Set<String> others = new LinkedHashSet<>(asked);
        others.removeAll(values.keySet());
        String near = closest(first, List.copyOf(others));
        throw new IllegalArgumentException("the factory never reads parameter '" + first + "'" + (unread.size() > 1
                ? " (nor " + List.copyOf(unread).subList(1, unread.size()) + ")" : "") + ", so searching over it changes nothing"
                + (near != null ? "; did you mean '" + near + "', which the factory asks for?" : ".")
                + " The factory reads " + (asked.isEmpty() ? "no parameter" : new java.util.TreeSet<>(asked))
                + "; rename the entry or read it in the factory (params.get(\"" + first + "\"))");
    }

    static String show(Object v) {
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) + ".0" : fmt(d);
        if (v instanceof Float f) return fmt(f);
        if (v instanceof String s) return s;
        if (v instanceof int[] a) return java.util.Arrays.toString(a);
        if (v instanceof double[] a) return java.util.Arrays.toString(a);
        return String.valueOf(v);
    }

    private static String fmt(double d) {
        if (d != 0 && (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6)) return String.format(Locale.ROOT, "%.3g", d);
        String t = String.format(Locale.ROOT, "%.6g", d);
        return t.contains(".") ? t.replaceAll("\\.?0+$", "") : t;
    }

    /** The candidate within a few edits of {@code key}, or null when none is close enough to help. */
    static String closest(String key, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            // A truncated name ("f1_macr", "learn") is as good a hint as a typo.
            int d = lc.startsWith(k) ? 1 : editDistance(k, lc);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code {units=64, learning_rate=0.001}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (var e : values.entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(e.getKey()).append('=').append(show(e.getValue()));
        }
        return sb.append('}').toString();
    }
}
