package dev.fathom.serve;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /metrics} says, in the Prometheus text format, through the Prometheus Java
 * client (each server has a registry of its own, so two servers in one JVM count apart):
 * <ul>
 *   <li>{@code fathom_serve_requests_total{route, status}}: requests answered;</li>
 *   <li>{@code fathom_serve_request_duration_seconds{route}}: a histogram of the time from the
 *       handler's start to the answer handed to Jetty (reading the body included);</li>
 *   <li>{@code fathom_serve_errors_total{status}}: answers of 400 and over;</li>
 *   <li>{@code fathom_serve_batch_records}: a histogram of the records in each forward pass;</li>
 *   <li>{@code fathom_serve_model_info{name, version, classes}}: the model being served.</li>
 * </ul>
 * Routes are the endpoints, and {@code other} for every unknown path, so a scanner cannot grow
 * the number of series.
 */
final class ServerMetrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final Set<String> ROUTES = Set.of("/predict", "/health", "/metadata", "/metrics", "/reload");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram duration;
    private final Counter errors;
    private final Histogram batchRecords;
    private final Info model;
    /** Per route: the series of its 200 answers, and of its durations, once used. */
    private final ConcurrentHashMap<String, CounterDataPoint> answeredOk = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DistributionDataPoint> durations = new ConcurrentHashMap<>();

    ServerMetrics() {
        requests = Counter.builder().name("fathom_serve_requests_total").help("Requests answered, by route and status")
                .labelNames("route", "status").register(registry);
        duration = Histogram.builder().name("fathom_serve_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time to answer a request, by route").labelNames("route")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        errors = Counter.builder().name("fathom_serve_errors_total").help("Answers of status 400 and over, by status")
                .labelNames("status").register(registry);
        batchRecords = Histogram.builder().name("fathom_serve_batch_records").help("Records predicted in one forward pass")
                .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
        model = Info.builder().name("fathom_serve_model_info").help("The model being served")
                .labelNames("name", "version", "classes").register(registry);
    }

    /** One answered request. */
    void request(String path, int status, long nanos) {
        String route = ROUTES.contains(path) ? path : "other";
        // The series of each route's 200s and durations are kept once looked up (the client's advice
        // for hot paths): a lookup by label values builds a key and a string per request.
        CounterDataPoint count = status == 200 ? okSeries(route) : requests.labelValues(route, Integer.toString(status));
        count.inc();
        DistributionDataPoint time = durations.get(route);
        if (time == null) time = durations.computeIfAbsent(route, duration::labelValues);
        time.observe(nanos / 1e9);
        if (status >= 400) errors.labelValues(Integer.toString(status)).inc();
    }

    private CounterDataPoint okSeries(String route) {
        CounterDataPoint series = answeredOk.get(route);
        return series != null ? series : answeredOk.computeIfAbsent(route, r -> requests.labelValues(r, "200"));
    }

    /** One forward pass of {@code records} records. */
    void batch(int records) {
        batchRecords.observe(records);
    }

    /** The model now served (replacing the one before). */
    void model(ServedModel served) {
        String classes = served.pipeline().isClassifier() ? String.join(",", served.pipeline().classes()) : "";
        model.setLabelValues(served.name(), Integer.toString(served.version()), classes);
    }

    /** The text of every metric. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // not reached: memory only
        }
        return out.toByteArray();
    }
}
