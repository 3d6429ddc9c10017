package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One server of a fixture pipeline for a whole test class: started before its first test, closed
 * after its last, and the requests its tests send it (real HTTP on loopback, bodies as text).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServedPipeline served = new ServedPipeline(Fixtures.classifier(), ServerOptions.defaults().withPort(0));
 *
 * HttpResponse<String> r = served.post("/predict", "{\"x1\": 1, \"x2\": 2, \"colour\": \"red\"}");
 * HttpResponse<String> health = served.send(served.request("/health").GET());
 * }</pre>
 */
final class ServedPipeline implements BeforeAllCallback, AfterAllCallback {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Pipeline pipeline;
    private final ServerOptions options;
    private ModelServer server;

    ServedPipeline(Pipeline pipeline, ServerOptions options) {
        this.pipeline = pipeline;
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ModelServer.start(pipeline, options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** The pipeline being served, to compute what the server should answer. */
    Pipeline pipeline() {
        return pipeline;
    }

    ModelServer server() {
        return server;
    }

    /** A request to {@code path} (with any query) on this server, to finish with a method and send. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.url().resolve(path));
    }

    /** POSTs {@code json} to {@code path} as {@code application/json}. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends the request and reads the response body as text; safe from many threads at once. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
