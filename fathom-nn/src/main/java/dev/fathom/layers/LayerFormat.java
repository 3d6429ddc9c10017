package dev.fathom.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints a layer for a REPL, as PyTorch prints a module: the type with its hyperparameters, the
 * name, and once built the shapes and parameter count:
 * {@code Dense(units=10, activation=relu, ..., name=dense) [batch, 784] -> [batch, 10], 7,850 params}.
 *
 * <p>Values are shown compactly: an initializer or regularizer config {@code {name=glorot_uniform}}
 * as {@code glorot_uniform} (with its parameters in parentheses when it has some), a wrapped layer's
 * {@code {type, name, config}} as {@code LSTM(units=8, ...)}.
 */
final class LayerFormat {
    private LayerFormat() {}

    static String format(Layer layer, String name) {
        StringJoiner args = new StringJoiner(", ", layer.typeName() + "(", ")");
        try {
            Map<String, Object> config = layer.config();
            if (config != null) config.forEach((k, v) -> args.add(k + "=" + value(v)));
        } catch (RuntimeException e) {
            // A layer whose config cannot be read yet (or a user's layer with a bug there) still prints.
            args.add("config unavailable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (name != null) args.add("name=" + name);
        String s = args.toString();
        if (!layer.isBuilt()) return s;
        try {
            long params = layer.parameterCount();
            return s + " " + Layer.batchShape(layer.inputShape()) + " -> " + Layer.batchShape(layer.outputShape()) + ", "
                    + String.format(Locale.ROOT, "%,d", params) + (params == 1 ? " param" : " params");
        } catch (RuntimeException e) {
            return s;   // e.g. a weight of a user's layer closed by mistake: the config is still worth showing
        }
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m when m.get("type") instanceof String type && m.get("config") instanceof Map<?, ?> c ->
                    // A wrapped layer, as LayerConfigs writes it.
                    call(type, c);
            case Map<?, ?> m when m.get("name") instanceof String n -> {
                // An initializer or regularizer: its name, then any parameters.
                Map<Object, Object> params = new LinkedHashMap<>(m);
                params.remove("name");
                yield params.isEmpty() ? n : call(n, params);
            }
            case Map<?, ?> m -> {
                StringJoiner j = new StringJoiner(", ", "{", "}");
                m.forEach((k, x) -> j.add(k + "=" + value(x)));
                yield j.toString();
            }
            case List<?> list -> {
                StringJoiner j = new StringJoiner(", ", "[", "]");
                for (Object x : list) j.add(value(x));
                yield j.toString();
            }
            case int[] a -> Arrays.toString(a);
            default -> String.valueOf(v);
        };
    }

    private static String call(String head, Map<?, ?> params) {
        StringJoiner j = new StringJoiner(", ", head + "(", ")");
        params.forEach((k, x) -> j.add(k + "=" + value(x)));
        return j.toString();
    }
}
