package dev.fathom.text;

import java.util.Locale;

/**
 * scikit-learn's default tokenization: lowercase (Python's {@code str.lower}), then every maximal run
 * of two or more word characters ({@code token_pattern=r"(?u)\b\w\w+\b"}), where a word character is
 * a letter, a digit, another numeric character (Nl, No) or {@code _}, as Python's {@code \w}. One scan
 * over code points, no regular expression.
 */
final class WordTokens {
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) ASCII_WORD[c] = Character.isLetterOrDigit(c) || c == '_';
    }

    /** Receives each token as a range of the (lowercased) text. */
    interface Sink {
        void token(String text, int start, int end);
    }

    private WordTokens() {}

    /** {@code text} lowercased when {@code lowercase}; null is empty. */
    static String prepare(String text, boolean lowercase) {
        if (text == null) return "";
        return lowercase ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** Calls {@code sink} with each token of {@code s}, in order. */
    static void scan(String s, Sink sink) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char ch = s.charAt(i);
            if (ch < 128 ? !ASCII_WORD[ch] : !isWord(s.codePointAt(i))) {
                i += ch < 128 ? 1 : Character.charCount(s.codePointAt(i));
                continue;
            }
            int start = i;
            int codePoints = 0;
            while (i < n) {
                ch = s.charAt(i);
                if (ch < 128) {
                    if (!ASCII_WORD[ch]) break;
                    i++;
                } else {
                    int cp = s.codePointAt(i);
                    if (!isWord(cp)) break;
                    i += Character.charCount(cp);
                }
                codePoints++;
            }
            if (codePoints >= 2) sink.token(s, start, i);
        }
    }

    /** Python's {@code \w} outside ASCII: {@code str.isalnum()} (letters, digits, numerics) or underscore. */
    static boolean isWord(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int t = Character.getType(cp);
        return t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }
}
