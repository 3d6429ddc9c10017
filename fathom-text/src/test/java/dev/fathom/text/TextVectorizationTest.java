package dev.fathom.text;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TextVectorization against Keras' documented behaviour: the cases of the docstrings of
 * {@code keras.layers.TextVectorization} and {@code StringLookup}, and the rules of
 * {@code IndexLookup.finalize_state} (count, then token, descending), written out by hand.
 */
class TextVectorizationTest {
    private static int[] ints(Tensor t) {
        return t.toIntArray();
    }

    @Test
    void keepsKerasDocstringIdsForAGivenVocabulary() {
        // keras.layers.TextVectorization docstring: vocabulary=["earth", "wind", "and", "fire"], output_sequence_length=4.
        TextVectorization tv = new TextVectorization().outputSequenceLength(4).vocabulary(List.of("earth", "wind", "and", "fire"));
        assertEquals(List.of("", "[UNK]", "earth", "wind", "and", "fire"), tv.vocabulary());
        Tensor ids = tv.apply(List.of("earth wind and fire", "fire and earth michigan"));
        assertArrayEquals(new int[] {2, 4}, ids.shape());
        assertArrayEquals(new int[] {2, 3, 4, 5, 5, 4, 2, 1}, ints(ids));
    }

    @Test
    void stringLookupDocstringMultiHotCountAndTfIdf() {
        // keras.layers.StringLookup docstring: vocab ["a", "b", "c", "d"], data [["a","c","d","d"], ["d","z","b","z"]];
        // outside int mode index 0 is [UNK].
        List<String> vocab = List.of("a", "b", "c", "d");
        List<String> data = List.of("a c d d", "d z b z");
        TextVectorization multiHot = new TextVectorization().standardize(Standardize.NONE).outputMode(OutputMode.MULTI_HOT).vocabulary(vocab);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 1, 0, 1, 0, 1}, multiHot.apply(data).toFloatArray());
        TextVectorization count = new TextVectorization().standardize(Standardize.NONE).outputMode(OutputMode.COUNT).vocabulary(vocab);
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 2, 0, 1, 0, 1}, count.apply(data).toFloatArray());
        // idf_weights [0.25, 0.75, 0.6, 0.4]: [UNK] weighs their mean, 0.5.
        TextVectorization tfidf = new TextVectorization().standardize(Standardize.NONE).outputMode(OutputMode.TF_IDF)
                .vocabulary(vocab, 0.25, 0.75, 0.6, 0.4);
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.6f, 0.8f, 1.0f, 0, 0.75f, 0, 0.4f}, tfidf.apply(data).toFloatArray(), 1e-6f);
    }

    @Test
    void adaptRanksByCountThenTokenDescendingAndKeepsMaxTokens() {
        TextVectorization tv = new TextVectorization().outputSequenceLength(4);
        tv.adapt(List.of("The cat sat.", "The dog sat!", "A cat"));
        // the, sat, cat twice each (ties: token descending), then dog and a once each.
        assertEquals(List.of("", "[UNK]", "the", "sat", "cat", "dog", "a"), tv.vocabulary());
        assertArrayEquals(new int[] {2, 4, 1, 0}, ints(tv.apply(List.of("the cat ran"))));

        TextVectorization small = new TextVectorization().maxTokens(4).adapt(List.of("b a c", "c"));
        assertEquals(List.of("", "[UNK]", "c", "b"), small.vocabulary(), "maxTokens counts the padding and [UNK]");
        TextVectorization hot = new TextVectorization().outputMode(OutputMode.MULTI_HOT).maxTokens(3).adapt(List.of("b a c", "c"));
        assertEquals(List.of("[UNK]", "c", "b"), hot.vocabulary(), "outside int mode only [UNK] is special");
        assertArrayEquals(new float[] {1, 1, 0}, hot.apply(List.of("a c a")).toFloatArray(), "a is out of the vocabulary");
    }

    @Test
    void stripsPunctuationAndLowercasesUnicodeByCodePoint() {
        TextVectorization tv = new TextVectorization();
        assertEquals(List.of("hello", "world"), tv.tokens("Hello, World!"));
        assertEquals(List.of("qué", "tal", "ünïcode", "école", "οδος", "😀", "its"), tv.tokens("¿Qué tal? «Ünïcode» ÉCOLE ΟΔΟΣ… 😀 it's"));
        assertEquals(List.of("a", "b"), tv.tokens("a\u00A0\u2003b"), "no-break and em spaces separate tokens");
        assertEquals(List.of("Hello", "World"), new TextVectorization().standardize(Standardize.STRIP_PUNCTUATION).tokens("Hello, World!"));
        assertEquals(List.of("hello,", "world!"), new TextVectorization().standardize(Standardize.LOWER).tokens("Hello, World!"));
        assertEquals(List.of("n", "é", "😀"), new TextVectorization().split(Split.character()).tokens("Né😀"),
                "a character is a code point: the emoji is one token, not two UTF-16 halves");
        assertEquals(List.of("red", "green", "blue"), new TextVectorization().standardize(Standardize.NONE).split(Split.regex("[;|]"))
                .tokens("red;green|blue"));
        assertEquals(List.of("the whole text"), new TextVectorization().split(Split.none()).tokens("The whole text."));
    }

    @Test
    void emptyTextsAreAllPadding() {
        TextVectorization tv = new TextVectorization().outputSequenceLength(3).adapt(List.of("", "  ", "word"));
        assertEquals(List.of("", "[UNK]", "word"), tv.vocabulary());
        assertArrayEquals(new int[] {0, 0, 0, 2, 0, 0, 0, 0, 0}, ints(tv.apply(List.of("", "word", "?!"))));
        TextVectorization none = new TextVectorization().outputSequenceLength(2).adapt(List.of("", "..."));
        assertEquals(List.of("", "[UNK]"), none.vocabulary(), "no token at all: only the special entries");
        TextVectorization ragged = new TextVectorization().adapt(List.of("a b c"));
        assertArrayEquals(new int[] {2, 3}, ragged.apply(List.of("a", "a b c")).shape(), "without a length, padded to the longest");
        assertArrayEquals(new int[] {2, 1}, ragged.apply(List.of("", "")).shape(), "an all-empty batch still has one column");
    }

    @Test
    void truncatesToTheSequenceLengthKeepingTheFirstTokens() {
        TextVectorization tv = new TextVectorization().outputSequenceLength(2).vocabulary(List.of("a", "b", "c"));
        assertArrayEquals(new int[] {2, 3}, ints(tv.apply(List.of("a b c"))));
    }

    @Test
    void ngramsFollowTheTokensWidthByWidth() {
        TextVectorization tv = new TextVectorization().ngrams(2);
        assertEquals(List.of("the", "cat", "sat", "the cat", "cat sat"), tv.tokens("The cat sat"));
        assertEquals(List.of("the cat sat"), new TextVectorization().ngramWidths(3).tokens("The cat sat"));
        assertEquals(List.of(), new TextVectorization().ngramWidths(3).tokens("too short"));
        tv.outputMode(OutputMode.COUNT).adapt(List.of("a b a b"));
        // a, b and "a b" twice, "b a" once: ties by token descending.
        assertEquals(List.of("[UNK]", "b", "a b", "a", "b a"), tv.vocabulary());
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().ngramWidths(2, 1));
    }

    @Test
    void tfIdfWeighsCountsAsKeras() {
        TextVectorization tv = new TextVectorization().outputMode(OutputMode.TF_IDF).adapt(List.of("a b", "a c"));
        assertEquals(List.of("[UNK]", "a", "c", "b"), tv.vocabulary());
        double a = Math.log(1 + 2 / 3.0), c = Math.log(1 + 2 / 2.0);
        double mean = (a + 2 * c) / 3;
        assertArrayEquals(new double[] {mean, a, c, c}, tv.idfWeights(), 1e-12);
        assertArrayEquals(new float[] {(float) mean, (float) (2 * a), 0, 0}, tv.apply(List.of("a A z")).toFloatArray(), 1e-6f);
    }

    @Test
    void configRoundTripsThroughJsonWithAFunctionByName() {
        TextVectorization.registerStandardize("no-digits", s -> s.toLowerCase().replaceAll("\\d", ""));
        TextVectorization tv = new TextVectorization().standardize("no-digits").ngrams(2).maxTokens(50)
                .outputMode(OutputMode.TF_IDF).adapt(List.of("R2 D2 droid", "c3po droid", "droid"));
        Map<String, Object> json = Json.parse(Json.write(tv.config()), "test");
        TextVectorization back = TextVectorization.fromConfig(json);
        assertEquals(tv.vocabulary(), back.vocabulary());
        List<String> texts = List.of("R2 droid", "unknown words 42");
        assertArrayEquals(tv.apply(texts).toFloatArray(), back.apply(texts).toFloatArray());

        Map<String, Object> unknown = new java.util.LinkedHashMap<>(json);
        unknown.put("standardize", "function:not-registered");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextVectorization.fromConfig(unknown));
        assertTrue(e.getMessage().contains("registerStandardize(\"not-registered\""), e.getMessage());
        Map<String, Object> extra = new java.util.LinkedHashMap<>(json);
        extra.put("maxTokenz", 3);
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.fromConfig(extra));
    }

    @Test
    void savedWithAModelItVectorizesRawStringsForPredict(@TempDir Path dir) {
        TextVectorization tv = new TextVectorization().outputSequenceLength(5).adapt(List.of("good film", "bad film", "very good"));
        Model m = new Sequential().add(new Embedding(tv.vocabularySize(), 4).maskZero(true)).add(new GlobalAveragePooling1D())
                .add(new Dense(2)).seed(3).build(5);
        m.attach("text", tv.config());
        Path file = dir.resolve("m.fathom");
        m.save(file);
        Model back = Model.load(file);
        TextVectorization again = TextVectorization.fromConfig(back.attachment("text"));
        List<String> raw = List.of("A very good film!", "bad, bad");
        assertArrayEquals(m.predict(tv.apply(raw)).toFloatArray(), back.predict(again.apply(raw)).toFloatArray());
    }

    @Test
    void misuseSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TextVectorization().apply(List.of("x")));
        assertTrue(e.getMessage().contains("call adapt(trainingTexts) first"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().maxTokens(2));
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().adapt(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Split.regex("("));
        assertFalse(new TextVectorization().isAdapted());
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().vocabulary(List.of("a", "a")));
    }
}
