package dev.fathom.serve;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 */
record ServedModel(Pipeline pipeline, RecordReader reader, byte[] metadata, String name, int version) {

    static ServedModel of(Pipeline pipeline, String name, int version, boolean nonFiniteAsMissing) {
        boolean images = pipeline.inputKind() == Pipeline.InputKind.IMAGES;
        Map<String, String> types = new LinkedHashMap<>();
        if (!images) for (InputColumn c : pipeline.inputs()) types.put(c.name(), c.type().label());
        RecordReader reader = new RecordReader(types, images ? new PixelReader(pipeline.imageShape()) : null, nonFiniteAsMissing);
        Map<String, Object> metadata = Metadata.of(pipeline);
        metadata.put("model_version", version);
        return new ServedModel(pipeline, reader, Json.write(metadata).getBytes(StandardCharsets.UTF_8), name, version);
    }

    boolean images() {
        return pipeline.inputKind() == Pipeline.InputKind.IMAGES;
    }

    /**
     * Refuses records the pipeline cannot read, naming record and field, before they join a batch:
     * a bad request must fail alone, never the batch it would have shared.
     */
    void check(List<Map<String, Object>> records) {
        if (images()) {
            pixelsOf(records, 0);
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
    List<byte[]> answer(List<List<Map<String, Object>>> requests, boolean[] proba) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (List<Map<String, Object>> r : requests) all.addAll(r);
        boolean anyProba = false;
        for (boolean p : proba) anyProba |= p;
        List<byte[]> bodies = new ArrayList<>(requests.size());
        List<String> classes = pipeline.isClassifier() ? pipeline.classes() : null;
        int from = 0;
        if (images()) {
            Tensor batch = pixelsOf(all, 0);
            int[] predicted = pipeline.predictImages(batch).toIntArray();
            float[] probabilities = anyProba ? pipeline.predictProbaImages(batch).toFloatArray() : null;
            for (int i = 0; i < requests.size(); i++) {
                int to = from + requests.get(i).size();
                bodies.add(JsonBodies.classPredictions(predicted, from, to, proba[i] ? probabilities : null, classes));
                from = to;
            }
        } else {
            try {
                Table table = pipeline.tableOf(all);
                Column predicted = pipeline.predictColumn(table);
                float[] probabilities = anyProba ? pipeline.predictProba(table).toFloatArray() : null;
                for (int i = 0; i < requests.size(); i++) {
                    int to = from + requests.get(i).size();
                    bodies.add(JsonBodies.predictions(predicted, from, to, proba[i] ? probabilities : null, classes));
                    from = to;
                }
            } catch (PipelineInputException e) {
                // A category never seen in training, found by the preprocessing: the request's fault.
                throw new ApiException(400, e.getMessage(), e.record(), e.field());
            }
        }
        return bodies;
    }

    /** The answer for one request's records on their own. */
    byte[] answer(List<Map<String, Object>> records, boolean proba) {
        return answer(List.of(records), new boolean[] {proba}).getFirst();
    }

    /** The records' images stacked into {@code [n, channels, height, width]}, scaled as in training. */
    private Tensor pixelsOf(List<Map<String, Object>> records, int firstIndex) {
        int[] shape = pipeline.imageShape();
        int size = shape[0] * shape[1] * shape[2];
        float[] data = new float[records.size() * size];
        float scale = (float) pipeline.pixelScale();
        for (int i = 0; i < records.size(); i++) {
            Object pixels = records.get(i).get(RecordReader.PIXELS);
            if (!(pixels instanceof float[] values)) {
                int index = firstIndex + i;
                String got = pixels == null
                        ? (records.get(i).containsKey(RecordReader.PIXELS) ? "null" : "no such field")
                        : pixels instanceof String ? "a string" : pixels instanceof Boolean ? "a boolean" : "a number";
                throw new ApiException(400, "record " + index + ", field 'pixels': expected the image as nested arrays of numbers "
                        + "shaped [" + shape[0] + "][" + shape[1] + "][" + shape[2] + "], got " + got
                        + "; send {\"pixels\": [[...], ...]}", index, RecordReader.PIXELS);
            }
            // Clients send pixels as stored (0..255 for 8-bit images); the model saw them scaled.
            for (int j = 0; j < size; j++) data[i * size + j] = values[j] * scale;
        }
        return Tensor.of(data, records.size(), shape[0], shape[1], shape[2]);
    }
}
