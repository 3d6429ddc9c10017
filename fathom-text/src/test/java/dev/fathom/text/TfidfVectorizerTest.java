package dev.fathom.text;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.saving.Json;
import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TfidfVectorizer against scikit-learn's (src/test/python/make_golden_tfidf.py), and as a saved preprocessing step. */
class TfidfVectorizerTest {
    /** The corpus of make_golden_tfidf.py, in the same order. */
    static final List<String> TRAIN = List.of(
            "The cat sat on the mat.",
            "The dog sat on the log!",
            "Cats and dogs: the best of friends?",
            "",
            "A a a I x",
            "Café naïve ΟΔΟΣ Straße, café CAFÉ",
            "東京 is big; 東京 is busy 😀 x² ½ snake_case",
            "the the the dog dog barked",
            "It's a dog-eat-dog world, isn't it?",
            "On the mat, the cat; on the log, the dog.");
    static final List<String> NEW = List.of(
            "The cat and the unknown zebra",
            "",
            "café ΟΔΟΣ 東京 dog",
            "never seen words only");

    private static TfidfVectorizer configured(Golden.Case c) {
        TfidfVectorizer v = new TfidfVectorizer();
        if (c.has("param.ngram_range")) {
            int[] r = c.ints("param.ngram_range");
            v.ngramRange(r[0], r[1]);
        }
        if (c.has("param.sublinear_tf")) v.sublinearTf(Boolean.parseBoolean(c.str("param.sublinear_tf").toLowerCase()));
        if (c.has("param.smooth_idf")) v.smoothIdf(Boolean.parseBoolean(c.str("param.smooth_idf").toLowerCase()));
        if (c.has("param.use_idf")) v.useIdf(Boolean.parseBoolean(c.str("param.use_idf").toLowerCase()));
        if (c.has("param.norm")) v.norm(TfidfVectorizer.Norm.valueOf(c.str("param.norm").toUpperCase()));
        if (c.has("param.max_features")) v.maxFeatures((int) c.num("param.max_features"));
        for (String k : List.of("min_df", "max_df")) {
            if (!c.has("param." + k)) continue;
            String s = c.str("param." + k);
            boolean share = s.contains(".");
            if (k.equals("min_df")) {
                if (share) v.minDf(Double.parseDouble(s));
                else v.minDf(Integer.parseInt(s));
            } else if (share) {
                v.maxDf(Double.parseDouble(s));
            } else {
                v.maxDf(Integer.parseInt(s));
            }
        }
        return v;
    }

    @Test
    void matchesScikitLearn() {
        List<Golden.Case> cases = Golden.load("/golden/text/tfidf.txt");
        assertEquals(5, cases.size());
        for (Golden.Case c : cases) {
            TfidfVectorizer v = configured(c);
            SparseMatrix x = v.fitTransform(TRAIN);
            assertEquals(Arrays.asList(c.str("vocabulary").split("\\|")), v.vocabulary("text"), c.name() + ": vocabulary");
            if (c.has("idf")) Golden.assertClose(c.name() + ": idf", c.nums("idf"), v.idf("text"), 1e-12, 1e-12);
            assertArrayEquals(c.ints("train.shape"), new int[] {x.rows(), x.columns()}, c.name());
            Golden.assertClose(c.name() + ": train", c.nums("train"), dense(x), 1e-12, 1e-12);
            Golden.assertClose(c.name() + ": new texts", c.nums("new"), dense(v.transform(NEW)), 1e-12, 1e-12);
        }
    }

    private static double[] dense(SparseMatrix m) {
        double[] out = new double[m.rows() * m.columns()];
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.columns(); c++) out[r * m.columns() + c] = m.get(r, c);
        return out;
    }

    @Test
    void aSavedPreprocessorGivesTheSameFeatures() {
        String[] texts = TRAIN.toArray(new String[0]);
        String[] withMissing = texts.clone();
        withMissing[1] = null;
        double[] stars = new double[texts.length];
        Arrays.setAll(stars, i -> i % 5);
        Table train = Table.of(CategoricalColumn.of("review", withMissing), NumericColumn.of("stars", stars));
        Preprocessor p = Preprocessor.builder()
                .columns("text", List.of("review"), new TfidfVectorizer().ngramRange(1, 2).minDf(2))
                .numeric(List.of("stars"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN))
                .build().fit(train);
        assertTrue(p.featureNames().contains("review=on the"), p.featureNames().toString());
        assertEquals("stars", p.featureNames().getLast());
        // The missing text is an empty one: all its text features are 0.
        Table out = p.transform(train);
        for (String f : p.featureNames()) if (f.startsWith("review=")) assertEquals(0.0, out.numeric(f).get(1), f);

        Map<String, Object> json = Json.parse(Json.write(p.config()), "test");
        Preprocessor back = Preprocessor.fromConfig(json);
        assertArrayEquals(p.transformToTensor(train).toFloatArray(), back.transformToTensor(train).toFloatArray());
        Transformer step = back.steps("text").getFirst();
        assertEquals("TfidfVectorizer", step.type());
        assertEquals(((TfidfVectorizer) p.steps("text").getFirst()).vocabulary("review"), ((TfidfVectorizer) step).vocabulary("review"));
    }

    @Test
    void refusesSettingsThatKeepNoTerm() {
        TfidfVectorizer v = new TfidfVectorizer().minDf(5).maxDf(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.fitTransform(TRAIN));
        assertTrue(e.getMessage().contains("lower minDf or raise maxDf"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new TfidfVectorizer().fitTransform(List.of("a b", "", "! ?")));
        assertTrue(none.getMessage().contains("no word of two or more letters"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TfidfVectorizer().minDf(1.5));
        assertThrows(IllegalArgumentException.class, () -> new TfidfVectorizer().ngramRange(2, 1));
    }

    @Test
    void aDamagedConfigIsRefused() {
        TfidfVectorizer v = new TfidfVectorizer();
        v.fitTransform(List.of("red green", "green blue"));
        Map<String, Object> config = Json.parse(Json.write(v.config()), "test");
        @SuppressWarnings("unchecked")
        Map<String, Object> column = (Map<String, Object>) ((Map<String, Object>) config.get("fitted")).get("text");
        column.put("vocabulary", List.of("blue", "blue", "red"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Transformer.fromConfig("TfidfVectorizer", config));
        assertTrue(twice.getMessage().contains("'blue' twice"), twice.getMessage());
        column.put("vocabulary", List.of("blue", "green", "red"));
        column.put("idf", List.of(1.5, 0.2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Transformer.fromConfig("TfidfVectorizer", config));
    }

    @Test
    void manyTextsGiveTheSameRowsAsOneAtATime() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) texts.add("word" + (i % 37) + " common text number " + (i % 11) + " and more " + (i % 5));
        TfidfVectorizer v = new TfidfVectorizer().ngramRange(1, 3);
        SparseMatrix all = v.fitTransform(texts);
        for (int r = 0; r < texts.size(); r += 29) {
            SparseMatrix one = v.transform(List.of(texts.get(r)));
            for (int c = 0; c < all.columns(); c++) assertEquals(all.get(r, c), one.get(0, c), 0.0);
        }
        for (int r = 0; r < all.rows(); r++) {
            double sq = 0;
            for (int k = all.indptr()[r]; k < all.indptr()[r + 1]; k++) {
                sq += all.values()[k] * all.values()[k];
                if (k > all.indptr()[r]) assertTrue(all.indices()[k] > all.indices()[k - 1], "sorted columns");
            }
            assertEquals(1.0, sq, 1e-12);
        }
    }
}
