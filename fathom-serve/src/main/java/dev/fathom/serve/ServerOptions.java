package dev.fathom.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ModelServer} listens: address, port, the largest request body, worker threads, and
 * how long {@link ModelServer#close()} waits for requests in flight.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults()
 *         .withPort(0)                    // any free port; ModelServer.port() says which
 *         .withMaxBodyBytes(64 * 1024);   // larger bodies get 413
 * }</pre>
 *
 * @param host the address to listen on; {@code 127.0.0.1} (the default) serves this machine only,
 *     {@code 0.0.0.0} every network interface
 * @param port the TCP port, 0 for any free one
 * @param maxBodyBytes the largest request body accepted; a larger one is answered 413
 * @param threads worker threads running requests (predictions run on them)
 * @param stopTimeout how long {@code close()} lets requests in flight finish before it stops anyway
 */
public record ServerOptions(String host, int port, long maxBodyBytes, int threads, Duration stopTimeout) {
    /** 1 MiB: about 2,000 digits records in one request. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** 1 GiB: a body is held in memory whole (as one array), so it must stay well below 2 GiB. */
    public static final long MAX_BODY_LIMIT = 1 << 30;

    /** Validates every option, saying which one is wrong and what it takes. */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (host.isBlank()) throw new IllegalArgumentException("host is blank; use 127.0.0.1 (this machine) or 0.0.0.0 (all interfaces)");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 1..65535, or 0 for any free port");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes is " + maxBodyBytes + "; it must be 1.." + MAX_BODY_LIMIT
                    + " (1 GiB; default 1 MiB)");
        }
        if (threads < 1) throw new IllegalArgumentException("threads is " + threads + "; it must be at least 1");
        if (stopTimeout.isNegative()) throw new IllegalArgumentException("stopTimeout is negative: " + stopTimeout);
    }

    /**
     * 127.0.0.1:8080, 1 MiB bodies, {@link #defaultThreads()} workers, 30 seconds to finish
     * requests in flight on close.
     */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8080, DEFAULT_MAX_BODY_BYTES, defaultThreads(), Duration.ofSeconds(30));
    }

    /**
     * Eight, or four per core where there are more than two cores. Predictions are CPU work, so
     * more threads than cores add little; the spare ones keep answering while others wait for a
     * slow client's body.
     */
    public static int defaultThreads() {
        return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout);
    }

    public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout);
    }

    public ServerOptions withThreads(int threads) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout);
    }

    public ServerOptions withStopTimeout(Duration stopTimeout) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout);
    }
}
