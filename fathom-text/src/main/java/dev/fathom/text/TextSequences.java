package dev.fathom.text;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.saving.ConfigMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each text column into {@code outputSequenceLength} columns of token ids with a
 * {@link TextVectorization} in int mode adapted on the training table, for networks that start with
 * an {@code Embedding}: column {@code "<column>#3"} holds the id of the text's fourth token, 0 past the
 * text's end (the padding an {@code Embedding} with {@code maskZero(true)} masks), 1 for a word not in
 * the vocabulary. A missing text is an empty one. Saved with the preprocessor, vocabulary included, so
 * a pipeline takes raw text.
 *
 * <pre>{@code
 * TextSequences seq = new TextSequences(new TextVectorization().maxTokens(20_000).outputSequenceLength(100));
 * Preprocessor prep = Preprocessor.builder().columns("tokens", List.of("review"), seq).build();
 * Tensor x = prep.fit(train).transformToTensor(train);       // [rows, 100] of ids
 * int inputDim = seq.vectorization("review").vocabularySize();  // for Embedding(inputDim, 32)
 * }</pre>
 */
public final class TextSequences extends Transformer {
    private final Map<String, Object> settings;
    final Map<String, TextVectorization> fitted = new LinkedHashMap<>();

    /**
     * @param template the settings every column's vectorizer copies (not its vocabulary): int mode with
     *     an {@code outputSequenceLength}
     * @throws IllegalArgumentException when the template is not in int mode or has no sequence length
     */
    public TextSequences(TextVectorization template) {
        if (template.outputMode() != OutputMode.INT || template.outputSequenceLength() == null) {
            throw new IllegalArgumentException("TextSequences: the template must be in int mode with an outputSequenceLength, e.g."
                    + " new TextVectorization().maxTokens(20000).outputSequenceLength(100); got " + template);
        }
        Map<String, Object> c = new LinkedHashMap<>(template.config());
        c.remove("vocabulary");
        c.remove("idfWeights");
        this.settings = c;
    }

    static TextSequences create(ConfigMap c) {
        Map<String, Object> m = new LinkedHashMap<>(c.map());
        m.remove("fitted");
        return new TextSequences(TextVectorization.fromConfig(m));
    }

    /** The vectorizer adapted on text column {@code column}. */
    public TextVectorization vectorization(String column) {
        requireFitted("vectorization");
        TextVectorization tv = fitted.get(column);
        if (tv == null) throw new IllegalArgumentException("TextSequences.vectorization: it was fitted on " + columns() + ", not '" + column + "'");
        return tv;
    }

    /** The sequence length: the number of columns each text column becomes. */
    public int sequenceLength() {
        return ((Number) settings.get("outputSequenceLength")).intValue();
    }

    @Override
    protected Map<String, Object> parameters() {
        return new LinkedHashMap<>(settings);
    }

    @Override
    protected void reset() {
        fitted.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        TextVectorization tv = TextVectorization.fromConfig(settings);
        tv.adapt(Arrays.asList(texts(column)));
        fitted.put(column.name(), tv);
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        TextVectorization tv = fitted.get(column.name());
        String[] texts = texts(column);
        int len = sequenceLength();
        double[][] cols = new double[len][texts.length];
        for (int r = 0; r < texts.length; r++) {
            int[] ids = tv.ids(texts[r]);
            for (int k = 0; k < Math.min(len, ids.length); k++) cols[k][r] = ids[k];
        }
        List<Column> out = new ArrayList<>(len);
        for (int k = 0; k < len; k++) out.add(NumericColumn.of(column.name() + "#" + k, cols[k]));
        return out;
    }

    private static String[] texts(Column column) {
        String[] t = new String[column.size()];
        for (int r = 0; r < t.length; r++) t[r] = column.isMissing(r) ? "" : column.text(r);
        return t;
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        return Map.of("vocabulary", fitted.get(name).config().get("vocabulary"));
    }

    @Override
    protected void restoreColumn(String name, ConfigMap stats) {
        stats.requireOnly(java.util.Set.of("vocabulary"));
        TextVectorization tv = TextVectorization.fromConfig(settings);
        tv.vocabulary(TextVectorization.strings(stats, "vocabulary"));
        fitted.put(name, tv);
    }
}
