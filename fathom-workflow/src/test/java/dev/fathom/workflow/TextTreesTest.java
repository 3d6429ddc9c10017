package dev.fathom.workflow;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.text.TextFeatures;
import dev.fathom.text.TextSequences;
import dev.fathom.text.TextVectorization;
import dev.fathom.text.TfidfVectorizer;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.validation.ColumnSubsetEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The boosted-trees candidate of a table with text: it reads the other columns and only the TF-IDF
 * terms found in the most training texts ({@value Algorithms#TREE_TERMS} in fathom train, fewer
 * here), and it trains, saves and predicts raw strings as a pipeline.
 */
class TextTreesTest {
    private static final String NAME = "TF-IDF + boosted trees lr 0.1 leaves 31 min leaf 5";
    /** Fewer than the reviews' terms, so that some are left out. */
    private static final int TERMS = 200;

    @Test
    void theTreesReadTheCommonestTermsAndTheOtherColumns(@TempDir Path dir) throws Exception {
        Table reviews = CsvReader.read(Path.of("..", "examples", "reviews.csv"));
        Preprocessor prep = Preprocessor.builder().numeric(List.of("stars"), new StandardScaler())
                .columns(PrepareStep.TEXT_GROUP, List.of("review"), new TextFeatures(new TfidfVectorizer().ngramRange(1, 2),
                        new TextSequences(new TextVectorization().maxTokens(500).outputSequenceLength(16)))).build();
        Table features = reviews.drop("label");
        int width = prep.fit(features).transformToTensor(features).shape(1);
        Algorithms.TextShape text = TextColumns.shape(prep, List.of("review"), TERMS);
        TextFeatures step = (TextFeatures) prep.steps(PrepareStep.TEXT_GROUP).getFirst();
        List<String> terms = step.terms("review");
        double[] idf = step.idf("review");
        assertTrue(terms.size() > TERMS, "more terms than the trees read: " + terms.size());

        List<String> names = prep.featureNames();
        Set<Integer> trees = new HashSet<>();
        for (int c : text.trees()) trees.add(c);
        assertTrue(trees.contains(names.indexOf("stars")), "the other columns are kept");
        double keptMax = Double.NEGATIVE_INFINITY;
        double droppedMin = Double.POSITIVE_INFINITY;
        int kept = 0;
        for (int i = 0; i < terms.size(); i++) {
            if (trees.contains(names.indexOf("review=" + terms.get(i)))) {
                keptMax = Math.max(keptMax, idf[i]);
                kept++;
            } else {
                droppedMin = Math.min(droppedMin, idf[i]);
            }
        }
        assertEquals(TERMS, kept);
        assertTrue(keptMax <= droppedMin, "the kept terms are the commonest: idf " + keptMax + " <= " + droppedMin);
        assertEquals(text.tabular().length - (terms.size() - TERMS), text.trees().length);
        for (int c : text.trees()) assertTrue(!names.get(c).startsWith("review#"), "no token ids: " + names.get(c));

        Algorithms algorithms = new Algorithms(new Algorithms.Shape(width, null, 2, 0, 1), 7, 5, new StopSignal(), text);
        Algorithm boosted = algorithms.spotCheck().stream().filter(a -> a.family() == Algorithm.Family.BOOSTING)
                .findFirst().orElseThrow();
        assertEquals(NAME, boosted.name());
        assertTrue(boosted.why().startsWith("small trees added one by one on the 200 commonest words"), boosted.why());
        Algorithms.Search search = algorithms.searchSpace(Algorithm.Family.BOOSTING);
        assertTrue(search != null, "the search tunes the text table's trees");

        Pipeline p = Pipeline.fit(reviews, "label", prep, boosted.factory().get());
        ColumnSubsetEstimator subset = (ColumnSubsetEstimator) p.estimator();
        assertInstanceOf(HistGradientBoostingClassifier.class, subset.inner());
        assertTrue(subset.inner().toString().contains("minSamplesLeaf=5"), subset.inner().toString());
        assertArrayEquals(text.trees(), subset.columns());
        long right = 0;
        var predicted = p.predictColumn(features);
        for (int r = 0; r < reviews.rowCount(); r++) if (predicted.text(r).equals(reviews.column("label").text(r))) right++;
        assertTrue(right > 0.9 * reviews.rowCount(), "the training texts are learned: " + right + " of " + reviews.rowCount());

        Path file = dir.resolve("reviews-trees.fathom");
        p.save(file);
        Pipeline back = Pipeline.load(file);
        Table raw = back.tableOf(List.of(Map.of("review", "Terrible quality and it broke after three days. Avoid!", "stars", 1),
                Map.of("review", "Excellent quality, works perfectly. Would buy again.", "stars", 5)));
        assertArrayEquals(p.predictProba(raw).toDoubleArray(), back.predictProba(raw).toDoubleArray());
    }
}
