package dev.fathom.models;

import dev.fathom.saving.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named JSON objects a model carries into its file ({@link Model#attach}): each is checked to
 * be JSON when attached and kept as compact JSON text, so later changes to the caller's map do not
 * reach the model and every read gives a fresh copy. {@link ModelFile} writes them under
 * {@code attachments} in {@code fathom.json}.
 *
 * <pre>{@code
 * attachments.put("preprocessing", Map.of("scale", 0.5));
 * Map<String, Object> back = attachments.get("preprocessing");
 * }</pre>
 */
final class Attachments {
    /** Compact JSON text by name, in the order first attached. */
    private final Map<String, String> byName = new LinkedHashMap<>();

    /**
     * Keeps a copy of {@code config} under {@code name}, replacing any object of that name.
     *
     * @throws IllegalArgumentException when the name is blank or {@code config} cannot be written as JSON
     */
    void put(String name, Map<String, ?> config) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attach: an attachment needs a name that is not blank, such as \"preprocessing\"");
        }
        if (config == null) throw new IllegalArgumentException("attach: attachment '" + name + "' is null; pass a map");
        String json;
        try {
            checkJsonValue(config, name);
            json = Json.writeCompact(config);
            Json.parse(json, "attachment '" + name + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attach: attachment '" + name + "' cannot be saved as JSON (" + e.getMessage()
                    + "); use maps with string keys, lists, strings, finite numbers and booleans", e);
        }
        byName.put(name, json);
    }

    /**
     * A fresh copy of the object under {@code name}.
     *
     * @throws IllegalArgumentException naming the attachments there are when none has that name
     */
    Map<String, Object> get(String name) {
        String json = byName.get(name);
        if (json == null) {
            throw new IllegalArgumentException("the model has no attachment '" + name + "'; it has "
                    + (byName.isEmpty() ? "none (attach one with model.attach(name, config) before saving)"
                    : byName.keySet().toString()));
        }
        return Json.parse(json, "attachment '" + name + "'");
    }

    /** The names, in the order they were first attached. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Checks that {@code value} is JSON: JSON would write other objects as their bean properties, losing them. */
    private static void checkJsonValue(Object value, String path) {
        switch (value) {
            case null -> { }
            case String s -> { }
            case Boolean b -> { }
            case Double d when !Double.isFinite(d) -> throw new IllegalArgumentException(path + " is " + d + ", which JSON cannot hold");
            case Float f when !Float.isFinite(f) -> throw new IllegalArgumentException(path + " is " + f + ", which JSON cannot hold");
            case Integer i -> { }
            case Long l -> { }
            case Double d -> { }
            case Float f -> { }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) checkJsonValue(list.get(i), path + "[" + i + "]");
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) throw new IllegalArgumentException(path + " has a key that is not a string: " + e.getKey());
                    checkJsonValue(e.getValue(), path + "." + key);
                }
            }
            default -> throw new IllegalArgumentException(path + " is a " + value.getClass().getName() + ", which is not a JSON value");
        }
    }
}
