package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /reload swaps the model under load without one failed request. */
class ReloadTest {
    private static final String RECORD = "{\"x1\": 5, \"x2\": 4, \"colour\": \"green\"}";

    @Test
    void reloadingUnderConcurrentLoadFailsNoRequest(@TempDir Path dir) throws Exception {
        reloadUnderLoad(dir, ServerOptions.defaults().withPort(0).withThreads(2));
    }

    @Test
    void reloadingUnderLoadWithBatchingFailsNoRequest(@TempDir Path dir) throws Exception {
        reloadUnderLoad(dir, ServerOptions.defaults().withPort(0).withThreads(2).withBatching(8, Duration.ofMillis(1)));
    }

    private static void reloadUnderLoad(Path dir, ServerOptions options) throws Exception {
        Pipeline big = Fixtures.classifier();
        Pipeline small = Fixtures.flippedClassifier();
        Path file = dir.resolve("model.fathom");
        big.save(file);
        String bigAnswer = "{\"predictions\":[\"big\"]}";
        String smallAnswer = "{\"predictions\":[\"small\"]}";

        HttpClient client = HttpClient.newHttpClient();
        try (ModelServer server = ModelServer.start(file, options)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService load = Executors.newFixedThreadPool(4);
            List<Future<Integer>> counts = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                counts.add(load.submit(() -> {
                    int n = 0;
                    while (running.get()) {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.url().resolve("predict"))
                                .POST(HttpRequest.BodyPublishers.ofString(RECORD)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !(r.body().equals(bigAnswer) || r.body().equals(smallAnswer))) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        n++;
                    }
                    return n;
                }));
            }
            for (int version = 2; version <= 7; version++) {
                Pipeline next = version % 2 == 0 ? small : big;
                next.save(file);   // atomic: a reload never sees half a file
                HttpResponse<String> reload = client.send(HttpRequest.newBuilder(server.url().resolve("reload"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reload.statusCode(), reload.body());
                assertEquals(Map.of("reloaded", "model.fathom", "version", version), Json.parse(reload.body(), "reload"));
                // Every request that starts after the reload answered gets the new model.
                HttpResponse<String> after = client.send(HttpRequest.newBuilder(server.url().resolve("predict"))
                        .POST(HttpRequest.BodyPublishers.ofString(RECORD)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(next == small ? smallAnswer : bigAnswer, after.body(), "version " + version);
                assertEquals(version, server.modelVersion());
            }
            running.set(false);
            int total = 0;
            for (Future<Integer> f : counts) total += f.get();
            load.shutdown();
            assertTrue(failures.isEmpty(), failures.size() + " of " + total + " requests failed: " + failures.peek());
            assertTrue(total > 0);
        }
    }

    @Test
    void aDamagedFileKeepsTheOldModelAndAServerFromMemoryHasNothingToReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.fathom");
        Fixtures.classifier().save(file);
        HttpClient client = HttpClient.newHttpClient();
        try (ModelServer server = ModelServer.start(file, ServerOptions.defaults().withPort(0))) {
            java.nio.file.Files.write(file, new byte[] {1, 2, 3});
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.url().resolve("reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(r.body().contains("version 1 is still served"), r.body());
            assertEquals(1, server.modelVersion());
        }
        try (ModelServer server = ModelServer.start(Fixtures.classifier(), ServerOptions.defaults().withPort(0))) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.url().resolve("reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, r.statusCode(), r.body());
            assertEquals(2, server.swap(Fixtures.flippedClassifier()));
        }
    }
}
