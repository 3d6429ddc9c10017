package dev.fathom.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body whole, within a size limit and a minimum data rate, and knows whether the
 * body was read to its end: a connection can be kept alive only then. After an early refusal
 * (401, 404, a bad query) the body is still read and dropped, so the next request on the
 * connection starts where this one ended; where that is not possible (413, a client too slow) the
 * answer says {@code Connection: close} and the connection closes after it, never under a client
 * that believes it open.
 *
 * <p>Jetty 12's {@code HttpConfiguration.setMinRequestDataRate} is not enforced by its HTTP/1.1
 * connection, so the rate is checked here: after a one-second grace, a body must have arrived at
 * {@code minBytesPerSecond} or faster since the handler began to read it. A client that sends
 * nothing at all is closed by the connector's idle timeout.
 */
final class BodyReader {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Request request;
    private final long maxBytes;
    private final long minBytesPerSecond;
    private boolean ended;
    private boolean abandoned;   // read() gave up (too large, too slow, broken): nothing more to drop

    BodyReader(Request request, long maxBytes, long minBytesPerSecond) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body.
        this.ended = request.getLength() == 0 || !request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)
                && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Whether the body was read to its end (or there was none), so the connection can carry another request. */
    boolean ended() {
        return ended;
    }

    /**
     * The whole body.
     *
     * @throws ApiException 413 past the limit (before reading, when the length is declared), 408
     *     when it arrives too slowly, 400 when the client breaks off
     */
    byte[] read() {
        long declared = request.getLength();
        if (declared > maxBytes) throw tooLarge(" (" + declared + " bytes)");
        if (ended) return new byte[0];
        // One array of the declared size in the usual case; chunked bodies grow up to one byte past the limit.
        byte[] body = new byte[declared >= 0 ? (int) declared : (int) Math.min(maxBytes + 1, 8192)];
        int n = 0;
        long start = System.nanoTime();
        abandoned = true;   // until the end is reached
        try (InputStream in = Content.Source.asInputStream(request)) {
            while (true) {
                if (n == body.length) {
                    if (declared >= 0) {
                        if (in.read() < 0) break;   // the declared length reached: expect the end
                        throw new ApiException(400, "the request body is longer than its Content-Length");
                    }
                    if (n > maxBytes) throw tooLarge("");
                    body = Arrays.copyOf(body, (int) Math.min(maxBytes + 1, 2L * body.length));
                }
                int got = in.read(body, n, body.length - n);
                if (got < 0) break;
                n += got;
                checkRate(start, n);
            }
        } catch (IOException e) {
            throw broken(e);
        }
        ended = true;
        abandoned = false;
        return n == body.length ? body : Arrays.copyOf(body, n);
    }

    /**
     * Reads and drops what is left of the body, up to the size limit and within the data rate, so
     * the connection can be kept; returns whether it could.
     */
    boolean discard() {
        if (ended) return true;
        if (abandoned || request.getLength() > maxBytes) return false;
        byte[] sink = new byte[8192];
        long total = 0;
        long start = System.nanoTime();
        try (InputStream in = Content.Source.asInputStream(request)) {
            int got;
            while ((got = in.read(sink)) >= 0) {
                total += got;
                if (total > maxBytes) return false;
                checkRate(start, total);
            }
        } catch (IOException | ApiException e) {
            return false;
        }
        ended = true;
        return true;
    }

    private void checkRate(long start, long bytes) {
        if (minBytesPerSecond <= 0) return;
        long elapsed = System.nanoTime() - start;
        if (elapsed > GRACE_NANOS && bytes < minBytesPerSecond * (elapsed - GRACE_NANOS) / 1_000_000_000L) {
            throw new ApiException(408, "the request body arrives too slowly (" + bytes + " bytes in "
                    + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms; the server takes at least " + minBytesPerSecond
                    + " bytes a second); send the body at once");
        }
    }

    private ApiException tooLarge(String size) {
        return new ApiException(413, "the request body" + size + " is over the limit of " + maxBytes
                + " bytes; send fewer records per request, or start the server with a larger --max-body");
    }

    private static ApiException broken(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return new ApiException(408, "the request body stopped arriving (idle timeout); send the body at once");
            }
        }
        return new ApiException(400, "the request body could not be read: " + why);
    }
}
