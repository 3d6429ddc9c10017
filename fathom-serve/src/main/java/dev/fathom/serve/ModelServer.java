package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A fitted {@link Pipeline} served over HTTP(S) as JSON: {@code POST /predict}, {@code GET /health},
 * {@code GET /metadata}, {@code GET /metrics} (Prometheus text), {@code POST /reload}. Small
 * requests are answered on the thread that parsed them (a health probe; one record of numbers whose
 * body has arrived, when a prediction can start at once); the others run on up to
 * {@link #MAX_WORKERS} worker threads, and clients that send slowly are cut off below
 * {@link ServerOptions#minBodyBytesPerSecond()}, so they cannot hold the workers; predictions compute on at most
 * {@link ServerOptions#threads()} at once, optionally joined into batches; bodies are bounded; bad
 * requests get a 4xx naming the reason (and, for a bad record, its index and field).
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(Path.of("digits.fathom"), ServerOptions.defaults().withPort(0))) {
 *     System.out.println("serving on " + server.url());
 *     // curl -H 'Content-Type: application/json' -d '{"f1": 0.0, ...}' http://127.0.0.1:PORT/predict
 *     server.join();   // until another thread (or a shutdown hook) closes it
 * }
 * }</pre>
 *
 * <p>{@link #reload()} (and {@code POST /reload}) reads the model file again and swaps the new
 * version in atomically: requests in flight finish on the old one. {@link #close()} is graceful:
 * the server stops accepting connections, lets the requests in flight finish (up to
 * {@link ServerOptions#stopTimeout()}), then stops. The endpoints and bodies are described in the
 * package documentation.
 */
public final class ModelServer implements AutoCloseable {
    /** Connections served at once; more wait in the operating system's accept queue. */
    public static final int MAX_CONNECTIONS = 1024;
    /** Requests handled at once (their threads); past it a request waits for a worker. */
    public static final int MAX_WORKERS = 256;
    private static final long BUFFER_POOL_BYTES = 16L << 20;

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final LiveModel model;
    private final Predictor predictor;
    private final ServerOptions options;

    private ModelServer(Server server, ServerConnector connector, GracefulHandler graceful, LiveModel model,
                        Predictor predictor, ServerOptions options) {
        this.server = server;
        this.connector = connector;
        this.graceful = graceful;
        this.model = model;
        this.predictor = predictor;
        this.options = options;
    }

    /** Serves {@code pipeline} on 127.0.0.1:8080 with the {@linkplain ServerOptions#defaults() defaults}. */
    public static ModelServer start(Pipeline pipeline) {
        return start(pipeline, ServerOptions.defaults());
    }

    /**
     * Serves {@code pipeline} as {@code options} say, and returns once it listens. There is no
     * file to reload from: {@code POST /reload} answers 409, {@link #swap} replaces the model.
     *
     * @throws IllegalStateException when it cannot listen (the port is taken, the host is not
     *     an address of this machine, the TLS keystore cannot be read), saying how to fix it
     */
    public static ModelServer start(Pipeline pipeline, ServerOptions options) {
        Objects.requireNonNull(pipeline, "pipeline");
        return start(pipeline, null, options);
    }

    /**
     * Loads the pipeline saved in {@code modelFile} and serves it; {@link #reload()} and
     * {@code POST /reload} read the file again.
     *
     * @throws dev.fathom.saving.ModelFileException when the file cannot be loaded
     * @throws IllegalStateException when it cannot listen, as {@link #start(Pipeline, ServerOptions)}
     */
    public static ModelServer start(Path modelFile, ServerOptions options) {
        Objects.requireNonNull(modelFile, "modelFile");
        return start(Pipeline.load(modelFile), modelFile, options);
    }

    private static ModelServer start(Pipeline pipeline, Path source, ServerOptions options) {
        Objects.requireNonNull(options, "options");
        // Enough platform workers that slow clients cannot take them all: a client that trickles its
        // body holds a worker only until the data rate cuts it off (BodyReader), and 64 of them
        // leave /health answering in milliseconds. Virtual threads were tried: twice the requests/s
        // on 2 cores but a p99 of 80-150 ms, and /health at ~100 ms under slow clients, since the
        // carriers starve the selector and the load (docs/benchmarks.md, Serving).
        QueuedThreadPool pool = new QueuedThreadPool(MAX_WORKERS, 8);
        pool.setName("fathom-serve");
        // Jetty's default buffer pool may keep up to an eighth of the heap limit in idle buffers,
        // heap and direct each; 16 MiB each is plenty for the small bodies and answers served here,
        // and keeps resident memory flat under sustained load.
        ArrayByteBufferPool buffers = new ArrayByteBufferPool(0, -1, -1, -1, BUFFER_POOL_BYTES, BUFFER_POOL_BYTES);
        Server server = new Server(pool, null, buffers);
        // Every connection can hold a body of up to maxBodyBytes: bound them, and so the memory.
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);   // no version banner for scanners
        http.setIdleTimeout(options.idleTimeout().toMillis());
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ServerConnector connector;
        if (options.tlsKeystore() != null) {
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls(options), h1.getProtocol()), h1);
        } else {
            connector = new ServerConnector(server, 1, 1, h1);
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);

        ServerMetrics metrics = new ServerMetrics();
        LiveModel model = new LiveModel(pipeline, source, options.nonFiniteAsMissing(), metrics::model);
        Predictor predictor = Predictor.of(options, model.current());
        predictor.onBatch(metrics::batch);
        GracefulHandler graceful = new GracefulHandler(new Routes(model, predictor, metrics, options));
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(options.stopTimeout().toMillis());
        server.setStopAtShutdown(false);   // the owner closes it (the CLI from its own shutdown hook)
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            predictor.close();
            throw new IllegalStateException(startFailure(options, e), e);
        }
        return new ModelServer(server, connector, graceful, model, predictor, options);
    }

    private static SslContextFactory.Server tls(ServerOptions options) {
        Path keystore = options.tlsKeystore();
        if (!Files.isReadable(keystore)) {
            throw new IllegalStateException("the TLS keystore " + keystore + " cannot be read; give a PKCS12 file with --tls-keystore"
                    + " (keytool -genkeypair -storetype PKCS12 -keystore server.p12 ... makes one)");
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(options.tlsPassword());
        return ssl;
    }

    /**
     * Reads the model file again and serves it from now on; requests in flight finish on the old
     * version. When the file cannot be loaded the old version stays.
     *
     * @return the version now served (1 at start, one more per reload or swap)
     * @throws IllegalStateException when the server was started from a Pipeline, not a file
     * @throws dev.fathom.saving.ModelFileException when the file is missing or damaged
     */
    public int reload() {
        return model.reload().version();
    }

    /** Serves {@code pipeline} from now on; requests in flight finish on the old one. Returns the new version. */
    public int swap(Pipeline pipeline) {
        return model.swap(pipeline).version();
    }

    /** The pipeline served now (the latest reload's). */
    public Pipeline pipeline() {
        return model.current().pipeline();
    }

    /** The version served now: 1 at start, one more per reload or swap. */
    public int modelVersion() {
        return model.current().version();
    }

    /** The port it listens on: the one asked for, or the free one picked for port 0. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        String host = options.host();
        String h = host.contains(":") ? "[" + host + "]" : host;   // an IPv6 literal needs brackets
        if (h.equals("0.0.0.0")) h = "127.0.0.1";
        return URI.create((options.tlsKeystore() != null ? "https" : "http") + "://" + h + ":" + port() + "/");
    }

    /** Requests being answered right now (for tests of the graceful stop). */
    long requestsInFlight() {
        return graceful.getCurrentRequestCount();
    }

    /** Waits until the server has stopped (after {@link #close()} from another thread). */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: no new connections, requests in flight finish (up to the stop timeout),
     * then the threads end. Calling it again does nothing.
     */
    @Override
    public void close() {
        try {
            server.stop();
            predictor.close();   // after the stop: requests in flight still had their predictions
        } catch (Exception e) {
            throw new IllegalStateException("the server on port " + connector.getLocalPort()
                    + " did not stop cleanly: " + e.getMessage(), e);
        }
    }

    private static String startFailure(ServerOptions options, Exception e) {
        String where = options.host() + ":" + options.port();
        if (options.tlsKeystore() != null) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.security.GeneralSecurityException || String.valueOf(t.getMessage()).contains("keystore")) {
                    return "cannot read the TLS keystore " + options.tlsKeystore() + ": " + e.getMessage()
                            + "; check --tls-keystore (a PKCS12 file) and its password (--tls-password-file or FATHOM_TLS_PASSWORD)";
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + where + ": " + t.getMessage()
                        + "; another process may hold the port: pick another with --port, or --port 0 for any free one";
            }
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return "cannot listen on " + where + ": " + e.getMessage() + "; check that --host is an address of this machine";
        }
        return "the server could not start on " + where + ": " + e;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Already failing to start: the start error is the one to report.
        }
    }
}
