package dev.fathom.cli;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.text.TfidfVectorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fathom predict on a CSV of raw text: the saved pipeline holds the vectorizer. */
class TextPredictCommandTest {
    @TempDir
    Path dir;

    @Test
    void predictsFromRawText() throws Exception {
        Table t = CsvReader.read(Path.of("..", "examples", "reviews.csv"));
        Preprocessor prep = Preprocessor.builder().columns("text", List.of("review"), new TfidfVectorizer().ngramRange(1, 2)).build();
        Pipeline p = Pipeline.fit(t, "label", prep, new LogisticRegression());
        Path model = dir.resolve("reviews.fathom");
        p.save(model);
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "review\n\"Loud, slow and impossible to clean. Never again.\"\n"
                + "\"Quiet, fast and easy to clean: I love it! Café-grade coffee 😀\"\n\"\"\n", StandardCharsets.UTF_8);

        Cli.Run r = Cli.run("predict", model.toString(), data.toString());
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = Fixtures.readRows(r.out());
        assertEquals(List.of("negative", "positive"), List.of(rows.get(0).get("label"), rows.get(1).get("label")));
        Table raw = CsvReader.read(data);
        assertEquals(p.predictColumn(raw).text(2), rows.get(2).get("label"), "an empty text predicts as the pipeline does");
    }
}
