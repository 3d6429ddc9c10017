package dev.fathom.text;

import java.util.Locale;

/**
 * How {@link TextVectorization} cleans a text before splitting it, under Keras' names
 * ({@code standardize="lower_and_strip_punctuation"}, ...). Lowercasing is Unicode's
 * ({@link String#toLowerCase(Locale) toLowerCase(Locale.ROOT)}: "Ünïcode" becomes "ünïcode", a final
 * Σ becomes ς); stripping removes Keras' ASCII punctuation {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~'}
 * and every character of Unicode's punctuation categories (¿ « » — … “ ”), working on code points,
 * so characters outside the Basic Multilingual Plane (emoji) are kept whole. Keras' own
 * {@code tf.strings.lower} lowercases ASCII only and its regex strips ASCII only: Fathom handles
 * other scripts the same way it handles English.
 *
 * <pre>{@code
 * Standardize.LOWER_AND_STRIP_PUNCTUATION.apply("¡Hola, Mundo!");   // "hola mundo"
 * new TextVectorization().standardize(Standardize.LOWER);
 * }</pre>
 */
public enum Standardize {
    /** Lowercase, then remove punctuation: Keras' default. */
    LOWER_AND_STRIP_PUNCTUATION("lower_and_strip_punctuation"),
    /** Remove punctuation only. */
    STRIP_PUNCTUATION("strip_punctuation"),
    /** Lowercase only. */
    LOWER("lower"),
    /** Keep the text as it is (Keras' {@code standardize=None}). */
    NONE("none");

    private final String keyword;

    Standardize(String keyword) {
        this.keyword = keyword;
    }

    /** Keras' name: {@code "lower_and_strip_punctuation"}, {@code "strip_punctuation"}, {@code "lower"} or {@code "none"}. */
    public String keyword() {
        return keyword;
    }

    /**
     * The standardization Keras calls {@code name}.
     *
     * @throws IllegalArgumentException listing the names there are
     */
    public static Standardize of(String name) {
        for (Standardize s : values()) if (s.keyword.equals(name)) return s;
        throw new IllegalArgumentException("no standardize mode '" + name + "'; the modes are lower_and_strip_punctuation,"
                + " strip_punctuation, lower and none (or pass a function to TextVectorization.standardize)");
    }

    /** {@code text} standardized; never null ({@code null} is the empty text). */
    public String apply(String text) {
        if (text == null) return "";
        String s = this == LOWER_AND_STRIP_PUNCTUATION || this == LOWER ? text.toLowerCase(Locale.ROOT) : text;
        return this == LOWER_AND_STRIP_PUNCTUATION || this == STRIP_PUNCTUATION ? stripPunctuation(s) : s;
    }

    /** {@code s} without punctuation (see the class comment), code point by code point. */
    static String stripPunctuation(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (out == null) out = new StringBuilder(s.length()).append(s, 0, i);
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += len;
        }
        return out == null ? s : out.toString();
    }

    /** Keras' ASCII set, or a Unicode punctuation category (Pc Pd Ps Pe Pi Pf Po). */
    static boolean isPunctuation(int cp) {
        if (cp < 128) return "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'".indexOf(cp) >= 0;
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
