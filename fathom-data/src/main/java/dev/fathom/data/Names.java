package dev.fathom.data;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the name a user probably meant, for "no column 'prise'; did you mean 'price'?". Every
 * "did you mean" in Fathom's data packages (columns, class folders, data sets) asks this class.
 *
 * <pre>{@code
 * Names.closest("prise", List.of("price", "size"));   // "price"
 * Names.closest("zzz", List.of("price"));             // null: nothing is close enough to help
 * }</pre>
 */
public final class Names {
    private Names() {}

    /** The name in {@code candidates} closest to {@code wanted} by edit distance ignoring case, or null if none is close. */
    public static String closest(String wanted, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = wanted.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // Close means fewer edits than half the name; otherwise a suggestion misleads more than it helps.
        return best != null && bestDistance <= Math.max(1, wanted.length() / 2) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
