package dev.fathom.serve;

import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many clients at once on few worker threads, and the body size limit. */
class ConcurrencyAndLimitsTest {
    @RegisterExtension
    static final ServedPipeline served = new ServedPipeline(Fixtures.classifier(),
            ServerOptions.defaults().withPort(0).withThreads(2).withMaxBodyBytes(1024));

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        String[] colours = {"red", "green", "blue"};
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                Map<String, Object> record = Fixtures.record(i % 11 - 5, i % 7 - 3, colours[i % 3]);
                expected.add(served.pipeline().predictColumn(served.pipeline().tableOf(List.of(record))).text(0));
                String body = Json.writeCompact(record);
                answers.add(clients.submit(() -> {
                    HttpResponse<String> r = served.post("/predict", body);
                    assertEquals(200, r.statusCode(), r.body());
                    return ((List<?>) Json.parse(r.body(), "response").get("predictions")).getFirst().toString();
                }));
            }
            for (int i = 0; i < answers.size(); i++) assertEquals(expected.get(i), answers.get(i).get(), "request " + i);
            assertTrue(expected.contains("big") && expected.contains("small"));
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitGets413() throws Exception {
        String body = "{\"records\": [" + "{\"x1\": 1, \"x2\": 2, \"colour\": \"red\"},".repeat(100) + "{}]}";
        HttpResponse<String> r = served.post("/predict", body);
        assertEquals(413, r.statusCode());
        assertEquals("the request body (" + body.length() + " bytes) is over the limit of 1024 bytes; send fewer records"
                + " per request, or start the server with a larger --max-body", Json.parse(r.body(), "response").get("error"));
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws Exception {
        byte[] body = ("[" + "{\"x1\": 1, \"x2\": 2, \"colour\": \"red\"},".repeat(100) + "{}]").getBytes(StandardCharsets.UTF_8);
        // Chunked: no Content-Length to refuse up front.
        HttpResponse<String> r = postChunked(body);
        assertEquals(413, r.statusCode());
        assertTrue(Json.parse(r.body(), "response").get("error").toString().startsWith("the request body is over the limit of 1024"),
                r.body());
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] body = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = postChunked(body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"predictions\":[\"big\"]}", r.body());
    }

    /** POSTs the body as a stream of unknown length, which goes out chunked, with no Content-Length. */
    private static HttpResponse<String> postChunked(byte[] body) throws Exception {
        return served.send(served.request("/predict").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }
}
