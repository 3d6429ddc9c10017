package dev.fathom.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ModelServer} listens and answers: address, port, body limit, how many predictions
 * compute at once, timeouts for slow clients, micro-batching, the access log, bearer-token
 * authentication, TLS, and what a non-finite number in a record means.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults()
 *         .withPort(0)                                      // any free port; ModelServer.port() says which
 *         .withMaxBodyBytes(64 * 1024)                      // larger bodies get 413
 *         .withBatching(32, Duration.ofMillis(2))           // up to 32 records per forward pass
 *         .withToken("s3cret")                              // Authorization: Bearer s3cret
 *         .withTls(Path.of("server.p12"), "changeit");      // https://
 * }</pre>
 *
 * @param host the address to listen on; {@code 127.0.0.1} (the default) serves this machine only,
 *     {@code 0.0.0.0} every network interface
 * @param port the TCP port, 0 for any free one
 * @param maxBodyBytes the largest request body accepted; a larger one is answered 413
 * @param threads how many predictions compute at once (each request runs on a worker thread of
 *     its own; those past this number wait in line)
 * @param stopTimeout how long {@code close()} lets requests in flight finish before it stops anyway
 * @param idleTimeout how long a connection may send nothing before it is closed
 * @param minBodyBytesPerSecond the slowest a request body may arrive, measured from its first
 *     byte after a one-second grace; a slower client gets 408 and its connection is closed
 * @param maxBatch the most records one forward pass takes from concurrent {@code /predict}
 *     requests; 1 turns micro-batching off (each request is a forward pass of its own records)
 * @param maxBatchDelay how long a batch waits for more requests once its first has arrived; zero
 *     takes only the requests already waiting in line for a compute thread, and adds no wait
 * @param accessLog whether each request is logged as one line on the logger
 *     {@code dev.fathom.serve.access}
 * @param token the bearer token every request but {@code GET /health} must carry, or null for none
 * @param tlsKeystore a PKCS12 keystore holding the server's key and certificate, to serve HTTPS;
 *     null for plain HTTP
 * @param tlsPassword the keystore's password (null when {@code tlsKeystore} is)
 * @param nonFiniteAsMissing whether NaN, ±Infinity and numbers beyond float32 in a record are read
 *     as missing values (for a pipeline that imputes them) instead of refused with 400
 */
public record ServerOptions(String host, int port, long maxBodyBytes, int threads, Duration stopTimeout,
                            Duration idleTimeout, long minBodyBytesPerSecond, int maxBatch, Duration maxBatchDelay,
                            boolean accessLog, String token, Path tlsKeystore, String tlsPassword,
                            boolean nonFiniteAsMissing) {
    /** 1 MiB: about 2,000 digits records in one request. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** 1 GiB: a body is held in memory whole (as one array), so it must stay well below 2 GiB. */
    public static final long MAX_BODY_LIMIT = 1 << 30;
    /** 1 KiB/s: a phone on a bad link sends faster; a client trickling bytes to hold the server does not. */
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;
    /**
     * 64 records, with no delay: requests already waiting for a compute thread are joined (up to 64
     * records a pass), which costs them no wait and saves most of the per-pass cost under load.
     */
    public static final int DEFAULT_MAX_BATCH = 64;

    /** Validates every option, saying which one is wrong and what it takes. */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
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
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout is " + idleTimeout + "; it must be positive (default 30 s)");
        }
        if (minBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBodyBytesPerSecond is " + minBodyBytesPerSecond + "; it must be 0 (no minimum) or more");
        }
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch is " + maxBatch + "; it must be at least 1 (1: no batching)");
        if (maxBatchDelay.isNegative()) throw new IllegalArgumentException("maxBatchDelay is negative: " + maxBatchDelay);
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the token is blank; give a secret of at least 16 characters, or null for no authentication");
        }
        if (tlsKeystore != null && tlsPassword == null) {
            throw new IllegalArgumentException("the TLS keystore " + tlsKeystore + " has no password; give it with withTls(keystore, password)");
        }
    }

    /**
     * 127.0.0.1:8080, 1 MiB bodies, {@link #defaultThreads()} predictions at once, 30 seconds to
     * finish requests in flight on close, 30 seconds idle timeout, bodies at 1 KiB/s or faster,
     * requests already waiting joined into passes of up to {@link #DEFAULT_MAX_BATCH} records with
     * no delay, no access log, no token, plain HTTP, non-finite numbers refused.
     */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8080, DEFAULT_MAX_BODY_BYTES, defaultThreads(), Duration.ofSeconds(30),
                Duration.ofSeconds(30), DEFAULT_MIN_BODY_BYTES_PER_SECOND, DEFAULT_MAX_BATCH, Duration.ZERO, false, null, null,
                null, false);
    }

    /**
     * One per core: predictions are CPU work, so more at once than cores only make each wait
     * longer, and fewer leave {@code /health} a core to answer on.
     */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Whether micro-batching is on ({@code maxBatch > 1}). */
    public boolean batching() {
        return maxBatch > 1;
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    public ServerOptions withThreads(int threads) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    public ServerOptions withStopTimeout(Duration stopTimeout) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    /** How long a connection may stay silent, and the slowest a body may arrive (0: no minimum). */
    public ServerOptions withSlowClientLimits(Duration idleTimeout, long minBodyBytesPerSecond) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    /**
     * Micro-batching: up to {@code maxBatch} records per forward pass, waiting up to {@code maxDelay}
     * for them ({@link Duration#ZERO}: only requests already waiting join); {@code maxBatch} 1
     * predicts each request in a pass of its own.
     */
    public ServerOptions withBatching(int maxBatch, Duration maxDelay) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    public ServerOptions withAccessLog(boolean accessLog) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    /** Requires {@code Authorization: Bearer TOKEN} on every request but {@code GET /health}; null for none. */
    public ServerOptions withToken(String token) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    /** Serves HTTPS with the key and certificate in a PKCS12 keystore; null keystore for plain HTTP. */
    public ServerOptions withTls(Path keystore, String password) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, keystore, keystore == null ? null : password, nonFiniteAsMissing);
    }

    /** Reads NaN, ±Infinity and numbers beyond float32 as missing values rather than refusing them. */
    public ServerOptions withNonFiniteAsMissing(boolean nonFiniteAsMissing) {
        return new ServerOptions(host, port, maxBodyBytes, threads, stopTimeout, idleTimeout, minBodyBytesPerSecond,
                maxBatch, maxBatchDelay, accessLog, token, tlsKeystore, tlsPassword, nonFiniteAsMissing);
    }

    /** The options with the token and password hidden, for logs. */
    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", threads=" + threads
                + ", stopTimeout=" + stopTimeout + ", idleTimeout=" + idleTimeout + ", minBodyBytesPerSecond="
                + minBodyBytesPerSecond + ", maxBatch=" + maxBatch + ", maxBatchDelay=" + maxBatchDelay + ", accessLog="
                + accessLog + ", token=" + (token == null ? "none" : "****") + ", tlsKeystore=" + tlsKeystore
                + ", nonFiniteAsMissing=" + nonFiniteAsMissing + "]";
    }
}
