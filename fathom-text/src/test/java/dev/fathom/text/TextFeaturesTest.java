package dev.fathom.text;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
