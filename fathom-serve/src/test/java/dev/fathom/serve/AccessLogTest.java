package dev.fathom.serve;

import dev.fathom.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access log, as an operator sees it: a server in a JVM of its own (whose stderr is the log)
 * answers two requests; each is one line with method, path, status, bytes, milliseconds and id.
 */
class AccessLogTest {

    @Test
    void eachRequestIsOneLineOnTheAccessLogger() {
        ChildJvm.Result r = ChildJvm.run("256m", ServeTwoRequests.class);
        assertEquals(0, r.exitCode(), r.output());
        List<String> access = r.lines().stream().filter(l -> l.contains(":dfs.access:")).toList();
        assertEquals(2, access.size(), r.output());
        assertTrue(access.get(0).matches(".*:dfs\\.access:.*: POST /predict 200 \\d+B \\d+\\.\\d\\dms id=client-id-1$"), access.get(0));
        assertTrue(access.get(1).matches(".*:dfs\\.access:.*: GET /nowhere 404 \\d+B \\d+\\.\\d\\dms id=[0-9a-f]+$"), access.get(1));
    }

    @Test
    void theAccessLogIsOffByDefault() {
        assertTrue(!ServerOptions.defaults().accessLog());
    }

    /** Starts a server with the access log on, sends two requests, stops. */
    public static final class ServeTwoRequests {
        public static void main(String[] args) throws Exception {
            try (ModelServer server = ModelServer.start(Fixtures.classifier(),
                    ServerOptions.defaults().withPort(0).withAccessLog(true))) {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> ok = client.send(HttpRequest.newBuilder(server.url().resolve("predict"))
                        .header("X-Request-Id", "client-id-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!ok.body().equals("{\"predictions\":[\"big\"]}")) throw new AssertionError(ok.body());
                client.send(HttpRequest.newBuilder(server.url().resolve("nowhere")).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }
}
