package dev.fathom.layers;

import dev.fathom.saving.ConfigRegistry;

import java.util.Map;

/**
 * A module's layer types, registered into {@link LayerConfigs#registry()} when it is first used.
 * Found with {@link java.util.ServiceLoader} ({@code provides} in module-info, and
 * {@code META-INF/services} on the class path): how a module above this one (fathom-onnx's
 * imported operators) makes its layers load from a saved model with no call of its own first and
 * no reflection.
 *
 * <pre>{@code
 * public final class OnnxLayerTypes implements LayerTypes {
 *     public void registerInto(ConfigRegistry<Map<String, Object>, Layer> registry) {
 *         registry.register("OnnxConv", OnnxConv.class, OnnxConv::fromConfig);
 *     }
 * }
 * }</pre>
 */
public interface LayerTypes {
    /** Registers each of the module's layers under its type name. */
    void registerInto(ConfigRegistry<Map<String, Object>, Layer> registry);
}
