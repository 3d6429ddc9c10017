package dev.fathom.saving;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON for saved configurations: {@code Map<String, Object>} trees of strings, numbers, booleans,
 * lists and maps, written and read by jackson-jr.
 *
 * <p>Numbers come back as {@link Integer}, {@link Long} or {@link Double} (whichever fits), so
 * readers take them as {@link Number}; doubles are written with {@link Double#toString} and read
 * back bit for bit. Object key order is kept.
 *
 * <pre>{@code
 * String text = Json.write(Map.of("units", 10));
 * Map<String, Object> back = Json.parse(text, "fathom.json");
 * }</pre>
 */
public final class Json {
    private static final JSON WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    private static final JSON READER = JSON.std;

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
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
