package dev.fathom.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON bodies the server answers with, written by jackson-core's generator straight to bytes.
 *
 * <pre>{@code
 * {"predictions": ["setosa", "virginica"]}
 * {"predictions": ["setosa"], "probabilities": [{"setosa": 0.97, "versicolor": 0.02, "virginica": 0.01}]}
 * {"error": "record 0, field 'age': expected a number, got \"abc\"", "record": 0, "field": "age"}
 * }</pre>
 */
final class JsonBodies {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodies() {}

    /** {@code {"error": message, "record": i, "field": name}}; record and field only when known. */
    static byte[] error(ApiException e) {
        return write(g -> {
            g.writeStringField("error", e.getMessage());
            if (e.record() >= 0) g.writeNumberField("record", e.record());
            if (e.field() != null) g.writeStringField("field", e.field());
        });
    }

    /** {@code {"error": message, "id": id}}, for failures of the server itself. */
    static byte[] error(String message, String id) {
        return write(g -> {
            g.writeStringField("error", message);
            if (id != null) g.writeStringField("id", id);
        });
    }

    /**
     * {@code {"predictions": [...]}}, plus {@code "probabilities": [{class: p, ...}, ...]} when
     * {@code probabilities} (row-major {@code [n, classes]}) is not null. Class names are strings,
     * regression values numbers; a missing prediction is null.
     */
    static byte[] predictions(Column predictions, float[] probabilities, List<String> classes) {
        return predictions(predictions, 0, predictions.size(), probabilities, classes);
    }

    /**
     * The same for rows {@code from..to-1} only (one request's share of a batch); {@code probabilities}
     * holds every row of the batch.
     */
    static byte[] predictions(Column predictions, int from, int to, float[] probabilities, List<String> classes) {
        return write(g -> {
            g.writeArrayFieldStart("predictions");
            switch (predictions) {
                case CategoricalColumn c -> {
                    for (int i = from; i < to; i++) g.writeString(c.get(i));
                }
                case NumericColumn c -> {
                    for (int i = from; i < to; i++) {
                        double v = c.get(i);
                        if (Double.isNaN(v)) g.writeNull();
                        else g.writeNumber(v);
                    }
                }
                case BooleanColumn c -> {
                    for (int i = from; i < to; i++) {
                        if (c.isMissing(i)) g.writeNull();
                        else g.writeBoolean(c.get(i));
                    }
                }
                default -> {
                    for (int i = from; i < to; i++) {
                        if (predictions.isMissing(i)) g.writeNull();
                        else g.writeString(predictions.text(i));
                    }
                }
            }
            g.writeEndArray();
            if (probabilities != null) writeProbabilities(g, probabilities, from, to, classes);
        });
    }

    /** {@code {"predictions": [class names by index], "probabilities"?}} for an image model, rows {@code from..to-1}. */
    static byte[] classPredictions(int[] classIndices, int from, int to, float[] probabilities, List<String> classes) {
        return write(g -> {
            g.writeArrayFieldStart("predictions");
            for (int i = from; i < to; i++) g.writeString(classes.get(classIndices[i]));
            g.writeEndArray();
            if (probabilities != null) writeProbabilities(g, probabilities, from, to, classes);
        });
    }

    private static void writeProbabilities(JsonGenerator g, float[] p, int from, int to, List<String> classes) throws IOException {
        int k = classes.size();
        g.writeArrayFieldStart("probabilities");
        for (int row = from; row < to; row++) {
            g.writeStartObject();
            for (int c = 0; c < k; c++) g.writeNumberField(classes.get(c), p[row * k + c]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code {"reloaded": name, "version": n}}, the answer of {@code POST /reload}. */
    static byte[] reloaded(String name, int version) {
        return write(g -> {
            g.writeStringField("reloaded", name);
            g.writeNumberField("version", version);
        });
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON response", e);   // not reached: memory only
        }
        return out.toByteArray();
    }
}
