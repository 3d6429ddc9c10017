package dev.fathom.text;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFeaturesTest {
    @Test
    void givesTfIdfThenTokenIdColumnsAndLoadsBack() {
        Table train = Table.of(CategoricalColumn.of("review", "Good film", "bad film", "very good film indeed", null));
        TextFeatures step = new TextFeatures(new TfidfVectorizer(),
                new TextSequences(new TextVectorization().maxTokens(10).outputSequenceLength(3)));
        Preprocessor p = Preprocessor.builder().columns("text", List.of("review"), step).build().fit(train);
        assertEquals(List.of("review=bad", "review=film", "review=good", "review=indeed", "review=very", "review#0", "review#1", "review#2"),
                p.featureNames());
        assertEquals(List.of("bad", "film", "good", "indeed", "very"), step.terms("review"));
        // film 3, good 2, then once each by token descending: very, indeed, bad.
        assertEquals(List.of("", "[UNK]", "film", "good", "very", "indeed", "bad"), step.vectorization("review").vocabulary());
        Table out = p.transform(Table.of(CategoricalColumn.of("review", "good unknown film film")));
        assertArrayEquals(new double[] {3, 1, 2}, new double[] {out.numeric("review#0").get(0), out.numeric("review#1").get(0),
                out.numeric("review#2").get(0)});

        Preprocessor back = Preprocessor.fromConfig(Json.parse(Json.write(p.config()), "test"));
        assertArrayEquals(p.transformToTensor(train).toFloatArray(), back.transformToTensor(train).toFloatArray());
        TextFeatures again = (TextFeatures) back.steps("text").getFirst();
        assertEquals(step.vectorization("review").vocabulary(), again.vectorization("review").vocabulary());
        assertEquals(3, again.sequenceLength());

        // idf per term, in terms' order: film (in 3 texts) lowest, good (2) next, the others (1 each) equal and highest.
        double[] idf = step.idf("review");
        assertEquals(5, idf.length);
        assertTrue(idf[1] < idf[2] && idf[2] < idf[0], java.util.Arrays.toString(idf));
        assertEquals(idf[0], idf[3]);
        assertEquals(idf[0], idf[4]);
        assertArrayEquals(idf, again.idf("review"));
        TextFeatures noIdf = new TextFeatures(new TfidfVectorizer().useIdf(false),
                new TextSequences(new TextVectorization().outputSequenceLength(3)));
        Preprocessor.builder().columns("text", List.of("review"), noIdf).build().fit(train);
        assertEquals("TextFeatures.idf: the TfidfVectorizer has useIdf(false), so there are no idf weights",
                assertThrows(IllegalStateException.class, () -> noIdf.idf("review")).getMessage());
    }
}
