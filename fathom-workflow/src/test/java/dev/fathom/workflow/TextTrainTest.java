package dev.fathom.workflow;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.text.TextFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A text classification end to end: examples/reviews.csv (a review text, a star rating and a label)
 * through fathom train, the saved pipeline loaded back and predicting from raw strings.
 */
class TextTrainTest {
    @Test
    void trainsOnTextSavesAndPredictsRawStrings(@TempDir Path dir) throws Exception {
        Table reviews = CsvReader.read(Path.of("..", "examples", "reviews.csv"));
        List<String> log = new ArrayList<>();
        TrainResult r = Fathom.train("reviews", reviews, "label", TrainOptions.defaults().outputDir(dir.resolve("run"))
                .timeBudget(Duration.ofHours(1)).maxEpochs(3).progress(log::add));   // every model reached, however loaded the machine

        String all = String.join("\n", log);
        assertTrue(all.contains("column 'review' is text: free text: a median of"), all);
        ColumnPlan review = r.preparation().stream().filter(p -> p.column().equals("review")).findFirst().orElseThrow();
        assertTrue(review.kept() && review.steps().startsWith("text: TF-IDF of 1- and 2-grams"), review.toString());
        List<String> models = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        assertTrue(models.contains("TF-IDF + logistic regression"), models.toString());
        assertTrue(models.contains("embedding 64 + Conv1D 64 lr 0.001"), models.toString());
        LeaderboardEntry best = r.leaderboard().best();
        assertTrue(best.mean() > 0.9, best.toString());
        assertTrue(all.contains("negative: ") && all.contains("positive: "), all);
        String html = Files.readString(r.reportPath());
        assertTrue(html.contains("weigh most for each class"), "the report lists the heaviest terms");

        Pipeline back = Pipeline.load(r.modelPath());
        assertInstanceOf(TextFeatures.class, back.preprocessor().steps(PrepareStep.TEXT_GROUP).getFirst());
        Table raw = back.tableOf(List.of(
                Map.of("review", "Terrible quality and it broke after three days. Avoid!", "stars", 1),
                Map.of("review", "Excellent quality, works perfectly. Would buy again.", "stars", 5),
                Map.of("review", "", "stars", 5)));
        assertEquals(List.of("negative", "positive"), List.of(back.predictColumn(raw).text(0), back.predictColumn(raw).text(1)));
        assertEquals(3, back.predictProba(raw).shape(0));
    }
}
