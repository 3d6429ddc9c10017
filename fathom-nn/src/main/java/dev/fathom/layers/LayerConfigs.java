package dev.fathom.layers;

import dev.fathom.backend.DeviceUnavailableException;

import dev.fathom.saving.ConfigRegistry;
import dev.fathom.saving.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Saves a layer as {@code {"type": "Dense", "name": "dense", "config": {...}}} (plus
 * {@code "trainable": false} for a frozen layer) and recreates it from that, the way models save
 * their architecture.
 *
 * <p>The contract for a layer class: {@link Layer#config()} returns every hyperparameter, and a
 * {@code public static <LayerClass> fromConfig(Map<String, Object> config)} recreates an unbuilt
 * layer from it. Layers are found in {@link #registry()}: Fathom's own by their type name; for any
 * other layer class the entry also carries {@code "class"}, its fully qualified name. A user's
 * layer loads only once registered with {@code registry().register} (in the program that saves it
 * and in the one that loads it): loading never looks up a class a file names, so a file cannot run
 * code of its choosing. An unregistered layer is refused when saved and when loaded, with the
 * {@code register} call that fixes it.
 *
 * <p>{@link #toConfig} checks the round trip at once: it recreates the layer from the entry and
 * compares configurations, so a layer that could not be loaded back fails when it is saved, not
 * months later when it is loaded.
 *
 * <pre>{@code
 * Map<String, Object> entry = LayerConfigs.toConfig(new Dense(10, "relu").name("out"));
 * Layer copy = LayerConfigs.fromConfig(entry);          // an unbuilt Dense(10, "relu") named "out"
 * LayerConfigs.registry().register("Scale", Scale.class, Scale::fromConfig);   // a layer of your own
 * }</pre>
 */
public final class LayerConfigs {
    /** The package whose layers are named by their simple type name alone. */
    public static final String LAYERS_PACKAGE = "dev.fathom.layers";

    private static final ConfigRegistry<Map<String, Object>, Layer> REGISTRY = builtIns();

    private LayerConfigs() {}

    /**
     * The layer types a saved entry can name: each of Fathom's layers by its type name, and the
     * layers users register.
     */
    public static ConfigRegistry<Map<String, Object>, Layer> registry() {
        return REGISTRY;
    }

    private static ConfigRegistry<Map<String, Object>, Layer> builtIns() {
        ConfigRegistry<Map<String, Object>, Layer> registry = new ConfigRegistry<Map<String, Object>, Layer>("layer",
                Layer.class, "fromConfig", Map.class, "LayerConfigs.registry()")
                .register("Activation", Activation.class, Activation::fromConfig)
                .register("Add", Add.class, Add::fromConfig)
                .register("Average", Average.class, Average::fromConfig)
                .register("AveragePool2D", AveragePool2D.class, AveragePool2D::fromConfig)
                .register("BatchNormalization", BatchNormalization.class, BatchNormalization::fromConfig)
                .register("Bidirectional", Bidirectional.class, Bidirectional::fromConfig)
                .register("Concatenate", Concatenate.class, Concatenate::fromConfig)
                .register("Conv1D", Conv1D.class, Conv1D::fromConfig)
                .register("Conv2D", Conv2D.class, Conv2D::fromConfig)
                .register("Dense", Dense.class, Dense::fromConfig)
                .register("Dropout", Dropout.class, Dropout::fromConfig)
                .register("Embedding", Embedding.class, Embedding::fromConfig)
                .register("Flatten", Flatten.class, Flatten::fromConfig)
                .register("GRU", GRU.class, GRU::fromConfig)
                .register("GlobalAveragePooling1D", GlobalAveragePooling1D.class, GlobalAveragePooling1D::fromConfig)
                .register("GlobalAveragePooling2D", GlobalAveragePooling2D.class, GlobalAveragePooling2D::fromConfig)
                .register("GlobalMaxPooling1D", GlobalMaxPooling1D.class, GlobalMaxPooling1D::fromConfig)
                .register("LSTM", LSTM.class, LSTM::fromConfig)
                .register("LayerNormalization", LayerNormalization.class, LayerNormalization::fromConfig)
                .register("Masking", Masking.class, Masking::fromConfig)
                .register("MaxPool1D", MaxPool1D.class, MaxPool1D::fromConfig)
                .register("MaxPool2D", MaxPool2D.class, MaxPool2D::fromConfig)
                .register("MultiHeadAttention", MultiHeadAttention.class, MultiHeadAttention::fromConfig)
                .register("Multiply", Multiply.class, Multiply::fromConfig)
                .register("Normalization", Normalization.class, Normalization::fromConfig)
                .register("PositionalEmbedding", PositionalEmbedding.class, PositionalEmbedding::fromConfig)
                .register("Rescaling", Rescaling.class, Rescaling::fromConfig)
                .register("Reshape", Reshape.class, Reshape::fromConfig)
                .register("SimpleRNN", SimpleRNN.class, SimpleRNN::fromConfig)
                .register("TimeDistributed", TimeDistributed.class, TimeDistributed::fromConfig)
                .register("TransformerEncoder", TransformerEncoder.class, TransformerEncoder::fromConfig);
        // Layers of the modules above (fathom-onnx), with Fathom's own loader whatever the thread's context loader.
        for (LayerTypes types : java.util.ServiceLoader.load(LayerTypes.class, LayerTypes.class.getClassLoader())) {
            types.registerInto(registry);
        }
        return registry;
    }

    /**
     * The saved entry of {@code layer}.
     *
     * @throws IllegalArgumentException when the layer cannot be recreated from it, naming the layer
     *     and why (no {@code fromConfig}, a custom regularizer, a configuration that does not round-trip)
     */
    public static Map<String, Object> toConfig(Layer layer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        putType(entry, layer);
        entry.put("name", layer.name());
        // Only a frozen layer says so: the entries of trainable layers stay as older readers wrote them.
        if (!layer.trainable()) entry.put("trainable", false);
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
        if (copy.getClass() != layer.getClass()) {
            throw new IllegalArgumentException("cannot save " + describe(layer) + ": recreating it from its config gives a "
                    + copy.getClass().getName() + ", not a " + layer.getClass().getName() + "; give " + layer.getClass().getSimpleName()
                    + " its own public static fromConfig(Map)");
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
     * @throws IllegalArgumentException naming the layer when its type or class is not registered
     *     (listing the known ones; no class is looked up), or the layer refuses the configuration
     */
    public static Layer fromConfig(Map<String, ?> entry) {
        return fromConfig(entry, "layer '" + entry.get("name") + "' (" + entry.get("type") + ")");
    }

    /** {@link #fromConfig(Map)} with {@code what} naming the entry in messages: how wrappers load the layer they hold. */
    @SuppressWarnings("unchecked")
    static Layer fromConfig(Map<String, ?> entry, String what) {
        Object type = entry.get("type");
        Object name = entry.get("name");
        if (!(type instanceof String typeName) || typeName.isEmpty()) {
            throw new IllegalArgumentException(what + " has no \"type\"; each layer entry needs {type, name, config}");
        }
        if (name != null && !(name instanceof String)) throw new IllegalArgumentException(what + ": \"name\" must be a string");
        Object config = entry.get("config") == null ? Map.of() : entry.get("config");
        if (!(config instanceof Map<?, ?> configMap)) {
            throw new IllegalArgumentException(what + ": \"config\" must be an object, got " + config);
        }
        Object className = entry.get("class");
        if (className != null && !(className instanceof String s && !s.isEmpty())) {
            throw new IllegalArgumentException(what + ": \"class\" must be a class name, got " + className);
        }
        Function<Map<String, Object>, Layer> factory = REGISTRY.factory(what, typeName, (String) className);
        Layer layer;
        try {
            layer = factory.apply((Map<String, Object>) configMap);
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (layer == null) throw new IllegalArgumentException(what + ": its fromConfig returned null");
        // A key the layer does not write is one it did not read: refused, not silently dropped.
        java.util.Set<String> known = layer.config().keySet();
        for (Object key : configMap.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(what + ": unexpected config key '" + key + "'; a " + typeName + " takes "
                        + known.stream().sorted().toList());
            }
        }
        if (name != null) layer.name((String) name);
        Object trainable = entry.get("trainable");
        if (trainable != null) {
            if (!(trainable instanceof Boolean b)) {
                throw new IllegalArgumentException(what + ": \"trainable\" must be true or false, got " + trainable);
            }
            layer.trainable(b);
        }
        return layer;
    }

    /** Puts {@code layer}'s {@code type} into a saved entry, and its {@code class} when it is not one of Fathom's. */
    static void putType(Map<String, Object> entry, Layer layer) {
        entry.put("type", layer.typeName());
        String className = layer.getClass().getName();
        if (!className.equals(LAYERS_PACKAGE + "." + layer.typeName())) entry.put("class", className);
    }

    private static String describe(Layer layer) {
        return "layer '" + layer.name() + "' (" + layer.typeName() + ")";
    }
}
