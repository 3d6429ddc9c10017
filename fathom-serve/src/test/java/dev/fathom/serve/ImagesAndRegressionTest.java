package dev.fathom.serve;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An image classifier (pixels in, scaled as in training) and a regressor (numbers out). */
class ImagesAndRegressionTest {
    @RegisterExtension
    static final ServedPipeline images = new ServedPipeline(Fixtures.images(), ServerOptions.defaults().withPort(0));
    @RegisterExtension
    static final ServedPipeline regressor = new ServedPipeline(Fixtures.regressor(), ServerOptions.defaults().withPort(0));

    static List<List<Integer>> image(int base) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            List<Integer> row = new ArrayList<>();
            for (int c = 0; c < 4; c++) row.add(base + (r * 4 + c) * 3);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void imagesArePredictedFromRawPixelsScaledAsInTraining() throws Exception {
        Pipeline pipeline = images.pipeline();
        float[] pixels = new float[32];
        for (int i = 0; i < 16; i++) {
            pixels[i] = 10 + i * 3;
            pixels[16 + i] = 200 + i * 3;
        }
        Tensor batch = Tensor.of(pixels, 2, 1, 4, 4).mul(1 / 255.0);
        List<String> want = new ArrayList<>();
        for (int k : pipeline.predictImages(batch).toIntArray()) want.add(pipeline.classes().get(k));
        assertEquals(List.of("dark", "light"), want, "the fixture separates dark from light");

        String body = Json.writeCompact(Map.of("records", List.of(Map.of("pixels", image(10)),
                Map.of("pixels", List.of(image(200))))));   // [h][w] and [c][h][w] both accepted
        HttpResponse<String> r = images.post("/predict?proba=true", body);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> answer = Json.parse(r.body(), "response");
        assertEquals(want, answer.get("predictions"));
        float[] proba = pipeline.predictProbaImages(batch).toFloatArray();
        Map<?, ?> second = (Map<?, ?>) ((List<?>) answer.get("probabilities")).get(1);
        assertEquals(proba[3], ((Number) second.get("light")).floatValue());

        Map<String, Object> meta = Json.parse(images.send(images.request("/metadata")).body(), "metadata");
        assertEquals("images", meta.get("input_kind"));
        assertEquals(List.of(1, 4, 4), meta.get("image_shape"));
    }

    @Test
    void badPixelsAreRefusedWithTheShapeToSend() throws Exception {
        List<List<Integer>> narrow = new ArrayList<>();
        for (List<Integer> row : image(0)) narrow.add(row.subList(0, 3));
        Map<String, String> cases = Map.of(
                Json.writeCompact(Map.of("pixels", narrow)),
                "record 0, field 'pixels': the pixels are shaped [4][3], but the model takes images of 1×4×4"
                        + " (channels×height×width): send [4][4] or [1][4][4]",
                "{\"pixels\": [[1, 2, 3, 4], [1, 2, 3]]}",
                "record 0, field 'pixels': pixels[1] has 3 entries, but the arrays before it at that level have 4",
                "{\"pixels\": [[1, 2, 3, 4], 5]}",
                "record 0, field 'pixels': pixels[1] is a number where an array was expected",
                "{\"pixels\": [[1, \"a\", 3, 4]]}",
                "record 0, field 'pixels': pixels[0][1] is a string; pixels are numbers",
                "{\"pixels\": {\"r\": [1]}}",
                "record 0, field 'pixels': expected nested arrays of numbers, got an object",
                "{\"image\": [[1]]}",
                "record 0, field 'pixels': expected the image as nested arrays of numbers shaped [1][4][4], got no such"
                        + " field; send {\"pixels\": [[...], ...]}");
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = images.post("/predict", c.getKey());
            assertEquals(400, r.statusCode(), r.body());
            Map<String, Object> error = Json.parse(r.body(), "response");
            assertEquals(c.getValue(), error.get("error"));
            assertEquals("pixels", error.get("field"));
        }
    }

    @Test
    void aRegressorAnswersNumbersAndRefusesProbabilities() throws Exception {
        Pipeline pipeline = regressor.pipeline();
        List<Map<String, Object>> records = List.of(Fixtures.record(1, 2, "red"), Fixtures.record(-3, 0.5, "blue"));
        Column want = pipeline.predictColumn(pipeline.tableOf(records));
        HttpResponse<String> r = regressor.post("/predict", Json.writeCompact(Map.of("records", records)));
        assertEquals(200, r.statusCode(), r.body());
        List<?> got = (List<?>) Json.parse(r.body(), "response").get("predictions");
        for (int i = 0; i < 2; i++) assertEquals(((NumericColumn) want).get(i), ((Number) got.get(i)).doubleValue());

        HttpResponse<String> proba = regressor.post("/predict?proba=true", Json.writeCompact(records.getFirst()));
        assertEquals(400, proba.statusCode());
        assertTrue(proba.body().contains("this model is a regressor of 'amount'"), proba.body());
        Map<String, Object> meta = Json.parse(regressor.send(regressor.request("/metadata")).body(), "metadata");
        assertEquals("regression", meta.get("task"));
        assertTrue(!meta.containsKey("classes"));
    }
}
