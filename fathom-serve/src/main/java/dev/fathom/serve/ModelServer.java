package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.Objects;

/**
 * A fitted {@link Pipeline} served over HTTP as JSON: {@code POST /predict}, {@code GET /health},
 * {@code GET /metadata}. Requests run concurrently on a pool of worker threads; bodies are bounded;
 * bad requests get a 4xx naming the reason (and, for a bad record, its index and field).
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.load(Path.of("digits.fathom"));
 * try (ModelServer server = ModelServer.start(pipeline, ServerOptions.defaults().withPort(0))) {
 *     System.out.println("serving on " + server.url());
 *     // curl -H 'Content-Type: application/json' -d '{"f1": 0.0, ...}' http://127.0.0.1:PORT/predict
 *     server.join();   // until another thread (or a shutdown hook) closes it
 * }
 * }</pre>
 *
 * <p>{@link #close()} is graceful: the server stops accepting connections, lets the requests in
 * flight finish (up to {@link ServerOptions#stopTimeout()}), then stops. The endpoints and bodies
 * are described in the package documentation.
 */
public final class ModelServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final String host;

    private ModelServer(Server server, ServerConnector connector, GracefulHandler graceful, String host) {
        this.server = server;
        this.connector = connector;
        this.graceful = graceful;
        this.host = host;
    }

    /** Serves {@code pipeline} on 127.0.0.1:8080 with the {@linkplain ServerOptions#defaults() defaults}. */
    public static ModelServer start(Pipeline pipeline) {
        return start(pipeline, ServerOptions.defaults());
    }

    /**
     * Serves {@code pipeline} as {@code options} say, and returns once it listens.
     *
     * @throws IllegalStateException when it cannot listen (the port is taken, the host is not
     *     an address of this machine), saying how to fix it
     */
    public static ModelServer start(Pipeline pipeline, ServerOptions options) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(options, "options");
        // Workers plus the acceptor and selector threads the connector takes from the same pool.
        QueuedThreadPool pool = new QueuedThreadPool(options.threads() + 2, Math.min(options.threads() + 2, 4));
        pool.setName("fathom-serve");
        Server server = new Server(pool);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);   // no version banner for scanners
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);

        GracefulHandler graceful = new GracefulHandler(new Routes(pipeline, options.maxBodyBytes()));
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(options.stopTimeout().toMillis());
        server.setStopAtShutdown(false);   // the owner closes it (the CLI from its own shutdown hook)
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException(startFailure(options, e), e);
        }
        return new ModelServer(server, connector, graceful, options.host());
    }

    /** The port it listens on: the one asked for, or the free one picked for port 0. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;   // an IPv6 literal needs brackets
        if (h.equals("0.0.0.0")) h = "127.0.0.1";
        return URI.create("http://" + h + ":" + port() + "/");
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
        } catch (Exception e) {
            throw new IllegalStateException("the server on port " + connector.getLocalPort()
                    + " did not stop cleanly: " + e.getMessage(), e);
        }
    }

    private static String startFailure(ServerOptions options, Exception e) {
        String where = options.host() + ":" + options.port();
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
