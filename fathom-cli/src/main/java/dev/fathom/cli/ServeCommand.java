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

import java.io.PrintWriter;
import java.nio.file.Path;
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
                "probabilities), GET /health, GET /metadata. Ctrl-C stops it after the requests in flight."})
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

    @Option(names = "--threads", description = "Worker threads for requests (default: max(8, 4 x cores))")
    Integer threads;

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
        ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port).withMaxBodyBytes(parseSize(maxBody));
        if (threads != null) options = options.withThreads(threads);
        pipeline = Pipeline.load(model);
        return ModelServer.start(pipeline, options);
    }

    /** What is served, where, and a request to try (after {@link #start}). */
    String banner(ModelServer server) {
        Pipeline p = pipeline;
        String predict = server.url().resolve("predict").toString();
        return "Serving " + model + " (" + p + ") at " + server.url() + "\n"
                + "  try:  curl -H 'Content-Type: application/json' -d '" + exampleBody(p) + "' " + predict + "\n"
                + "  also: GET " + server.url().resolve("metadata") + " (input schema), GET " + server.url().resolve("health")
                + "; ?proba=true adds class probabilities\n"
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
