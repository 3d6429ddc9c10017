package dev.fathom.text;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.saving.ConfigMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns each text column into TF-IDF features, as scikit-learn's {@code TfidfVectorizer} with its
 * defaults: lowercase, tokens of two or more word characters ({@code token_pattern=r"(?u)\b\w\w+\b"}),
 * n-grams of {@link #ngramRange} tokens, terms kept by {@link #minDf}/{@link #maxDf} and the
 * {@link #maxFeatures} most frequent, sorted by code point; a term's weight is its count (or {@code 1 +
 * ln count} with {@link #sublinearTf}) times {@code idf = ln((1 + n) / (1 + df)) + 1} (smooth idf; {@code
 * ln(n / df) + 1} without), each row scaled to unit Euclidean length ({@link Norm#L2}). A text column
 * becomes one numeric column per term, named {@code "<column>=<term>"}, for logistic regression or
 * any estimator; a missing text is an empty one (all zeros).
 *
 * <p>In a {@code Preprocessor} it is a step of a group of text columns, fitted on the training table
 * only and saved with the pipeline, so a pipeline predicts from raw text. {@link #fitTransform(List)}
 * and {@link #transform(List)} work on plain lists of texts and return a {@link SparseMatrix}, as
 * scikit-learn's.
 *
 * <pre>{@code
 * TfidfVectorizer tfidf = new TfidfVectorizer().ngramRange(1, 2).minDf(2).maxFeatures(20_000);
 * Preprocessor prep = Preprocessor.builder()
 *         .columns("text", List.of("review"), tfidf)
 *         .numeric(List.of("stars"), new SimpleImputer(Strategy.MEDIAN))
 *         .build();
 * Pipeline p = Pipeline.fit(train, "label", prep, new LogisticRegression());
 * p.predictColumn(p.tableOf(List.of(Map.of("review", "Great film, would watch again", "stars", 5))));
 *
 * SparseMatrix x = new TfidfVectorizer().fitTransform(List.of("the cat sat", "the dog"));   // 2 x 4, rows of length 1
 * }</pre>
 */
public final class TfidfVectorizer extends Transformer {
    /** How each row is scaled (scikit-learn's {@code norm}). */
    public enum Norm {
        /** To unit Euclidean length (the default). */
        L2,
        /** To unit sum of absolute values. */
        L1,
        /** Not scaled. */
        NONE
    }

    private int minN = 1;
    private int maxN = 1;
    /** Exactly one of each pair is set: a count of texts or a share of them. */
    private Integer minDfCount = 1;
    private Double minDfShare;
    private Integer maxDfCount;
    private Double maxDfShare = 1.0;
    private Integer maxFeatures;
    private boolean sublinearTf;
    private boolean smoothIdf = true;
    private boolean useIdf = true;
    private boolean lowercase = true;
    private Norm norm = Norm.L2;

    final Map<String, TfidfVocabulary> fitted = new LinkedHashMap<>();

    /** scikit-learn's defaults: unigrams, every term, smooth idf, l2 rows. */
    public TfidfVectorizer() {}

    static TfidfVectorizer create(ConfigMap c) {
        TfidfVectorizer t = new TfidfVectorizer();
        int[] range = c.integers("ngramRange", 2, new int[] {1, 1});
        t.ngramRange(range[0], range[1]);
        if (c.has("minDfShare")) t.minDf(c.number("minDfShare"));
        else t.minDf(c.integer("minDf", 1));
        if (c.has("maxDf")) t.maxDf(c.integer("maxDf"));
        else t.maxDf(c.number("maxDfShare", 1.0));
        if (c.has("maxFeatures")) t.maxFeatures(c.integer("maxFeatures"));
        t.sublinearTf = c.bool("sublinearTf", false);
        t.smoothIdf = c.bool("smoothIdf", true);
        t.useIdf = c.bool("useIdf", true);
        t.lowercase = c.bool("lowercase", true);
        t.norm = c.keyword("norm", Norm.L2);
        return t;
    }

    // ---- settings ----------------------------------------------------------------------------

    /** N-grams of {@code min} to {@code max} tokens (scikit-learn's {@code ngram_range}; (1, 1) by default). */
    public TfidfVectorizer ngramRange(int min, int max) {
        if (min < 1 || max < min || max > 16) {
            throw new IllegalArgumentException("TfidfVectorizer.ngramRange: need 1 <= min <= max <= 16, got (" + min + ", " + max + ")");
        }
        minN = min;
        maxN = max;
        return this;
    }

    /** Keeps terms in at least {@code documents} training texts (scikit-learn's {@code min_df=int}). */
    public TfidfVectorizer minDf(int documents) {
        if (documents < 1) throw new IllegalArgumentException("TfidfVectorizer.minDf: a count of texts must be at least 1, got " + documents);
        minDfCount = documents;
        minDfShare = null;
        return this;
    }

    /** Keeps terms in at least this share of the training texts (scikit-learn's {@code min_df=float}, in [0, 1)). */
    public TfidfVectorizer minDf(double share) {
        minDfShare = checkShare("minDf", share);
        minDfCount = null;
        return this;
    }

    /** Drops terms in more than {@code documents} training texts (scikit-learn's {@code max_df=int}). */
    public TfidfVectorizer maxDf(int documents) {
        if (documents < 1) throw new IllegalArgumentException("TfidfVectorizer.maxDf: a count of texts must be at least 1, got " + documents);
        maxDfCount = documents;
        maxDfShare = null;
        return this;
    }

    /** Drops terms in more than this share of the training texts (scikit-learn's {@code max_df=float}; 1.0 keeps all). */
    public TfidfVectorizer maxDf(double share) {
        maxDfShare = checkShare("maxDf", share);
        maxDfCount = null;
        return this;
    }

    /** Keeps only the {@code n} terms most frequent over the training texts (scikit-learn's {@code max_features}). */
    public TfidfVectorizer maxFeatures(int n) {
        if (n < 1) throw new IllegalArgumentException("TfidfVectorizer.maxFeatures: must be at least 1, got " + n);
        maxFeatures = n;
        return this;
    }

    /** Uses {@code 1 + ln(count)} instead of the count (scikit-learn's {@code sublinear_tf}). */
    public TfidfVectorizer sublinearTf(boolean on) {
        sublinearTf = on;
        return this;
    }

    /** Adds one to every document frequency, as if one text held every term (on by default). */
    public TfidfVectorizer smoothIdf(boolean on) {
        smoothIdf = on;
        return this;
    }

    /** Weighs counts by idf (on by default); off gives normalized term frequencies. */
    public TfidfVectorizer useIdf(boolean on) {
        useIdf = on;
        return this;
    }

    /** Lowercases texts before tokenizing (on by default). */
    public TfidfVectorizer lowercase(boolean on) {
        lowercase = on;
        return this;
    }

    /** How each row is scaled; {@link Norm#L2} by default. */
    public TfidfVectorizer norm(Norm norm) {
        if (norm == null) throw new IllegalArgumentException("TfidfVectorizer.norm: null; use L2, L1 or NONE");
        this.norm = norm;
        return this;
    }

    private static double checkShare(String what, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("TfidfVectorizer." + what + ": a share of texts must be in [0, 1], got " + share
                    + "; pass an int for a count of texts");
        }
        return share;
    }

    /** The least or most document count a term may have: a count as given, a share of {@code documents} as scikit-learn rounds it. */
    private static long dfLimit(Integer count, Double share, int documents, boolean max) {
        if (count != null) return count;
        // scikit-learn compares document counts with max_df * n_doc and min_df * n_doc as floats.
        return max ? (long) Math.floor(share * documents) : (long) Math.ceil(share * documents);
    }

    // ---- fitting -----------------------------------------------------------------------------

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ngramRange", List.of(minN, maxN));
        if (minDfCount != null) p.put("minDf", minDfCount);
        else p.put("minDfShare", minDfShare);
        if (maxDfCount != null) p.put("maxDf", maxDfCount);
        else p.put("maxDfShare", maxDfShare);
        if (maxFeatures != null) p.put("maxFeatures", maxFeatures);
        p.put("sublinearTf", sublinearTf);
        p.put("smoothIdf", smoothIdf);
        p.put("useIdf", useIdf);
        p.put("lowercase", lowercase);
        p.put("norm", norm.name().toLowerCase(Locale.ROOT));
        return p;
    }

    @Override
    protected void reset() {
        fitted.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        fitted.put(column.name(), learn(texts(column), column.name()));
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        TfidfVocabulary v = fitted.get(column.name());
        SparseMatrix m = weigh(v, texts(column));
        int n = m.rows();
        double[][] cols = new double[v.terms.size()][n];
        for (int r = 0; r < n; r++) for (int k = m.indptr()[r]; k < m.indptr()[r + 1]; k++) cols[m.indices()[k]][r] = m.values()[k];
        List<Column> out = new ArrayList<>(cols.length);
        for (int f = 0; f < cols.length; f++) out.add(NumericColumn.of(column.name() + "=" + v.terms.get(f), cols[f]));
        return out;
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        TfidfVocabulary v = fitted.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocabulary", v.terms);
        if (v.idf != null) m.put("idf", Arrays.stream(v.idf).boxed().toList());
        return m;
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        List<String> terms = TextVectorization.strings(c, "vocabulary");
        double[] idf = null;
        if (useIdf) {
            if (!(c.get("idf") instanceof List<?> ws) || ws.size() != terms.size()) {
                throw new IllegalArgumentException(c.owner() + ": 'idf' must be a list of " + terms.size() + " numbers, one per term");
            }
            idf = new double[terms.size()];
            for (int i = 0; i < idf.length; i++) {
                if (!(ws.get(i) instanceof Number x) || !(x.doubleValue() >= 1) || Double.isInfinite(x.doubleValue())) {
                    throw new IllegalArgumentException(c.owner() + ": 'idf' holds " + ws.get(i) + " at " + i + "; idf weights are finite and at least 1");
                }
                idf[i] = x.doubleValue();
            }
        }
        fitted.put(name, new TfidfVocabulary(terms, idf));
    }

    /** The terms of the fitted text column {@code column}, in feature order (scikit-learn's {@code get_feature_names_out}). */
    public List<String> vocabulary(String column) {
        requireFitted("vocabulary");
        TfidfVocabulary v = fitted.get(column);
        if (v == null) throw new IllegalArgumentException("TfidfVectorizer.vocabulary: it was fitted on " + columns() + ", not '" + column + "'");
        return v.terms;
    }

    /** The idf weight of each term of {@code column} (a copy; scikit-learn's {@code idf_}). */
    public double[] idf(String column) {
        vocabulary(column);
        double[] w = fitted.get(column).idf;
        if (w == null) throw new IllegalStateException("TfidfVectorizer.idf: useIdf is off, so there are no idf weights");
        return w.clone();
    }

    /**
     * Fits on {@code texts} as one column named {@code "text"} and returns their TF-IDF matrix
     * {@code [texts, terms]} (scikit-learn's {@code fit_transform}).
     */
    public SparseMatrix fitTransform(List<String> texts) {
        fit(Table.of(CategoricalColumn.of("text", texts.toArray(new String[0]))));
        return transform(texts);
    }

    /** The TF-IDF matrix of {@code texts} with the vocabulary fitted on one column ({@link #fitTransform(List)}). */
    public SparseMatrix transform(List<String> texts) {
        requireFitted("transform");
        if (fitted.size() != 1) {
            throw new IllegalStateException("TfidfVectorizer.transform(texts): it was fitted on " + columns() + "; pass a table with those columns");
        }
        return weigh(fitted.values().iterator().next(), texts.toArray(new String[0]));
    }

    private static String[] texts(Column column) {
        String[] t = new String[column.size()];
        for (int r = 0; r < t.length; r++) t[r] = column.isMissing(r) ? "" : column.text(r);
        return t;
    }

    /** Counts every n-gram of the training texts, keeps the terms the settings keep, and weighs them. */
    private TfidfVocabulary learn(String[] docs, String column) {
        int n = docs.length;
        Map<String, Integer> tokens = new HashMap<>();
        List<String> tokenText = new ArrayList<>();
        LongIntMap bigram = new LongIntMap(1024);
        Map<String, Integer> longer = new HashMap<>();
        // Per feature (fit-time ids): width, key (token id, or a bigram's two ids), count over the corpus, document count.
        int[][] unigramFeature = {new int[1024]};
        Arrays.fill(unigramFeature[0], -1);
        Counts counts = new Counts();
        int[] ids = new int[64];
        List<String> spans = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            String s = WordTokens.prepare(docs[d], lowercase);
            int[] t = {0};
            int[][] buf = {ids};
            spans.clear();
            WordTokens.scan(s, (str, a, b) -> {
                String tok = str.substring(a, b);
                Integer id = tokens.get(tok);
                if (id == null) {
                    id = tokens.size();
                    tokens.put(tok, id);
                    tokenText.add(tok);
                }
                if (t[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], buf[0].length * 2);
                buf[0][t[0]++] = id;
                if (maxN > 2) spans.add(tok);
            });
            ids = buf[0];
            for (int w = minN; w <= maxN; w++) {
                for (int i = 0; i + w <= t[0]; i++) {
                    int f;
                    if (w == 1) {
                        int u = ids[i];
                        if (u >= unigramFeature[0].length) {
                            int old = unigramFeature[0].length;
                            unigramFeature[0] = Arrays.copyOf(unigramFeature[0], Math.max(old * 2, u + 1));
                            Arrays.fill(unigramFeature[0], old, unigramFeature[0].length, -1);
                        }
                        f = unigramFeature[0][u];
                        if (f < 0) f = unigramFeature[0][u] = counts.add(1, u);
                    } else if (w == 2) {
                        long key = TfidfVocabulary.key(ids[i], ids[i + 1]);
                        f = bigram.get(key);
                        if (f < 0) f = bigram.putIfAbsent(key, counts.add(2, key));
                    } else {
                        String gram = String.join(" ", spans.subList(i, i + w));
                        Integer g = longer.get(gram);
                        if (g == null) {
                            g = counts.add(w, longer.size());
                            longer.put(gram, g);
                        }
                        f = g;
                    }
                    counts.see(f, d);
                }
            }
        }
        List<String> longerNames = new ArrayList<>(longer.size());
        for (int i = 0; i < longer.size(); i++) longerNames.add(null);
        longer.forEach((gram, f) -> longerNames.set((int) counts.key[f], gram));

        long minCount = dfLimit(minDfCount, minDfShare, n, false);
        long maxCount = dfLimit(maxDfCount, maxDfShare, n, true);
        if (maxCount < minCount) {
            throw new IllegalArgumentException("TfidfVectorizer.fit: column '" + column + "': maxDf keeps terms in at most " + maxCount
                    + " texts but minDf asks for at least " + minCount + "; lower minDf or raise maxDf");
        }
        List<Integer> kept = new ArrayList<>();
        for (int f = 0; f < counts.size; f++) if (counts.df[f] >= minCount && counts.df[f] <= maxCount) kept.add(f);
        if (maxFeatures != null && kept.size() > maxFeatures) {
            // The most frequent over the corpus; ties by term, so the choice does not depend on the order of the texts.
            kept.sort((a, b) -> counts.total[a] != counts.total[b] ? Long.compare(counts.total[b], counts.total[a])
                    : TextVectorization.compareCodePoints(name(counts, a, tokenText, longerNames), name(counts, b, tokenText, longerNames)));
            kept = new ArrayList<>(kept.subList(0, maxFeatures));
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("TfidfVectorizer.fit: column '" + column + "' leaves no term: " + (counts.size == 0
                    ? "its texts hold no word of two or more letters or digits" : counts.size + " terms, none in " + minCount + " to "
                    + maxCount + " texts") + "; check the column holds text, or lower minDf");
        }
        String[] names = new String[kept.size()];
        for (int i = 0; i < names.length; i++) names[i] = name(counts, kept.get(i), tokenText, longerNames);
        Integer[] order = new Integer[names.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> TextVectorization.compareCodePoints(names[a], names[b]));
        List<String> terms = new ArrayList<>(names.length);
        double[] idf = useIdf ? new double[names.length] : null;
        for (int i = 0; i < order.length; i++) {
            terms.add(names[order[i]]);
            if (idf != null) {
                long df = counts.df[kept.get(order[i])];
                idf[i] = smoothIdf ? Math.log((1.0 + n) / (1.0 + df)) + 1 : Math.log((double) n / df) + 1;
            }
        }
        return new TfidfVocabulary(terms, idf);
    }

    private static String name(Counts c, int f, List<String> tokenText, List<String> longerNames) {
        return switch (c.width[f]) {
            case 1 -> tokenText.get((int) c.key[f]);
            case 2 -> tokenText.get((int) (c.key[f] >>> 32)) + " " + tokenText.get((int) c.key[f]);
            default -> longerNames.get((int) c.key[f]);
        };
    }

    /** Grow-as-needed arrays of the fit-time features. */
    private static final class Counts {
        byte[] width = new byte[1024];
        long[] key = new long[1024];
        long[] total = new long[1024];
        int[] df = new int[1024];
        int[] lastDoc = new int[1024];
        int size;

        int add(int w, long k) {
            if (size == width.length) {
                int cap = size * 2;
                width = Arrays.copyOf(width, cap);
                key = Arrays.copyOf(key, cap);
                total = Arrays.copyOf(total, cap);
                df = Arrays.copyOf(df, cap);
                lastDoc = Arrays.copyOf(lastDoc, cap);
            }
            width[size] = (byte) w;
            key[size] = k;
            lastDoc[size] = -1;
            return size++;
        }

        void see(int f, int doc) {
            total[f]++;
            if (lastDoc[f] != doc) {
                lastDoc[f] = doc;
                df[f]++;
            }
        }
    }

    /** The weighted, normalized rows of {@code docs}. */
    private SparseMatrix weigh(TfidfVocabulary v, String[] docs) {
        int n = docs.length;
        int[] indptr = new int[n + 1];
        int[] indices = new int[Math.max(16, n * 8)];
        double[] values = new double[indices.length];
        int[] count = new int[v.terms.size()];
        int[][] ids = {new int[64]};
        int[][] feats = {new int[64]};
        int nnz = 0;
        for (int r = 0; r < n; r++) {
            int m = v.features(docs[r], lowercase, minN, maxN, ids, feats);
            int[] f = feats[0];
            int distinct = 0;
            for (int i = 0; i < m; i++) {
                if (count[f[i]]++ == 0) f[distinct++] = f[i];   // the distinct features, compacted in place (reads stay ahead)
            }
            Arrays.sort(f, 0, distinct);
            if (nnz + distinct > indices.length) {
                int cap = Math.max(indices.length * 2, nnz + distinct);
                indices = Arrays.copyOf(indices, cap);
                values = Arrays.copyOf(values, cap);
            }
            double norm2 = 0, norm1 = 0;
            for (int i = 0; i < distinct; i++) {
                int k = f[i];
                double tf = sublinearTf ? 1 + Math.log(count[k]) : count[k];
                double x = v.idf != null ? tf * v.idf[k] : tf;
                count[k] = 0;
                indices[nnz + i] = k;
                values[nnz + i] = x;
                norm2 += x * x;
                norm1 += Math.abs(x);
            }
            double scale = norm == Norm.L2 ? Math.sqrt(norm2) : norm == Norm.L1 ? norm1 : 1;
            if (scale > 0 && scale != 1) for (int i = 0; i < distinct; i++) values[nnz + i] /= scale;
            nnz += distinct;
            indptr[r + 1] = nnz;
        }
        return new SparseMatrix(n, v.terms.size(), indptr, Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
    }
}
