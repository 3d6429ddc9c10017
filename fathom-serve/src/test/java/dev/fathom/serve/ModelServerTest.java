package dev.fathom.serve;

import dev.fathom.data.Column;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier's endpoints over real HTTP on loopback: answers equal the pipeline's own. */
class ModelServerTest {
    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(Fixtures.classifier(), ServerOptions.defaults().withPort(0));

    static Map<String, Object> json(HttpResponse<String> response) {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null), response.body());
        return Json.parse(response.body(), "response");
    }

    static String text(Map<String, ?> record) {
        return Json.writeCompact(record);
    }

    /** What the pipeline itself predicts for these records. */
    static List<String> expected(List<Map<String, Object>> records) {
        Column c = served.pipeline().predictColumn(served.pipeline().tableOf(records));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) out.add(c.text(i));
        return out;
    }

    @Test
    void healthSaysOk() throws Exception {
        HttpResponse<String> r = served.send(served.request("/health").GET());
        assertEquals(200, r.statusCode());
        assertEquals(Map.of("status", "ok"), json(r));
    }

    @Test
    void metadataDescribesTheSchemaAndClasses() throws Exception {
        HttpResponse<String> r = served.send(served.request("/metadata").GET());
        assertEquals(200, r.statusCode());
        Map<String, Object> m = json(r);
        assertEquals("table", m.get("input_kind"));
        assertEquals("classification", m.get("task"));
        assertEquals("label", m.get("target"));
        assertEquals(List.of("big", "small"), m.get("classes"));
        assertEquals("LogisticRegression", m.get("estimator"));
        assertEquals(List.of(
                Map.of("name", "x1", "type", "numeric"),
                Map.of("name", "x2", "type", "numeric"),
                Map.of("name", "colour", "type", "categorical", "categories", List.of("blue", "green", "red"))), m.get("inputs"));
        assertEquals("mixed", ((Map<?, ?>) m.get("model")).get("dataset"));
        assertTrue(m.get("fathom_version").toString().matches("\\d+\\.\\d+\\.\\d+.*"), m.get("fathom_version").toString());
    }

    @Test
    void oneRecordGetsThePipelinesPrediction() throws Exception {
        for (Map<String, Object> rec : List.of(Fixtures.record(5, 4, "green"), Fixtures.record(-5, -4, "blue"), Fixtures.record(-1, 0, "red"))) {
            HttpResponse<String> r = served.post("/predict", text(rec));
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = json(r);
            assertEquals(expected(List.of(rec)), body.get("predictions"));
            assertFalse(body.containsKey("probabilities"), "probabilities only with ?proba=true");
        }
    }

    @Test
    void manyRecordsInEitherFormGetPredictionsInOrder() throws Exception {
        List<Map<String, Object>> records = List.of(Fixtures.record(5, 4, "green"), Fixtures.record(-5, -4, "blue"), Fixtures.record(-1, 0, "red"),
                Fixtures.record(0.5, -0.25, "green"));
        List<String> want = expected(records);
        assertEquals(2, want.stream().distinct().count(), "the fixture should cover both classes: " + want);

        HttpResponse<String> wrapped = served.post("/predict", text(Map.of("records", records)));
        assertEquals(200, wrapped.statusCode(), wrapped.body());
        assertEquals(want, json(wrapped).get("predictions"));

        HttpResponse<String> array = served.post("/predict", Json.writeCompact(Map.of("x", records)).replaceFirst("^\\{\"x\":", "")
                .replaceFirst("}$", ""));
        assertEquals(200, array.statusCode(), array.body());
        assertEquals(want, json(array).get("predictions"));
    }

    @Test
    void probabilitiesOnRequestEqualThePipelines() throws Exception {
        List<Map<String, Object>> records = List.of(Fixtures.record(5, 4, "green"), Fixtures.record(-1, 0, "red"));
        HttpResponse<String> r = served.post("/predict?proba=true", text(Map.of("records", records)));
        assertEquals(200, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> probabilities = (List<Map<String, Object>>) json(r).get("probabilities");
        float[] want = served.pipeline().predictProba(served.pipeline().tableOf(records)).toFloatArray();
        assertEquals(2, probabilities.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("big", "small"), List.copyOf(probabilities.get(i).keySet()));
            assertEquals(want[2 * i], ((Number) probabilities.get(i).get("big")).floatValue());
            assertEquals(want[2 * i + 1], ((Number) probabilities.get(i).get("small")).floatValue());
        }
    }

    @Test
    void extraFieldsAreIgnored() throws Exception {
        Map<String, Object> rec = Fixtures.record(5, 4, "green");
        rec.put("label", "small");
        rec.put("notes", List.of(1, 2, Map.of("deep", true)));
        HttpResponse<String> r = served.post("/predict", text(rec));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected(List.of(Fixtures.record(5, 4, "green"))), json(r).get("predictions"));
    }

    @Test
    void aWrongTypeNamesTheRecordAndField() throws Exception {
        String body = text(Map.of("records", List.of(Fixtures.record(1, 2, "red"), Map.of("x1", 1.0, "x2", "abc", "colour", "red"))));
        HttpResponse<String> r = served.post("/predict", body);
        assertEquals(400, r.statusCode());
        Map<String, Object> error = json(r);
        assertEquals(1, error.get("record"));
        assertEquals("x2", error.get("field"));
        assertTrue(error.get("error").toString().contains("expected a number"), error.toString());
    }

    @Test
    void aMissingFieldIsNamedWithTheClosestOne() throws Exception {
        HttpResponse<String> r = served.post("/predict", "{\"x1\": 1, \"x_2\": 2, \"colour\": \"red\"}");
        assertEquals(400, r.statusCode());
        Map<String, Object> error = json(r);
        assertEquals(0, error.get("record"));
        assertEquals("x2", error.get("field"));
        assertTrue(error.get("error").toString().startsWith("record 0, field 'x2': missing"), error.toString());
    }

    @Test
    void aMissingFieldIsNeverSaidToBeAnotherInputTheRecordRightlyHas() throws Exception {
        // Issue 25: a record lacking only 'sepal width (cm)' was asked "did you mean 'sepal width (cm)'?"
        // about its correct 'sepal length (cm)'. Here x2 is missing and x1, one edit away, is an input too.
        HttpResponse<String> r = served.post("/predict", "{\"x1\": 1, \"colour\": \"red\"}");
        assertEquals(400, r.statusCode());
        assertEquals("record 0, field 'x2': missing; every record needs the fields [x1, x2, colour] (null for a missing value)",
                json(r).get("error"));
    }

    @Test
    void nonFiniteAndEmptyRecordsAreBadRequests() throws Exception {
        for (String x1 : List.of("1e39", "NaN", "Infinity", "-Infinity")) {
            HttpResponse<String> r = served.post("/predict", "{\"x1\": " + x1 + ", \"x2\": 0, \"colour\": \"red\"}");
            assertEquals(400, r.statusCode(), x1);
            assertEquals("x1", json(r).get("field"), x1);
        }
        HttpResponse<String> empty = served.post("/predict", "{\"x1\": null, \"x2\": null, \"colour\": null}");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(json(empty).get("error").toString().startsWith("record 0 has no values"), empty.body());
    }

    @Test
    void anUnseenCategoryIsABadRequest() throws Exception {
        HttpResponse<String> r = served.post("/predict", text(Fixtures.record(1, 2, "purple")));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("error").toString().contains("purple"), r.body());
    }

    @Test
    void anArrayForAnInputFieldIsRefusedByName() throws Exception {
        HttpResponse<String> r = served.post("/predict", "[{\"x1\": 1, \"x2\": [2], \"colour\": \"red\"}]");
        assertEquals(400, r.statusCode());
        Map<String, Object> error = json(r);
        assertEquals("x2", error.get("field"));
        assertEquals("record 0, field 'x2': expected a numeric value, got an array", error.get("error"));
    }

    @Test
    void malformedJsonSaysWhere() throws Exception {
        HttpResponse<String> r = served.post("/predict", "{\"x1\": 1,\n \"x2\": oops}");
        assertEquals(400, r.statusCode());
        String error = json(r).get("error").toString();
        assertTrue(error.startsWith("the request body is not valid JSON"), error);
        assertTrue(error.contains("line 2"), error);
    }

    @Test
    void badBodiesAreAll4xxWithAReasonAndNoStackTrace() throws Exception {
        String deep = "[".repeat(200) + "]".repeat(200);
        for (String body : List.of("", "   ", "null", "1", "\"x\"", "[]", "[1]", "[[]]", "{}", "{\"records\": []}",
                "{\"records\": 5}", "{\"records\": [{}], \"x1\": 1}", "{\"x1\": 1, \"records\": [{}]}", "{\"x1\":",
                "{\"x1\": 1, \"x1\": 2, \"x2\": 0, \"colour\": \"red\"}", "{\"x1\": 1e999, \"x2\": 0, \"colour\": \"red\"}",
                "{\"x1\": NaN, \"x2\": 0, \"colour\": \"red\"}", "{\"x1\": 1, \"x2\": 0, \"colour\": \"red\"} {}",
                deep, "{\"x1\": true, \"x2\": 0, \"colour\": \"red\"}", "{\"x1\": 1, \"x2\": 0, \"colour\": 3}",
                "\u00ff\u00fe", "{\"x1\": {\"a\": 1}, \"x2\": 0, \"colour\": \"red\"}")) {
            HttpResponse<String> r = served.post("/predict", body);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            String error = json(r).get("error").toString();
            assertFalse(error.isBlank(), body);
            assertFalse(error.contains("Exception") || error.contains("\tat ") || error.contains("dev.fathom."),
                    body + " -> " + error);
        }
    }

    @Test
    void aDuplicateKeyIsRefused() throws Exception {
        HttpResponse<String> r = served.post("/predict", "{\"x1\": 1, \"x1\": 2, \"x2\": 0, \"colour\": \"red\"}");
        assertTrue(json(r).get("error").toString().contains("Duplicate field 'x1'"), r.body());
    }

    @Test
    void otherMediaTypesGet415() throws Exception {
        HttpResponse<String> r = served.send(served.request("/predict")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("x1,x2\n1,2")));
        assertEquals(415, r.statusCode());
        assertTrue(json(r).get("error").toString().contains("application/json"), r.body());
        // a charset parameter or a +json type is fine
        HttpResponse<String> ok = served.send(served.request("/predict")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text(Fixtures.record(1, 2, "red")))));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void wrongMethodGets405WithAllow() throws Exception {
        HttpResponse<String> r = served.send(served.request("/predict").GET());
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
        assertEquals("/predict takes POST, not GET", json(r).get("error"));
        HttpResponse<String> health = served.send(served.request("/health")
                .DELETE());
        assertEquals(405, health.statusCode());
        assertEquals("GET, HEAD", health.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void headOfHealthHasNoBodyAndAnUnknownMethodIsRefused() throws Exception {
        HttpResponse<String> head = served.send(served.request("/health")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        // a method that is a substring of an allowed one is still refused
        HttpResponse<String> odd = served.send(served.request("/health")
                .method("GE", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, odd.statusCode());
    }

    @Test
    void unknownPathGets404ListingTheEndpoints() throws Exception {
        HttpResponse<String> r = served.send(served.request("/predictions").GET());
        assertEquals(404, r.statusCode());
        assertEquals("no endpoint at /predictions; the endpoints are POST /predict, GET /health, GET /metadata, GET /metrics,"
                + " POST /reload",
                json(r).get("error"));
    }

    @Test
    void queryParametersAreChecked() throws Exception {
        HttpResponse<String> typo = served.post("/predict?probs=true", text(Fixtures.record(1, 2, "red")));
        assertEquals(400, typo.statusCode());
        assertTrue(json(typo).get("error").toString().contains("unknown query parameter 'probs'"), typo.body());
        HttpResponse<String> bad = served.post("/predict?proba=maybe", text(Fixtures.record(1, 2, "red")));
        assertEquals(400, bad.statusCode());
        HttpResponse<String> off = served.post("/predict?proba=false", text(Fixtures.record(1, 2, "red")));
        assertEquals(200, off.statusCode());
        assertNull(json(off).get("probabilities"));
    }

    @Test
    void errorsFromJettyItselfAreJsonToo() throws Exception {
        // A header block over Jetty's limit (8 KiB) never reaches the routes.
        HttpResponse<String> r = served.send(served.request("/health")
                .header("X-Big", "a".repeat(20_000)).GET());
        assertEquals(431, r.statusCode());
        assertTrue(json(r).get("error").toString().startsWith("431"), r.body());
    }

    @Test
    void aTakenPortIsReportedWithTheFix() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ModelServer.start(served.pipeline(), ServerOptions.defaults().withPort(served.server().port())));
        assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + served.server().port()), e.getMessage());
        assertTrue(e.getMessage().contains("--port 0"), e.getMessage());
    }

    @Test
    void urlNamesTheHostAndPort() {
        assertEquals(URI.create("http://127.0.0.1:" + served.server().port() + "/"), served.server().url());
        assertTrue(served.server().port() > 0);
    }
}
