package dev.fathom.cli;

import dev.fathom.backend.Threads;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;
import dev.fathom.serve.ModelServer;
import dev.fathom.serve.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fathom serve MODEL}: the saved pipeline as an HTTP JSON service ({@code POST /predict},
 * {@code GET /health}, {@code GET /metadata}) until Ctrl-C, which lets requests in flight finish.
 *
 * <pre>
 * ./fathom serve digits.fathom --port 8080
 * curl -H 'Content-Type: application/json' -d '{"pixel_0_0": 0, ...}' http://127.0.0.1:8080/predict
 * </pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a saved model (a pipeline file from `fathom train` or Pipeline.save) over HTTP as JSON:",
                "POST /predict with one record, {\"records\": [...]} or an array of records (?proba=true adds class",
                "probabilities), GET /health, GET /metadata, GET /metrics (Prometheus), POST /reload (read MODEL again).",
                "Ctrl-C stops it after the requests in flight."})
final class ServeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The saved pipeline file")
    Path model;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--max-body", defaultValue = "1m", paramLabel = "SIZE",
            description = "Largest request body, in bytes or with k/m (KiB/MiB); larger ones get 413 (default: ${DEFAULT-VALUE})")
    String maxBody;

    @Option(names = "--threads", description = "Predictions computed at once; more requests wait in line (default: one per core)")
    Integer threads;

    @Option(names = "--max-batch", defaultValue = "64", paramLabel = "N",
            description = "Join concurrent /predict requests into forward passes of up to N records (with --batch-delay 0 only those already waiting, and images not at all); 1 = every request a forward pass of its own (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--batch-delay", defaultValue = "0", paramLabel = "MS",
            description = "With --max-batch: how long a batch waits for more requests, in milliseconds; 0 takes only those waiting (default: ${DEFAULT-VALUE})")
    double batchDelayMs;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer TOKEN' (TOKEN: this file's first line) on every endpoint but GET /health")
    Path tokenFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key and certificate in this PKCS12 keystore")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "The keystore's password (first line); default: the environment variable FATHOM_TLS_PASSWORD")
    Path tlsPasswordFile;

    @Option(names = "--access-log", description = "Log one line per request (method, path, status, bytes, ms, request id) to stderr")
    boolean accessLog;

    @Option(names = "--non-finite-as-missing",
            description = "Read NaN, Infinity and numbers beyond float32 as missing values (imputed by the pipeline) instead of answering 400")
    boolean nonFiniteAsMissing;

    @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Close a connection silent this long (default: ${DEFAULT-VALUE})")
    int idleTimeoutSeconds;

    @Option(names = "--min-body-rate", defaultValue = "1024", paramLabel = "BYTES",
            description = "Refuse (408) a request body arriving slower than this many bytes a second, after 1 s; 0 = no minimum (default: ${DEFAULT-VALUE})")
    long minBodyRate;

    @Spec
    CommandSpec spec;

    private Pipeline pipeline;

    @Override
    public Integer call() throws InterruptedException {
        // Requests already run side by side on the workers; splitting one request's kernels over
        // the cores too would only make the kernel pool's spinning threads compete with them.
        Threads.set(1);
        ModelServer server = start();
        PrintWriter out = spec.commandLine().getOut();
        out.println(banner(server));
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("fathom serve: stopping (finishing requests in flight)...");
            server.close();
        }, "fathom-serve-shutdown"));
        server.join();
        return 0;
    }

    /** Loads the model and starts listening; the options are checked before the file is read. */
    ModelServer start() {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch " + maxBatch + " is below 1: give 1 for a forward pass per request,"
                    + " or the most records one pass may join");
        }
        if (!(batchDelayMs >= 0)) {
            throw new IllegalArgumentException("--batch-delay " + batchDelayMs + " is not 0 or more milliseconds: give 0 to join"
                    + " only the requests already waiting, or how long a batch may wait (2)");
        }
        ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port).withMaxBodyBytes(parseSize(maxBody))
                .withBatching(maxBatch, Duration.ofNanos((long) (batchDelayMs * 1e6)))
                .withSlowClientLimits(Duration.ofSeconds(idleTimeoutSeconds), minBodyRate)
                .withAccessLog(accessLog).withNonFiniteAsMissing(nonFiniteAsMissing);
        if (threads != null) options = options.withThreads(threads);
        if (tokenFile != null) options = options.withToken(firstLine(tokenFile, "--token-file"));
        if (tlsKeystore != null) {
            String password = tlsPasswordFile != null ? firstLine(tlsPasswordFile, "--tls-password-file") : System.getenv("FATHOM_TLS_PASSWORD");
            if (password == null) {
                throw new IllegalArgumentException("--tls-keystore " + tlsKeystore + " needs its password: give --tls-password-file FILE"
                        + " or set FATHOM_TLS_PASSWORD");
            }
            options = options.withTls(tlsKeystore, password);
        }
        ModelServer server = ModelServer.start(model, options);
        pipeline = server.pipeline();
        return server;
    }

    /** A secret's file: its first line, trimmed (editors add a newline). */
    static String firstLine(Path file, String option) {
        try {
            String text = Files.readString(file).lines().findFirst().orElse("").trim();
            if (text.isEmpty()) throw new IllegalArgumentException(option + " " + file + " is empty; put the secret on its first line");
            return text;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** What is served, where, and a request to try (after {@link #start}). */
    String banner(ModelServer server) {
        Pipeline p = pipeline;
        String predict = server.url().resolve("predict").toString();
        return "Serving " + model + " (" + p + ") at " + server.url() + "\n"
                + "  try:  curl -H 'Content-Type: application/json'"
                + (tokenFile != null ? " -H \"Authorization: Bearer $(head -1 " + tokenFile + ")\"" : "")
                + " -d '" + exampleBody(p) + "' " + predict + "\n"
                + "  also: GET " + server.url().resolve("metadata") + " (input schema), GET " + server.url().resolve("health")
                + ", GET " + server.url().resolve("metrics") + " (Prometheus), POST " + server.url().resolve("reload")
                + " (read the model file again); ?proba=true adds class probabilities\n"
                + "  Ctrl-C stops the server after the requests in flight.";
    }

    /** One record with a plausible value per input: 0, the first category, false, a date. */
    static String exampleBody(Pipeline p) {
        if (p.inputKind() == Pipeline.InputKind.IMAGES) {
            int[] s = p.imageShape();
            if (s[0] * s[1] * s[2] > 1024) {
                return "{\"pixels\": [[...]]}   (" + s[1] + " rows of " + s[2] + " numbers" + (s[0] > 1 ? ", for each of " + s[0] + " channels" : "") + ")";
            }
            String row = "[" + "0, ".repeat(s[2] - 1) + "0]";
            String image = "[" + (row + ", ").repeat(s[1] - 1) + row + "]";
            if (s[0] > 1) image = "[" + (image + ", ").repeat(s[0] - 1) + image + "]";
            return "{\"pixels\": " + image + "}";
        }
        Map<String, Object> record = new LinkedHashMap<>();
        for (InputColumn c : p.inputs()) {
            record.put(c.name(), switch (c.type()) {
                case NUMERIC -> 0;
                case CATEGORICAL -> c.categories() == null || c.categories().isEmpty() ? "" : c.categories().getFirst();
                case BOOLEAN -> false;
                case DATE -> "2024-01-31";
            });
        }
        return Json.writeCompact(record).replace("'", "'\\''");   // quoted for the shell's single quotes
    }

    /** "1048576", "64k", "1m" (KiB, MiB) as bytes. */
    static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m")) {
            unit = t.endsWith("k") ? 1024 : 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--max-body " + text + " is not a size; give bytes (65536) or k/m (64k, 1m)");
        }
    }
}
