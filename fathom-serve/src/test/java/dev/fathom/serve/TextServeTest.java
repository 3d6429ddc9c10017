package dev.fathom.serve;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;
import dev.fathom.text.TfidfVectorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A pipeline with a text step serves predictions from raw text in the JSON records. */
class TextServeTest {
    static Pipeline reviews() {
        Table t = CsvReader.read(Path.of("..", "examples", "reviews.csv"));
        Preprocessor prep = Preprocessor.builder()
                .columns("text", List.of("review"), new TfidfVectorizer().ngramRange(1, 2))
                .numeric(List.of("stars"))
                .build();
        return Pipeline.fit(t, "label", prep, new LogisticRegression());
    }

    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(reviews(), ServerOptions.defaults().withPort(0));

    @Test
    void rawTextIsVectorizedAsInTraining() throws Exception {
        List<Map<String, Object>> records = List.of(
                Map.of("review", "Cheap plastic, flimsy and it rattles. Avoid.", "stars", 2),
                Map.of("review", "Ünïcode «quotes» — and words never seen: great value, highly recommended!", "stars", 5));
        List<String> want = List.of(served.pipeline().predictColumn(served.pipeline().tableOf(records)).text(0),
                served.pipeline().predictColumn(served.pipeline().tableOf(records)).text(1));
        assertEquals(List.of("negative", "positive"), want);
        HttpResponse<String> r = served.post("/predict", Json.writeCompact(Map.of("records", records)));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(want, Json.parse(r.body(), "response").get("predictions"));
    }
}
