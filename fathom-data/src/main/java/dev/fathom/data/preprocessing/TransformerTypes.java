package dev.fathom.data.preprocessing;

import dev.fathom.saving.ConfigMap;
import dev.fathom.saving.ConfigRegistry;

/**
 * A module's preprocessing step types, registered into the registry {@link Transformer#fromConfig}
 * reads when {@link Transformer} is first used. Found with {@link java.util.ServiceLoader}
 * ({@code provides} in module-info, and {@code META-INF/services} on the class path): this is how
 * modules above this one, whose classes {@code dev.fathom.data.preprocessing} cannot name (the text
 * steps of {@code dev.fathom.text}), put their steps in a saved {@link Preprocessor}, loaded with no
 * reflection.
 *
 * <pre>{@code
 * public final class TextTransformerTypes implements TransformerTypes {
 *     public void registerInto(ConfigRegistry<ConfigMap, Transformer> registry) {
 *         registry.register("TfidfVectorizer", TfidfVectorizer.class, TfidfVectorizer::create);
 *     }
 * }
 * }</pre>
 */
public interface TransformerTypes {
    /** Registers each of the module's steps under its {@link Transformer#type()} name. */
    void registerInto(ConfigRegistry<ConfigMap, Transformer> registry);
}
