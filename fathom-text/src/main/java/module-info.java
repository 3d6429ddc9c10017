/**
 * Text data: {@code TextVectorization} (Keras' layer: standardize, split, n-grams, a vocabulary
 * learnt by {@code adapt}, and int, multi-hot, count or TF-IDF outputs) and table steps for the
 * preprocessing ({@code TfidfVectorizer} as scikit-learn's, {@code TextSequences} for networks).
 */
module dev.fathom.text {
    requires transitive dev.fathom.nn;

    exports dev.fathom.text;

    // The text steps of a Preprocessor, registered so a saved pipeline's text steps load by name.
    provides dev.fathom.data.preprocessing.TransformerTypes with dev.fathom.text.TextTransformerTypes;
}
