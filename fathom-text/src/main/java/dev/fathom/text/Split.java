package dev.fathom.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link TextVectorization} cuts a standardized text into tokens, under Keras' names: on runs of
 * whitespace ({@code "whitespace"}, the default), into single characters ({@code "character"}: code
 * points, so an emoji is one token, not two UTF-16 halves), on the matches of a regular expression
 * ({@link #regex}), or not at all ({@code none}: the whole text is one token). Empty tokens are
 * never produced, so an empty or blank text has no tokens.
 *
 * <pre>{@code
 * Split.whitespace().tokens(" the  cat\tsat ");   // [the, cat, sat]
 * Split.character().tokens("né😀");               // [n, é, 😀]
 * Split.regex("[;|]").tokens("red;green|blue");    // [red, green, blue]
 * }</pre>
 */
public final class Split {
    private static final Split WHITESPACE = new Split("whitespace", null);
    private static final Split CHARACTER = new Split("character", null);
    private static final Split NONE = new Split("none", null);

    /** The longest regex a saved config may give (a file's pattern runs on every text). */
    static final int MAX_SAVED_PATTERN = 1000;

    private final String mode;
    private final Pattern pattern;

    private Split(String mode, Pattern pattern) {
        this.mode = mode;
        this.pattern = pattern;
    }

    /** Runs of whitespace (any Unicode space separator, tab or line break) separate tokens. */
    public static Split whitespace() {
        return WHITESPACE;
    }

    /** Every code point is a token (whitespace included, as Keras' {@code split="character"}). */
    public static Split character() {
        return CHARACTER;
    }

    /** The whole standardized text is one token (Keras' {@code split=None}); an empty text has none. */
    public static Split none() {
        return NONE;
    }

    /**
     * The matches of {@code separator} separate tokens ({@link Pattern} syntax, Unicode-aware).
     *
     * @throws IllegalArgumentException when the expression does not compile, with the reason
     */
    public static Split regex(String separator) {
        Objects.requireNonNull(separator, "separator");
        try {
            return new Split("regex", Pattern.compile(separator, Pattern.UNICODE_CHARACTER_CLASS));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Split.regex: '" + separator + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** {@code "whitespace"}, {@code "character"}, {@code "regex"} or {@code "none"}. */
    public String mode() {
        return mode;
    }

    /** The separator of a {@link #regex} split, else null. */
    public String separator() {
        return pattern == null ? null : pattern.pattern();
    }

    /**
     * The split of {@code "whitespace"}, {@code "character"} or {@code "none"}, or of {@code "regex"}
     * with {@code separator}.
     */
    static Split of(String mode, String separator) {
        if (separator != null && separator.length() > MAX_SAVED_PATTERN) {
            throw new IllegalArgumentException("the split pattern is " + separator.length() + " characters long; a saved one may have at most "
                    + MAX_SAVED_PATTERN + " (a longer one is likely a damaged or hostile file)");
        }
        return switch (mode) {
            case "whitespace" -> WHITESPACE;
            case "character" -> CHARACTER;
            case "none" -> NONE;
            case "regex" -> regex(separator);
            default -> throw new IllegalArgumentException("no split mode '" + mode + "'; the modes are whitespace, character,"
                    + " regex and none");
        };
    }

    /** The tokens of {@code text}, in order. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        switch (mode) {
            case "whitespace" -> {
                int n = text.length();
                int i = 0;
                while (i < n) {
                    while (i < n && isSpace(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
                    int start = i;
                    while (i < n && !isSpace(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
                    if (i > start) out.add(text.substring(start, i));
                }
            }
            case "character" -> text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
            case "none" -> out.add(text);
            default -> {
                for (String t : pattern.split(text, -1)) if (!t.isEmpty()) out.add(t);
            }
        }
        return out;
    }

    /** Whitespace in Unicode's sense, no-break spaces included. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && s.mode.equals(mode) && Objects.equals(separator(), s.separator());
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, separator());
    }

    @Override
    public String toString() {
        return pattern == null ? mode : "regex(" + pattern.pattern() + ")";
    }
}
