package dev.fathom.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** N-grams of a token list, joined by one space, all of the first width, then all of the next (as Keras and scikit-learn). */
final class NGrams {
    private NGrams() {}

    /** The n-grams of {@code tokens} for each width in {@code widths}, in that order; {@code tokens} itself when widths is {1}. */
    static List<String> of(List<String> tokens, int[] widths) {
        if (widths.length == 1 && widths[0] == 1) return tokens;
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int n : widths) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                if (n == 1) {
                    out.add(tokens.get(i));
                    continue;
                }
                b.setLength(0);
                for (int k = 0; k < n; k++) {
                    if (k > 0) b.append(' ');
                    b.append(tokens.get(i + k));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Checks widths are positive, distinct and ascending. */
    static int[] check(String owner, int[] widths) {
        if (widths == null || widths.length == 0) throw new IllegalArgumentException(owner + ": give at least one n-gram width, e.g. ngrams(2) for 1- and 2-grams");
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1 || widths[i] > 16 || (i > 0 && widths[i] <= widths[i - 1])) {
                throw new IllegalArgumentException(owner + ": n-gram widths must be ascending whole numbers in 1..16, got "
                        + Arrays.toString(widths));
            }
        }
        return widths.clone();
    }
}
