package dev.fathom.text;

/**
 * What {@link TextVectorization} returns per text, under Keras' names: token ids ({@code "int"}), or
 * one value per vocabulary entry ({@code "multi_hot"}, {@code "count"}, {@code "tf_idf"}).
 */
public enum OutputMode {
    /** Token ids {@code [texts, outputSequenceLength]}, int32, padded with 0 (the mask) and cut at the length. */
    INT("int"),
    /** 1 where the vocabulary entry occurs in the text, else 0: float32 {@code [texts, vocabularySize]}. */
    MULTI_HOT("multi_hot"),
    /** How often each vocabulary entry occurs: float32 {@code [texts, vocabularySize]}. */
    COUNT("count"),
    /** Counts times each entry's inverse document frequency {@code ln(1 + documents / (1 + df))}, as Keras. */
    TF_IDF("tf_idf");

    private final String keyword;

    OutputMode(String keyword) {
        this.keyword = keyword;
    }

    /** Keras' name. */
    public String keyword() {
        return keyword;
    }

    /** The mode Keras calls {@code name}. @throws IllegalArgumentException listing the modes */
    public static OutputMode of(String name) {
        for (OutputMode m : values()) if (m.keyword.equals(name)) return m;
        throw new IllegalArgumentException("no output mode '" + name + "'; the modes are int, multi_hot, count and tf_idf");
    }
}
