package dev.fathom.serve;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 26: eight connections sending a body a byte a second held all eight workers, and
 * {@code /health} timed out. Requests now have up to 256 workers, and bodies slower than the
 * minimum data rate are cut off.
 */
class SlowClientsTest {
    private static final int SLOW_CLIENTS = 64;

    @Test
    void healthAndPredictAnswerWhile64ClientsTrickleTheirBodies() throws Exception {
        // No minimum data rate here: the slow clients stay in flight for the whole test, each
        // holding a request, which is the worst case for a pool of worker threads.
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreads(2)
                .withSlowClientLimits(Duration.ofSeconds(60), 0);
        try (ModelServer server = ModelServer.start(Fixtures.classifier(), options);
             Trickle trickle = new Trickle(server.port(), SLOW_CLIENTS)) {
            trickle.start();
            Await.until(() -> server.requestsInFlight() >= SLOW_CLIENTS, "the slow requests to reach their handlers");
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 20; i++) {
                // Generous: a starved server never answers; this bounds the test, it measures nothing.
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.url().resolve("health"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
                HttpResponse<String> predict = client.send(HttpRequest.newBuilder(server.url().resolve("predict"))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(
                                "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("{\"predictions\":[\"big\"]}", predict.body());
            }
            assertTrue(server.requestsInFlight() >= SLOW_CLIENTS, "the slow clients were still sending throughout");
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateGets408AndTheConnectionCloses() throws Exception {
        try (ModelServer server = ModelServer.start(Fixtures.classifier(), ServerOptions.defaults().withPort(0));
             RawHttp http = new RawHttp(server.port())) {
            http.send(RawHttp.head("POST", "/predict", 1000));
            // A byte every 300 ms is far below 1 KiB/s; the server refuses once the 1 s grace is over.
            RawHttp.Answer answer = null;
            for (int i = 0; i < 100 && answer == null; i++) {
                try {
                    http.send("[");
                } catch (IOException closed) {
                    break;   // the server answered and closed while we were still sending
                }
                Thread.sleep(300);
                if (http.available() > 0) answer = http.read();
            }
            if (answer == null) answer = http.read();
            assertEquals(408, answer.status(), answer.toString());
            assertTrue(answer.body().contains("arrives too slowly"), answer.body());
            assertTrue(answer.closes(), answer.toString());
        }
    }

    /** Clients that send a request head, then their body one byte at a time, from one thread. */
    private static final class Trickle implements AutoCloseable {
        private final List<RawHttp> clients = new ArrayList<>();
        private final Thread sender;
        private volatile boolean running = true;

        Trickle(int port, int count) throws IOException {
            for (int i = 0; i < count; i++) clients.add(new RawHttp(port));
            sender = Thread.ofPlatform().daemon().name("trickle").unstarted(() -> {
                try {
                    for (RawHttp c : clients) c.send(RawHttp.head("POST", "/predict", 100_000));
                    while (running) {
                        for (RawHttp c : clients) c.send(" ");
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException e) {
                    // closing
                }
            });
        }

        void start() {
            sender.start();
        }

        @Override
        public void close() throws Exception {
            running = false;
            sender.interrupt();
            sender.join();
            for (RawHttp c : clients) c.close();
        }
    }
}
