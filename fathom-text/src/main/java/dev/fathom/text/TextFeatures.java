package dev.fathom.text;

import dev.fathom.data.Column;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.saving.ConfigMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Both representations of each text column side by side: its {@link TfidfVectorizer} columns
 * ({@code "<column>=<term>"}, for linear models, trees and neighbours) and then its
 * {@link TextSequences} columns ({@code "<column>#0"} ..., token ids for networks that start with
 * an {@code Embedding}). A column can be in one group of a {@code Preprocessor} only, so this step
 * gives one table both kinds of models can read, each picking its columns; {@code fathom train} uses
 * it for text columns.
 *
 * <pre>{@code
 * TextFeatures text = new TextFeatures(new TfidfVectorizer().ngramRange(1, 2).minDf(2),
 *         new TextSequences(new TextVectorization().maxTokens(10_000).outputSequenceLength(100)));
 * Preprocessor prep = Preprocessor.builder().columns("text", List.of("review"), text).build();
 * }</pre>
 */
public final class TextFeatures extends Transformer {
    private final TfidfVectorizer tfidf;
    private final TextSequences sequences;

    /**
     * @param tfidf     the TF-IDF settings (fitted here, per column)
     * @param sequences the token-id settings (fitted here, per column)
     * @throws IllegalArgumentException when either is missing
     */
    public TextFeatures(TfidfVectorizer tfidf, TextSequences sequences) {
        if (tfidf == null || sequences == null) throw new IllegalArgumentException("TextFeatures: give both a TfidfVectorizer and a TextSequences");
        this.tfidf = tfidf;
        this.sequences = sequences;
    }

    static TextFeatures create(ConfigMap c) {
        return new TextFeatures(TfidfVectorizer.create(nested(c, "tfidf")), TextSequences.create(nested(c, "sequences")));
    }

    private static ConfigMap nested(ConfigMap c, String key) {
        if (!(c.get(key) instanceof Map<?, ?> m)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be an object, got " + c.get(key));
        @SuppressWarnings("unchecked")
        Map<String, ?> s = (Map<String, ?>) m;
        return new ConfigMap(c.owner() + ", " + key, s);
    }

    /** The TF-IDF terms of fitted text column {@code column}, in the order of its {@code "<column>=<term>"} columns. */
    public List<String> terms(String column) {
        requireFitted("terms");
        TfidfVocabulary v = tfidf.fitted.get(column);
        if (v == null) throw new IllegalArgumentException("TextFeatures.terms: it was fitted on " + columns() + ", not '" + column + "'");
        return v.terms;
    }

    /**
     * The idf weight of each TF-IDF term of fitted text column {@code column}, in the order of
     * {@link #terms}: the fewer texts hold a term, the larger (scikit-learn's {@code idf_}); a copy.
     *
     * @throws IllegalStateException when the vectorizer was made with {@code useIdf(false)}
     */
    public double[] idf(String column) {
        terms(column);
        double[] w = tfidf.fitted.get(column).idf;
        if (w == null) throw new IllegalStateException("TextFeatures.idf: the TfidfVectorizer has useIdf(false), so there are no idf weights");
        return w.clone();
    }

    /** The vectorizer that gives fitted text column {@code column}'s token ids ({@code vocabularySize()} is an Embedding's inputDim). */
    public TextVectorization vectorization(String column) {
        requireFitted("vectorization");
        TextVectorization tv = sequences.fitted.get(column);
        if (tv == null) throw new IllegalArgumentException("TextFeatures.vectorization: it was fitted on " + columns() + ", not '" + column + "'");
        return tv;
    }

    /** The number of token-id columns each text column gives. */
    public int sequenceLength() {
        return sequences.sequenceLength();
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tfidf", tfidf.parameters());
        p.put("sequences", sequences.parameters());
        return p;
    }

    @Override
    protected void reset() {
        tfidf.reset();
        sequences.reset();
    }

    @Override
    protected void fitColumn(Column column) {
        tfidf.fitColumn(column);
        sequences.fitColumn(column);
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        List<Column> out = new ArrayList<>(tfidf.transformColumn(column));
        out.addAll(sequences.transformColumn(column));
        return out;
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tfidf", tfidf.fittedColumn(name));
        m.put("sequences", sequences.fittedColumn(name));
        return m;
    }

    @Override
    protected void restoreColumn(String name, ConfigMap stats) {
        stats.requireOnly(Set.of("tfidf", "sequences"));
        tfidf.restoreColumn(name, nested(stats, "tfidf"));
        sequences.restoreColumn(name, nested(stats, "sequences"));
    }
}
