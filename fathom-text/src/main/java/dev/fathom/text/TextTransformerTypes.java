package dev.fathom.text;

import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.data.preprocessing.TransformerTypes;
import dev.fathom.saving.ConfigMap;
import dev.fathom.saving.ConfigRegistry;

/**
 * Registers this module's preprocessing steps ({@link TfidfVectorizer}, {@link TextSequences}, {@link TextFeatures}) for
 * loading saved preprocessors and pipelines. {@link java.util.ServiceLoader} finds this class; there
 * is no need to call it.
 *
 * <pre>{@code
 * Transformer t = Transformer.fromConfig("TfidfVectorizer", savedConfig);   // works once fathom-text is on the path
 * }</pre>
 */
public final class TextTransformerTypes implements TransformerTypes {
    /** For {@link java.util.ServiceLoader}. */
    public TextTransformerTypes() {}

    @Override
    public void registerInto(ConfigRegistry<ConfigMap, Transformer> registry) {
        registry.register("TfidfVectorizer", TfidfVectorizer.class, TfidfVectorizer::create)
                .register("TextSequences", TextSequences.class, TextSequences::create)
                .register("TextFeatures", TextFeatures.class, TextFeatures::create);
    }
}
