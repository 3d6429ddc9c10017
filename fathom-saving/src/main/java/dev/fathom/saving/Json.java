package dev.fathom.saving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * JSON for saved configurations: {@code Map<String, Object>} trees of strings, numbers, booleans,
 * lists and maps, written and read by jackson-jr.
 *
 * <p>Numbers come back as {@link Integer}, {@link Long} or {@link Double} (whichever fits), so
 * readers take them as {@link Number}; doubles are written with {@link Double#toString} and read
 * back bit for bit. Object key order is kept. Reading is bounded: at most {@value #MAX_DEPTH}
 * levels of nesting (the files Fathom writes nest a few dozen at most), and a number that overflows
 * to infinity (such as {@code 1e999}) is refused naming where it is, as JSON itself has no
 * infinities or NaN; {@link #requireFinite} checks a tree before it is written.
 *
 * <pre>{@code
 * String text = Json.write(Map.of("units", 10));
 * Map<String, Object> back = Json.parse(text, "fathom.json");
 * }</pre>
 */
public final class Json {
    private static final JSON WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    /** The deepest nesting {@link #parse} reads: far beyond any file Fathom writes, far below what exhausts a stack. */
    public static final int MAX_DEPTH = 100;
    private static final JSON READER = JSON.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).build();

    private Json() {}

    /** {@code value} as pretty-printed JSON. */
    public static String write(Map<String, ?> value) {
        try {
            return WRITER.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code value} as JSON on one line. */
    public static String writeCompact(Map<String, ?> value) {
        try {
            return READER.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON object in {@code text}.
     *
     * @param source what the text is, for the error message (e.g. {@code "fathom.json"})
     * @throws IllegalArgumentException naming {@code source} when the text is not one JSON object
     */
    public static Map<String, Object> parse(String text, String source) {
        try {
            Object value = READER.anyFrom(text);
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(source + " must hold a JSON object, but holds "
                        + (value == null ? "nothing" : value instanceof List<?> ? "an array" : "a " + value.getClass().getSimpleName()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            String infinite = firstNonFinite(map);
            if (infinite != null) {
                throw new IllegalArgumentException(source + ": the number at " + infinite.substring(0, infinite.lastIndexOf('='))
                        + " is out of range (it reads as"
                        + " infinity); the file is damaged or was edited");
            }
            return map;
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException(source + " nests deeper than " + MAX_DEPTH + " levels (or holds a longer number"
                    + " or string than JSON readers accept); it is not a file Fathom wrote", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Checks that every number in {@code value} is finite, as JSON requires: how a saved file refuses
     * a NaN or infinite statistic or hyperparameter before anything is written.
     *
     * @param source what the tree is, for the message (e.g. {@code "pipeline.json"})
     * @throws IllegalArgumentException naming {@code source}, the path of the first non-finite number
     *     (e.g. {@code preprocessor.steps[1].mean[3]}) and its value
     */
    public static void requireFinite(Map<String, ?> value, String source) {
        String path = firstNonFinite(value);
        if (path != null) {
            throw new IllegalArgumentException(source + ": " + path.substring(0, path.lastIndexOf('=')) + " is "
                    + path.substring(path.lastIndexOf('=') + 1) + "; a saved value must be finite (JSON has no NaN or infinity)");
        }
    }

    /** {@code path=value} of the first non-finite number in the tree, in document order, or null; iterative, so depth costs no stack. */
    private static String firstNonFinite(Object root) {
        record Item(String path, Object value) {}
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(new Item("", root));
        while (!todo.isEmpty()) {
            Item item = todo.pop();
            switch (item.value()) {
                case Double d when !Double.isFinite(d) -> {
                    return item.path() + "=" + d;
                }
                case Float f when !Float.isFinite(f) -> {
                    return item.path() + "=" + f;
                }
                case Map<?, ?> m -> {
                    List<Item> children = new java.util.ArrayList<>();
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        children.add(new Item(item.path().isEmpty() ? String.valueOf(e.getKey()) : item.path() + "." + e.getKey(), e.getValue()));
                    }
                    for (int i = children.size() - 1; i >= 0; i--) todo.push(children.get(i));
                }
                case List<?> l -> {
                    for (int i = l.size() - 1; i >= 0; i--) todo.push(new Item(item.path() + "[" + i + "]", l.get(i)));
                }
                case double[] a -> {
                    for (int i = 0; i < a.length; i++) if (!Double.isFinite(a[i])) return item.path() + "[" + i + "]=" + a[i];
                }
                case float[] a -> {
                    for (int i = 0; i < a.length; i++) if (!Float.isFinite(a[i])) return item.path() + "[" + i + "]=" + a[i];
                }
                case null, default -> { }
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
