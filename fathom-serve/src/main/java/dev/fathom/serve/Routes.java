package dev.fathom.serve;

import dev.fathom.saving.ModelFileException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The endpoints: {@code POST /predict}, {@code GET /health}, {@code GET /metadata},
 * {@code GET /metrics}, {@code POST /reload}. Every answer but the metrics is JSON. Bad requests
 * end in an {@link ApiException} and get its status and reason; any other exception is a fault of
 * the server: it is logged with the request's id and the client gets a 500 naming that id, never
 * a stack trace.
 *
 * <p>Each request runs on a worker thread of its own. Its body is read whole (or, after an early
 * refusal, read and dropped) before the answer goes out, so a keep-alive connection always
 * carries the next request; where the body cannot be read the answer says
 * {@code Connection: close} (see {@link BodyReader}).
 */
final class Routes extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    /** One line per request when {@link ServerOptions#accessLog()}; its own logger, to route or silence apart. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.fathom.serve.access");
    static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField METRICS_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, ServerMetrics.CONTENT_TYPE);
    private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    private static final HttpField ASK_FOR_TOKEN = new PreEncodedHttpField(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    private static final String REQUEST_ID = "X-Request-Id";
    private static final String ENDPOINTS = "POST /predict, GET /health, GET /metadata, GET /metrics, POST /reload";
    /** Each endpoint's methods, as the Allow header of a 405 lists them. */
    private static final Map<String, String> ALLOWED = Map.of("/predict", "POST", "/health", "GET, HEAD", "/metadata", "GET, HEAD",
            "/metrics", "GET, HEAD", "/reload", "POST");
    /** {@link #ALLOWED}'s methods as lists, split once rather than on every request. */
    private static final Map<String, List<String>> METHODS = ALLOWED.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.of(e.getValue().split(", "))));
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final LiveModel model;
    private final Predictor predictor;
    private final ServerMetrics metrics;
    private final BearerToken token;
    private final ServerOptions options;

    Routes(LiveModel model, Predictor predictor, ServerMetrics metrics, ServerOptions options) {
        this.model = model;
        this.predictor = predictor;
        this.metrics = metrics;
        this.token = options.token() == null ? null : new BearerToken(options.token());
        this.options = options;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        String id = requestId(request);
        BodyReader body = new BodyReader(request, options.maxBodyBytes(), options.minBodyBytesPerSecond());
        int status = 200;
        HttpField type = JSON_TYPE;
        byte[] answer;
        try {
            String allowed = ALLOWED.get(path);
            if (allowed == null) {
                throw new ApiException(404, "no endpoint at " + path + "; the endpoints are " + ENDPOINTS);
            }
            if (!METHODS.get(path).contains(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                throw new ApiException(405, path + " takes " + allowed + ", not " + method);
            }
            // /health stays open so that load balancers and orchestrators can probe it without the secret.
            if (token != null && !path.equals("/health")) token.check(request);
            answer = switch (path) {
                case "/predict" -> predict(request, body);
                case "/health" -> HEALTHY;
                case "/metrics" -> {
                    type = METRICS_TYPE;
                    yield metrics.scrape();
                }
                case "/reload" -> reload();
                default -> model.current().metadata();
            };
        } catch (ApiException e) {
            status = e.status();
            answer = JsonBodies.error(e);
            if (status == 401) response.getHeaders().put(ASK_FOR_TOKEN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            answer = JsonBodies.error(new ApiException(503, "the server is shutting down"));
        } catch (RuntimeException | Error e) {
            if (e instanceof HttpException http) {
                // Jetty refusing the request itself (a broken chunked body, a read timeout): the
                // client's fault, reported with Jetty's status and reason.
                status = http.getCode();
                answer = JsonBodies.error(new ApiException(status, "bad request: " + http.getReason()));
            } else {
                LOG.error("{} {} failed (request id {})", method, path, id, e);
                status = 500;
                answer = JsonBodies.error("the server failed to answer this request (request id " + id
                        + "); its log has the details", id);
            }
        }
        // Never answer with the body half read and the connection kept: the client would send its
        // next request into the rest of this body, or into a connection Jetty then closes.
        if (!body.ended() && !body.discard()) response.getHeaders().put(CLOSE);
        response.setStatus(status);
        response.getHeaders().put(type);
        response.getHeaders().put(REQUEST_ID, id);
        // Counted before the answer leaves: a client that reads /metrics next must find this request in it.
        long nanos = System.nanoTime() - start;
        metrics.request(path, status, nanos);
        if (options.accessLog()) {
            ACCESS.info("{} {} {} {}B {}ms id={}", method, path, status, answer.length,
                    String.format(Locale.ROOT, "%.2f", nanos / 1e6), id);
        }
        response.write(true, ByteBuffer.wrap(answer), callback);
        return true;
    }

    private byte[] predict(Request request, BodyReader body) throws InterruptedException {
        ServedModel served = model.current();   // this request's model to its end, whatever a reload does
        checkContentType(request);
        boolean proba = probaRequested(request, served);
        byte[] bytes = body.read();
        // One plain record of numbers straight into a row; anything else (and every refusal) through the maps.
        double[] row = served.reader().readRow(bytes);
        return predictor.predict(served, row != null ? Records.row(row) : Records.of(served.reader().read(bytes)), proba);
    }

    private byte[] reload() {
        try {
            ServedModel now = model.reload();
            return JsonBodies.reloaded(now.name(), now.version());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        } catch (ModelFileException e) {
            throw new ApiException(422, "the model file cannot be loaded, so version " + model.current().version()
                    + " is still served: " + e.getMessage());
        }
    }

    /** The client's X-Request-Id when it is short and plain, so logs on both sides meet; else a fresh one. */
    private static String requestId(Request request) {
        String given = request.getHeaders().get(REQUEST_ID);
        if (given != null && !given.isEmpty() && given.length() <= 64 && given.chars().allMatch(
                c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))) {
            return given;
        }
        return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    /** JSON, or no Content-Type at all; anything else is 415. */
    private static void checkContentType(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) return;
        int semicolon = type.indexOf(';');
        String base = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.endsWith("+json")) {
            throw new ApiException(415, "POST /predict takes a JSON body (Content-Type: application/json), not "
                    + type + "; with curl: -H 'Content-Type: application/json'");
        }
    }

    /** {@code ?proba=true}: add class probabilities (classifiers only). */
    private static boolean probaRequested(Request request, ServedModel served) {
        if (request.getHttpURI().getQuery() == null) return false;
        Fields query = Request.extractQueryParameters(request);
        boolean proba = false;
        for (Fields.Field f : query) {
            if (!f.getName().equals("proba")) {
                throw new ApiException(400, "unknown query parameter '" + f.getName()
                        + "'; POST /predict takes only ?proba=true (add class probabilities)");
            }
            proba = switch (f.getValue().toLowerCase(Locale.ROOT)) {
                case "", "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new ApiException(400, "proba=" + f.getValue() + " is neither true nor false");
            };
        }
        if (proba && !served.pipeline().isClassifier()) {
            throw new ApiException(400, "?proba=true asks for class probabilities, but this model is a regressor of '"
                    + served.pipeline().target() + "'; leave it out");
        }
        return proba;
    }
}
