package dev.fathom.serve;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The three endpoints: {@code POST /predict}, {@code GET /health}, {@code GET /metadata}. Every
 * answer is JSON. Bad requests end in an {@link ApiException} and get its status and reason; any
 * other exception is a fault of the server: it is logged with a fresh id and the client gets a 500
 * naming that id, never a stack trace.
 */
final class Routes extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final String ENDPOINTS = "POST /predict, GET /health, GET /metadata";
    /** Each endpoint's methods, as the Allow header of a 405 lists them. */
    private static final Map<String, String> ALLOWED = Map.of("/predict", "POST", "/health", "GET, HEAD", "/metadata", "GET, HEAD");
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final Pipeline pipeline;
    private final boolean images;
    private final long maxBodyBytes;
    private final RecordReader reader;
    private final byte[] metadata;

    Routes(Pipeline pipeline, long maxBodyBytes) {
        this.pipeline = pipeline;
        this.images = pipeline.inputKind() == Pipeline.InputKind.IMAGES;
        this.maxBodyBytes = maxBodyBytes;
        Map<String, String> types = new LinkedHashMap<>();
        if (!images) for (InputColumn c : pipeline.inputs()) types.put(c.name(), c.type().label());
        this.reader = new RecordReader(types, images ? new PixelReader(pipeline.imageShape()) : null);
        this.metadata = Json.write(Metadata.of(pipeline)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        int status = 200;
        byte[] body;
        try {
            String allowed = ALLOWED.get(path);
            if (allowed == null) {
                throw new ApiException(404, "no endpoint at " + path + "; the endpoints are " + ENDPOINTS);
            }
            if (!List.of(allowed.split(", ")).contains(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                throw new ApiException(405, path + " takes " + allowed + ", not " + method);
            }
            body = switch (path) {
                case "/predict" -> predict(request);
                case "/health" -> HEALTHY;
                default -> metadata;
            };
        } catch (ApiException e) {
            status = e.status();
            body = JsonBodies.error(e);
        } catch (Exception e) {
            if (e instanceof HttpException http) {
                // Jetty refusing the request itself (a broken chunked body, a read timeout): the
                // client's fault, reported with Jetty's status and reason.
                status = http.getCode();
                body = JsonBodies.error(new ApiException(status, "bad request: " + http.getReason()));
            } else {
                String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
                LOG.error("{} {} failed (error id {})", method, path, id, e);
                status = 500;
                body = JsonBodies.error("the server failed to answer this request (error id " + id
                        + "); its log has the details", id);
            }
        }
        response.setStatus(status);
        response.getHeaders().put(JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private byte[] predict(Request request) throws IOException {
        checkContentType(request);
        boolean proba = probaRequested(request);
        List<Map<String, Object>> records = reader.read(readBody(request));
        try {
            if (images) return predictImages(records, proba);
            Table table = pipeline.tableOf(records);
            Column predictions = pipeline.predictColumn(table);
            float[] probabilities = proba ? pipeline.predictProba(table).toFloatArray() : null;
            return JsonBodies.predictions(predictions, probabilities, pipeline.classes());
        } catch (PipelineInputException e) {
            throw new ApiException(400, e.getMessage(), e.record(), e.field());
        }
    }

    private byte[] predictImages(List<Map<String, Object>> records, boolean proba) {
        int[] shape = pipeline.imageShape();
        int size = shape[0] * shape[1] * shape[2];
        float[] data = new float[records.size() * size];
        float scale = (float) pipeline.pixelScale();
        for (int i = 0; i < records.size(); i++) {
            Object pixels = records.get(i).get(RecordReader.PIXELS);
            if (!(pixels instanceof float[] values)) {
                String got = pixels == null
                        ? (records.get(i).containsKey(RecordReader.PIXELS) ? "null" : "no such field")
                        : pixels instanceof String ? "a string" : pixels instanceof Boolean ? "a boolean" : "a number";
                throw new ApiException(400, "record " + i + ", field 'pixels': expected the image as nested arrays of numbers "
                        + "shaped [" + shape[0] + "][" + shape[1] + "][" + shape[2] + "], got " + got
                        + "; send {\"pixels\": [[...], ...]}", i, RecordReader.PIXELS);
            }
            // Clients send pixels as stored (0..255 for 8-bit images); the model saw them scaled.
            for (int j = 0; j < size; j++) data[i * size + j] = values[j] * scale;
        }
        Tensor batch = Tensor.of(data, records.size(), shape[0], shape[1], shape[2]);
        int[] classes = pipeline.predictImages(batch).toIntArray();
        float[] probabilities = proba ? pipeline.predictProbaImages(batch).toFloatArray() : null;
        return JsonBodies.classPredictions(classes, probabilities, pipeline.classes());
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
    private boolean probaRequested(Request request) {
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
        if (proba && !pipeline.isClassifier()) {
            throw new ApiException(400, "?proba=true asks for class probabilities, but this model is a regressor of '"
                    + pipeline.target() + "'; leave it out");
        }
        return proba;
    }

    /** The whole body, refused with 413 past the limit (before reading it, when its length is declared). */
    private byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) throw tooLarge(" (" + declared + " bytes)");
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // The usual case: one array of the declared size (Jetty ends the stream there).
                byte[] body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                return n == body.length ? body : java.util.Arrays.copyOf(body, n);
            }
            byte[] body = in.readNBytes((int) maxBodyBytes + 1);   // chunked: read one byte past the limit
            if (body.length > maxBodyBytes) throw tooLarge("");
            return body;
        }
    }

    private ApiException tooLarge(String size) {
        return new ApiException(413, "the request body" + size + " is over the limit of " + maxBodyBytes
                + " bytes; send fewer records per request, or start the server with a larger --max-body");
    }
}
