package dev.fathom.workflow;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.Layer;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.text.TextFeatures;
import dev.fathom.text.TextSequences;
import dev.fathom.text.TextVectorization;
import dev.fathom.text.TfidfVectorizer;
import dev.fathom.validation.ColumnSubsetEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text spot-check's Transformer candidate on its own: trained on the review texts' token ids,
 * saved in a pipeline with the text preprocessing, loaded back and predicting raw strings as the
 * pipeline it was saved from.
 */
class TextTransformerTest {
    @Test
    void transformerCandidateTrainsSavesAndReloads(@TempDir Path dir) throws Exception {
        Table reviews = CsvReader.read(Path.of("..", "examples", "reviews.csv")).drop("stars");
        Preprocessor prep = Preprocessor.builder().columns(PrepareStep.TEXT_GROUP, List.of("review"), new TextFeatures(
                new TfidfVectorizer().ngramRange(1, 2).minDf(2).maxFeatures(500),
                new TextSequences(new TextVectorization().maxTokens(500).outputSequenceLength(16)))).build();
        Table features = reviews.drop("label");
        int width = prep.fit(features).transformToTensor(features).shape(1);
        Algorithms.TextShape text = TextColumns.shape(prep, List.of("review"));
        assertEquals(16, text.sequence().length);
        Algorithms algorithms = new Algorithms(new Algorithms.Shape(width, null, 2, 0, 1), 7, 5, new StopSignal(), text);

        Algorithm transformer = algorithms.spotCheck().stream().filter(a -> a.family() == Algorithm.Family.TEXT
                && a.name().contains("Transformer")).findFirst().orElseThrow();
        assertEquals("embedding 32 + Transformer encoder 2 heads lr 0.001", transformer.name());
        assertTrue(transformer.why().startsWith("attends to every word of 'review' at once"), transformer.why());

        Pipeline p = Pipeline.fit(reviews, "label", prep, transformer.factory().get());
        NetworkClassifier net = (NetworkClassifier) ((ColumnSubsetEstimator) p.estimator()).inner();
        List<Class<?>> kinds = net.model().layers().stream().<Class<?>>map(Layer::getClass).toList();
        assertTrue(kinds.containsAll(List.of(PositionalEmbedding.class, TransformerEncoder.class, GlobalAveragePooling1D.class)),
                kinds.toString());
        long right = 0;
        var predicted = p.predictColumn(reviews.drop("label"));
        for (int r = 0; r < reviews.rowCount(); r++) if (predicted.text(r).equals(reviews.column("label").text(r))) right++;
        assertTrue(right > 0.75 * reviews.rowCount(),
                "the training texts are learned (half are of each label): " + right + " of " + reviews.rowCount());

        Path file = dir.resolve("reviews.fathom");
        p.save(file);
        Pipeline back = Pipeline.load(file);
        Table raw = back.tableOf(List.of(
                Map.of("review", "Terrible quality and it broke after three days. Avoid!"),
                Map.of("review", "Excellent quality, works perfectly. Would buy again."),
                Map.of("review", "")));
        assertArrayEquals(p.predictProba(raw).toDoubleArray(), back.predictProba(raw).toDoubleArray());
        Table texts = reviews.drop("label");
        assertArrayEquals(p.predictProba(texts).toDoubleArray(), back.predictProba(texts).toDoubleArray());
        var again = back.predictColumn(texts);
        for (int r = 0; r < texts.rowCount(); r++) assertEquals(predicted.text(r), again.text(r), "row " + r);
    }
}
