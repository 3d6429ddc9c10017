package dev.fathom.layers;

import dev.fathom.saving.Json;


import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a layer as {@code {"type": "Dense", "name": "dense", "config": {...}}} and recreates it
 * from that, the way models save their architecture.
 *
 * <p>The contract for a layer class: {@link Layer#config()} returns every hyperparameter, and a
 * {@code public static <LayerClass> fromConfig(Map<String, Object> config)} recreates an unbuilt
 * layer from it. Fathom's own layers are found by their type name in {@code dev.fathom.layers};
 * for any other layer class the entry also carries {@code "class"}, its fully qualified name, so
 * users' layers load the same way as long as they are on the class path.
 *
 * <p>{@link #toConfig} checks the round trip at once: it recreates the layer from the entry and
 * compares configurations, so a layer that could not be loaded back fails when it is saved, not
 * months later when it is loaded.
 *
 * <pre>{@code
 * Map<String, Object> entry = LayerConfigs.toConfig(new Dense(10, "relu").name("out"));
 * Layer copy = LayerConfigs.fromConfig(entry);          // an unbuilt Dense(10, "relu") named "out"
 * }</pre>
 */
public final class LayerConfigs {
    /** The package whose layers are named by their simple type name alone. */
    public static final String LAYERS_PACKAGE = "dev.fathom.layers";

    private LayerConfigs() {}

    /**
     * The saved entry of {@code layer}.
     *
     * @throws IllegalArgumentException when the layer cannot be recreated from it, naming the layer
     *     and why (no {@code fromConfig}, a custom regularizer, a configuration that does not round-trip)
     */
    public static Map<String, Object> toConfig(Layer layer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", layer.typeName());
        Class<?> cls = layer.getClass();
        if (!cls.getName().equals(LAYERS_PACKAGE + "." + layer.typeName())) entry.put("class", cls.getName());
        entry.put("name", layer.name());
        Map<String, Object> config = layer.config();
        // Through JSON and back, so the entry holds exactly what a file would.
        entry.put("config", Json.parse(Json.writeCompact(config), describe(layer) + " config"));
        Layer copy;
        try {
            copy = fromConfig(entry);
        } catch (IllegalArgumentException e) {
            // fromConfig's message already names the layer; say it once.
            String reason = e.getMessage();
            if (reason.startsWith(describe(layer) + ": ")) reason = reason.substring(describe(layer).length() + 2);
            throw new IllegalArgumentException("cannot save " + describe(layer) + ": " + reason, e);
        }
        String before = Json.writeCompact(config);
        String after = Json.writeCompact(copy.config());
        if (!before.equals(after)) {
            throw new IllegalArgumentException("cannot save " + describe(layer) + ": recreating it from its config gives "
                    + after + " instead of " + before + "; its fromConfig must read every key config() writes");
        }
        return entry;
    }

    /**
     * The unbuilt layer an entry describes.
     *
     * @throws IllegalArgumentException naming the layer when its class is unknown, lacks a public
     *     static {@code fromConfig(Map)}, or refuses the configuration
     */
    public static Layer fromConfig(Map<String, ?> entry) {
        Object type = entry.get("type");
        Object name = entry.get("name");
        String what = "layer '" + name + "' (" + type + ")";
        if (!(type instanceof String typeName) || typeName.isEmpty()) {
            throw new IllegalArgumentException(what + " has no \"type\"; each layer entry needs {type, name, config}");
        }
        if (name != null && !(name instanceof String)) throw new IllegalArgumentException(what + ": \"name\" must be a string");
        Object config = entry.get("config") == null ? Map.of() : entry.get("config");
        if (!(config instanceof Map<?, ?> configMap)) {
            throw new IllegalArgumentException(what + ": \"config\" must be an object, got " + config);
        }
        String className = entry.get("class") instanceof String c ? c : LAYERS_PACKAGE + "." + typeName;
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(what + ": no layer class " + className + (entry.containsKey("class")
                    ? "; put the jar that defines it on the class path" : "; this Fathom has no layer of that type"
                    + " (was the file written by a newer version, or with a layer of your own saved without its class?)"));
        }
        if (!Layer.class.isAssignableFrom(cls)) throw new IllegalArgumentException(what + ": " + className + " is not a Layer");
        Method factory;
        try {
            factory = cls.getMethod("fromConfig", Map.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(what + ": " + className + " has no public static fromConfig(Map<String, Object>);"
                    + " add one that recreates the layer from what its config() returns");
        }
        if (!Modifier.isStatic(factory.getModifiers()) || !Layer.class.isAssignableFrom(factory.getReturnType())) {
            throw new IllegalArgumentException(what + ": " + className + ".fromConfig(Map) must be static and return the layer");
        }
        Layer layer;
        try {
            layer = (Layer) factory.invoke(null, configMap);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(what + ": " + cause.getMessage(), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(what + ": " + className + ".fromConfig is not accessible: " + e.getMessage(), e);
        }
        if (layer == null) throw new IllegalArgumentException(what + ": " + className + ".fromConfig returned null");
        if (name != null) layer.name((String) name);
        return layer;
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : LayerConfigs.class.getClassLoader();
    }

    private static String describe(Layer layer) {
        return "layer '" + layer.name() + "' (" + layer.typeName() + ")";
    }
}
