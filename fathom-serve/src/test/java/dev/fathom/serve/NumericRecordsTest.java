package dev.fathom.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose inputs are all numbers: a one-record body is read as a row and may be answered on
 * the thread that parsed it. Its answers, refusals, metrics and keep-alive behaviour are those of
 * the same record sent in an array (read as maps, answered on a worker).
 */
class NumericRecordsTest {
    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(Fixtures.numericClassifier(), ServerOptions.defaults().withPort(0));

    @Test
    void aRecordAnswersAsTheSameRecordInAnArray() throws Exception {
        for (int i = 0; i < 12; i++) {
            String record = "{\"x1\": " + (i - 6) + ", \"x2\": " + (2.5 - i * 0.75) + ", \"note\": \"ignored\"}";
            HttpResponse<String> alone = served.post("/predict", record);
            HttpResponse<String> inArray = served.post("/predict", "[" + record + "]");
            assertEquals(200, alone.statusCode(), alone.body());
            assertEquals(inArray.body(), alone.body());
            assertEquals(served.post("/predict?proba=true", "[" + record + "]").body(), served.post("/predict?proba=true", record).body());
        }
    }

    @Test
    void recordsThatAreNotPlainNumbersAreRefusedAsBefore() throws Exception {
        HttpResponse<String> text = served.post("/predict", "{\"x1\": \"abc\", \"x2\": 1}");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("record 0, field 'x1': expected a number"), text.body());
        HttpResponse<String> huge = served.post("/predict", "{\"x1\": 1e39, \"x2\": 1}");
        assertEquals(400, huge.statusCode());
        assertTrue(huge.body().contains("field 'x1'"), huge.body());
        HttpResponse<String> missing = served.post("/predict", "{\"x1\": 1}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("field 'x2': missing"), missing.body());
        HttpResponse<String> empty = served.post("/predict", "{\"x1\": null, \"x2\": null}");
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("has no values"), empty.body());
    }

    @Test
    void oneConnectionCarriesBodiesSentInPiecesAndRefusals() throws Exception {
        String record = "{\"x1\": 3, \"x2\": -1}";
        String expected = served.post("/predict", "[" + record + "]").body();
        try (RawHttp http = new RawHttp(served.server().port())) {
            for (int i = 0; i < 3; i++) {
                // The body in two writes: whether its first part is read alone or not, the answer is the same.
                http.send(RawHttp.head("POST", "/predict", record.length()) + record.substring(0, 7)).send(record.substring(7));
                RawHttp.Answer answer = http.read();
                assertEquals(200, answer.status(), answer.body());
                assertEquals(expected, answer.body());
                assertFalse(answer.closes());

                http.send(RawHttp.request("POST", "/nowhere", record));
                assertEquals(404, http.read().status());
                http.send(RawHttp.request("POST", "/predict", record));
                assertEquals(expected, http.read().body());
            }
        }
    }

    @Test
    void everyRequestIsCounted() throws Exception {
        double before = value(served.send(served.request("/metrics").GET()).body(),
                "fathom_serve_requests_total{route=\"/predict\",status=\"200\"}");
        for (int i = 0; i < 5; i++) assertEquals(200, served.post("/predict", "{\"x1\": " + i + ", \"x2\": 0}").statusCode());
        assertEquals(200, served.send(served.request("/health").GET()).statusCode());
        String text = served.send(served.request("/metrics").GET()).body();
        assertEquals((Double.isNaN(before) ? 0 : before) + 5, value(text, "fathom_serve_requests_total{route=\"/predict\",status=\"200\"}"), text);
        assertTrue(value(text, "fathom_serve_requests_total{route=\"/health\",status=\"200\"}") >= 1, text);
    }

    @Test
    void aTokenIsCheckedOnEveryPath() throws Exception {
        try (ModelServer guarded = ModelServer.start(Fixtures.numericClassifier(),
                ServerOptions.defaults().withPort(0).withToken("s3cret-token"))) {
            HttpClient client = HttpClient.newHttpClient();
            String record = "{\"x1\": 3, \"x2\": -1}";
            HttpRequest.Builder post = HttpRequest.newBuilder(guarded.url().resolve("/predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(record));
            assertEquals(401, client.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> r = client.send(post.header("Authorization", "Bearer s3cret-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(200, client.send(HttpRequest.newBuilder(guarded.url().resolve("/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the probe needs no token");
        }
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
