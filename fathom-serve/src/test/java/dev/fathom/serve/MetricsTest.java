package dev.fathom.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics: Prometheus text counting what the server answered. */
class MetricsTest {
    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(Fixtures.classifier(), ServerOptions.defaults().withPort(0));

    @Test
    void countsRequestsByRouteAndStatusWithLatencyHistogramsAndModelInfo() throws Exception {
        String record = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";
        for (int i = 0; i < 3; i++) assertEquals(200, served.post("/predict", record).statusCode());
        assertEquals(400, served.post("/predict", "{oops").statusCode());
        assertEquals(404, served.send(served.request("/nope").GET()).statusCode());
        assertEquals(404, served.send(served.request("/also-nope").GET()).statusCode());

        HttpResponse<String> r = served.send(served.request("/metrics").GET());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        String text = r.body();
        assertEquals(3, value(text, "fathom_serve_requests_total{route=\"/predict\",status=\"200\"}"), text);
        assertEquals(1, value(text, "fathom_serve_requests_total{route=\"/predict\",status=\"400\"}"), text);
        assertEquals(2, value(text, "fathom_serve_requests_total{route=\"other\",status=\"404\"}"), "unknown paths share one series: " + text);
        assertEquals(1, value(text, "fathom_serve_errors_total{status=\"400\"}"), text);
        assertEquals(2, value(text, "fathom_serve_errors_total{status=\"404\"}"), text);
        assertTrue(text.contains("# TYPE fathom_serve_request_duration_seconds histogram"), text);
        assertEquals(4, value(text, "fathom_serve_request_duration_seconds_count{route=\"/predict\"}"), text);
        assertEquals(4, value(text, "fathom_serve_request_duration_seconds_bucket{route=\"/predict\",le=\"+Inf\"}"), text);
        assertEquals(3, value(text, "fathom_serve_batch_records_count"), "one forward pass per good request: " + text);
        assertTrue(text.contains("fathom_serve_model_info{classes=\"big,small\",name=\"LogisticRegression\",version=\"1\"} 1"), text);
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
