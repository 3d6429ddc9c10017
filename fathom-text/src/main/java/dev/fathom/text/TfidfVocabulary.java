package dev.fathom.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One text column's fitted features for {@link TfidfVectorizer}: the terms (unigrams and n-grams,
 * sorted by code point as scikit-learn's {@code vocabulary_}), their idf weights, and the lookup
 * that finds a document's terms without building a string per n-gram: a token's id from a hash map,
 * a bigram's feature from its two ids in a primitive map.
 */
final class TfidfVocabulary {
    final List<String> terms;
    /** One per term, or null without idf weighting. */
    final double[] idf;
    private final Map<String, Integer> tokenIds = new HashMap<>();
    /** Token id -> unigram feature, or -1. */
    private int[] unigram;
    private final LongIntMap bigrams;
    private final Map<String, Integer> longer = new HashMap<>();

    TfidfVocabulary(List<String> terms, double[] idf) {
        this.terms = List.copyOf(terms);
        this.idf = idf;
        List<Integer> uni = new ArrayList<>();
        bigrams = new LongIntMap(terms.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int f = 0; f < terms.size(); f++) {
            if (!seen.add(terms.get(f))) {
                throw new IllegalArgumentException("the vocabulary holds '" + terms.get(f) + "' twice (at " + f + "); each term once");
            }
            String[] parts = terms.get(f).split(" ", -1);
            int[] ids = new int[parts.length];
            for (int k = 0; k < parts.length; k++) {
                Integer id = tokenIds.get(parts[k]);
                if (id == null) {
                    id = tokenIds.size();
                    tokenIds.put(parts[k], id);
                    uni.add(-1);
                }
                ids[k] = id;
            }
            if (ids.length == 1) uni.set(ids[0], f);
            else if (ids.length == 2) bigrams.putIfAbsent(key(ids[0], ids[1]), f);
            else longer.put(terms.get(f), f);
        }
        unigram = uni.stream().mapToInt(Integer::intValue).toArray();
    }

    static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /**
     * The features of one document: each occurrence of each term, as feature indices appended to
     * {@code out} (whose size is returned), for n-gram widths {@code minN..maxN}.
     */
    int features(String text, boolean lowercase, int minN, int maxN, int[][] ids, int[][] out) {
        String s = WordTokens.prepare(text, lowercase);
        int[] count = {0};
        int[][] buf = ids;
        List<int[]> spans = new ArrayList<>();
        WordTokens.scan(s, (str, a, b) -> {
            if (count[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], buf[0].length * 2);
            Integer id = tokenIds.get(str.substring(a, b));
            buf[0][count[0]++] = id == null ? -1 : id;
            if (maxN > 2) spans.add(new int[] {a, b});
        });
        int t = count[0];
        int[] tok = buf[0];
        int n = 0;
        for (int w = minN; w <= maxN; w++) {
            for (int i = 0; i + w <= t; i++) {
                int f;
                if (w == 1) {
                    f = tok[i] < 0 ? -1 : unigram[tok[i]];
                } else if (w == 2) {
                    f = tok[i] < 0 || tok[i + 1] < 0 ? -1 : bigrams.get(key(tok[i], tok[i + 1]));
                } else {
                    boolean known = true;
                    for (int k = i; k < i + w && known; k++) known = tok[k] >= 0;
                    f = -1;
                    if (known) {
                        StringBuilder b = new StringBuilder();
                        for (int k = i; k < i + w; k++) {
                            if (k > i) b.append(' ');
                            b.append(s, spans.get(k)[0], spans.get(k)[1]);
                        }
                        f = longer.getOrDefault(b.toString(), -1);
                    }
                }
                if (f >= 0) {
                    if (n == out[0].length) out[0] = Arrays.copyOf(out[0], out[0].length * 2);
                    out[0][n++] = f;
                }
            }
        }
        return n;
    }
}
