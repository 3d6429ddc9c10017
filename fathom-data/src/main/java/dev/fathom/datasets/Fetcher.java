package dev.fathom.datasets;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Opens a URL for {@link DatasetLocator} to download. {@link #http()} is the real one; tests and
 * offline setups pass their own (a local byte source, a mirror).
 *
 * <pre>{@code
 * Fetcher offline = uri -> { throw new IOException("offline: " + uri); };
 * byte[] bytes = ...;
 * Fetcher fake = uri -> new Fetcher.Response(new ByteArrayInputStream(bytes), bytes.length);
 * DatasetLocator locator = DatasetLocator.defaults().withFetcher(fake);
 * }</pre>
 */
@FunctionalInterface
public interface Fetcher {

    /**
     * Starts fetching {@code uri}; the caller reads and closes the body.
     *
     * @throws IOException when the resource cannot be had (no network, an HTTP error status)
     */
    Response open(URI uri) throws IOException;

    /**
     * An open download.
     *
     * @param body   the bytes, closed by the caller
     * @param length the number of bytes when known (HTTP Content-Length), else -1
     */
    record Response(InputStream body, long length) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Fetches over HTTP(S) with the JDK's client: follows redirects, gives up on connecting after
     * 30 s, and treats any status but 200 as an error that names the status and the URL.
     */
    static Fetcher http() {
        return uri -> {
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.shutdownNow();
                throw new InterruptedIOException("interrupted while connecting to " + uri);
            } catch (IOException | RuntimeException e) {
                client.shutdownNow();
                throw e;
            }
            if (response.statusCode() != 200) {
                response.body().close();
                client.shutdown();
                throw new IOException("HTTP status " + response.statusCode() + " from " + uri);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            InputStream body = new FilterInputStream(response.body()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        client.shutdown(); // the body is closed, so nothing is left to wait for
                    }
                }
            };
            return new Response(body, length);
        };
    }
}
