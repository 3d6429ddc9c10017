package dev.fathom.serve;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.pipeline.RowPredictor;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the served model, with everything a request needs from it: the pipeline, the
 * reader of request bodies made for its inputs, its {@code /metadata} answer, and its version
 * number. A request takes the current one when it starts and uses only it, so a reload swaps in a
 * new {@code ServedModel} without touching requests in flight.
 *
 * @param version 1 for the model the server started with, one more for each reload
 * @param rows the pipeline's predictor of rows with no table built, or null when it has none
 *     (requests read as rows then go through a table)
 * @param classAnswers a classifier's answer to one record without probabilities, by class name,
 *     written once ({@code {"predictions":["3"]}}); empty for a regressor
 */
record ServedModel(Pipeline pipeline, RecordReader reader, byte[] metadata, String name, int version, RowPredictor rows,
                   Map<String, byte[]> classAnswers) {

    static ServedModel of(Pipeline pipeline, String name, int version, boolean nonFiniteAsMissing) {
        boolean images = pipeline.inputKind() == Pipeline.InputKind.IMAGES;
        Map<String, String> types = new LinkedHashMap<>();
        if (!images) for (InputColumn c : pipeline.inputs()) types.put(c.name(), c.type().label());
        RecordReader reader = new RecordReader(types, images ? new PixelReader(pipeline.imageShape()) : null, nonFiniteAsMissing,
                rowInputs(pipeline));
        Map<String, Object> metadata = Metadata.of(pipeline);
        metadata.put("model_version", version);
        Map<String, byte[]> classAnswers = new HashMap<>();
        if (pipeline.isClassifier()) {
            for (String c : pipeline.classes()) {
                classAnswers.put(c, JsonBodies.predictions(CategoricalColumn.of(pipeline.target(), c), null, pipeline.classes()));
            }
        }
        return new ServedModel(pipeline, reader, Json.write(metadata).getBytes(StandardCharsets.UTF_8), name, version,
                rowInputs(pipeline) != null ? pipeline.rowPredictor().orElse(null) : null, Collections.unmodifiableMap(classAnswers));
    }

    /** The inputs in order when every one is numeric (records can then be read as rows), else null. */
    private static List<String> rowInputs(Pipeline pipeline) {
        if (pipeline.inputKind() != Pipeline.InputKind.TABLE || pipeline.inputs().isEmpty()) return null;
        List<String> names = new ArrayList<>();
        for (InputColumn c : pipeline.inputs()) {
            if (c.type() != ColumnType.NUMERIC) return null;
            names.add(c.name());
        }
        return names;
    }

    boolean images() {
        return pipeline.inputKind() == Pipeline.InputKind.IMAGES;
    }

    /**
     * Refuses records the pipeline cannot read, naming record and field, before they join a batch:
     * a bad request must fail alone, never the batch it would have shared.
     */
    void check(Records records) {
        if (records.isRow()) return;   // checked as it was read
        check(records.maps());
    }

    /** {@link #check(Records)} for records read as maps. */
    void check(List<Map<String, Object>> records) {
        if (images()) {
            for (int i = 0; i < records.size(); i++) pixelsAt(records, i, 0);   // no tensor built only to check
        } else {
            try {
                pipeline.tableOf(records);
            } catch (PipelineInputException e) {
                throw new ApiException(400, e.getMessage(), e.record(), e.field());
            }
        }
    }

    /**
     * The answer bodies for several requests' records predicted in one forward pass, in order;
     * {@code proba[i]} says whether request i asked for class probabilities.
     */
    List<byte[]> answer(List<Records> requests, boolean[] proba) {
        boolean anyProba = false;
        for (boolean p : proba) anyProba |= p;
        List<byte[]> bodies = new ArrayList<>(requests.size());
        List<String> classes = pipeline.isClassifier() ? pipeline.classes() : null;
        int from = 0;
        if (images()) {
            Tensor batch = pixelsOf(maps(requests), 0);
            int[] predicted = pipeline.predictImages(batch).toIntArray();
            float[] probabilities = anyProba ? pipeline.predictProbaImages(batch).toFloatArray() : null;
            for (int i = 0; i < requests.size(); i++) {
                int to = from + requests.get(i).size();
                bodies.add(JsonBodies.classPredictions(predicted, from, to, proba[i] ? probabilities : null, classes));
                from = to;
            }
        } else {
            try {
                Column predicted;
                float[] probabilities;
                double[][] x = rows != null ? rowsOf(requests) : null;
                if (x != null) {
                    predicted = rows.predictColumn(x);
                    probabilities = anyProba ? rows.predictProba(x).toFloatArray() : null;
                } else {
                    Table table = tableOf(requests);
                    predicted = pipeline.predictColumn(table);
                    probabilities = anyProba ? pipeline.predictProba(table).toFloatArray() : null;
                }
                for (int i = 0; i < requests.size(); i++) {
                    int to = from + requests.get(i).size();
                    byte[] written = !proba[i] && to == from + 1 && predicted instanceof CategoricalColumn c ? classAnswers.get(c.get(from)) : null;
                    bodies.add(written != null ? written : JsonBodies.predictions(predicted, from, to, proba[i] ? probabilities : null, classes));
                    from = to;
                }
            } catch (PipelineInputException e) {
                // A category never seen in training, found by the preprocessing: the request's fault.
                throw new ApiException(400, e.getMessage(), e.record(), e.field());
            }
        }
        return bodies;
    }

    /**
     * The requests' records as one table: column by column from the rows when every request was
     * read as a row (the same table {@code Pipeline.tableOf} makes of their maps), else through
     * {@code tableOf}.
     */
    private Table tableOf(List<Records> requests) {
        for (Records r : requests) {
            if (!r.isRow()) return pipeline.tableOf(maps(requests));
        }
        List<InputColumn> inputs = pipeline.inputs();
        int n = requests.size();
        List<Column> columns = new ArrayList<>(inputs.size());
        for (int j = 0; j < inputs.size(); j++) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) values[i] = requests.get(i).row()[j];
            columns.add(NumericColumn.of(inputs.get(j).name(), values));
        }
        return Table.of(columns);
    }

    /** Every request's row, when every request was read as a row, else null. */
    private static double[][] rowsOf(List<Records> requests) {
        double[][] x = new double[requests.size()][];
        for (int i = 0; i < x.length; i++) {
            if (!requests.get(i).isRow()) return null;
            x[i] = requests.get(i).row();
        }
        return x;
    }

    /** Every request's records as maps, in order (a row becomes the map it was read from). */
    private List<Map<String, Object>> maps(List<Records> requests) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Records r : requests) {
            if (!r.isRow()) {
                all.addAll(r.maps());
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            List<InputColumn> inputs = pipeline.inputs();
            for (int j = 0; j < inputs.size(); j++) {
                double v = r.row()[j];
                record.put(inputs.get(j).name(), Double.isNaN(v) ? null : v);
            }
            all.add(record);
        }
        return all;
    }

    /** The answer for one request's records on their own. */
    byte[] answer(Records records, boolean proba) {
        return answer(List.of(records), new boolean[] {proba}).getFirst();
    }

    /** {@link #answer(Records, boolean)} for records read as maps. */
    byte[] answer(List<Map<String, Object>> records, boolean proba) {
        return answer(Records.of(records), proba);
    }

    /** The records' images stacked into {@code [n, channels, height, width]}, scaled as in training. */
    private Tensor pixelsOf(List<Map<String, Object>> records, int firstIndex) {
        int[] shape = pipeline.imageShape();
        int size = shape[0] * shape[1] * shape[2];
        float[] data = new float[records.size() * size];
        float scale = (float) pipeline.pixelScale();
        for (int i = 0; i < records.size(); i++) {
            float[] values = pixelsAt(records, i, firstIndex);
            // Clients send pixels as stored (0..255 for 8-bit images); the model saw them scaled.
            for (int j = 0; j < size; j++) data[i * size + j] = values[j] * scale;
        }
        return Tensor.of(data, records.size(), shape[0], shape[1], shape[2]);
    }

    /** Record {@code i}'s pixels as read, or a 400 naming the record ({@code firstIndex + i}) when it has none. */
    private float[] pixelsAt(List<Map<String, Object>> records, int i, int firstIndex) {
        Object pixels = records.get(i).get(RecordReader.PIXELS);
        if (pixels instanceof float[] values) return values;
        int[] shape = pipeline.imageShape();
        int index = firstIndex + i;
        String got = pixels == null
                ? (records.get(i).containsKey(RecordReader.PIXELS) ? "null" : "no such field")
                : pixels instanceof String ? "a string" : pixels instanceof Boolean ? "a boolean" : "a number";
        throw new ApiException(400, "record " + index + ", field 'pixels': expected the image as nested arrays of numbers "
                + "shaped [" + shape[0] + "][" + shape[1] + "][" + shape[2] + "], got " + got
                + "; send {\"pixels\": [[...], ...]}", index, RecordReader.PIXELS);
    }
}
