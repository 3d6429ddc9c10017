package dev.fathom.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.FuzzContract;
import org.junit.jupiter.api.AfterAll;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what {@code POST /predict} does with a body before and while it predicts, for a table
 * model and an image model: {@link RecordReader} (with {@link PixelReader}), the pipeline's record
 * checks ({@code Pipeline.tableOf}), the prediction and, for the table model, the JSON answer ({@link JsonBodies}).
 * Every body is answered, or refused with an {@link ApiException} of a 4xx status or a
 * {@link PipelineInputException} (which the server answers with 400), each of one line; never
 * another exception, which the server would answer with a 500. Mutations start from the committed
 * bodies in {@code RequestBodyFuzzTestInputs/answersOrRefuses/}. How it runs: docs/fuzzing.md.
 */
class RequestBodyFuzzTest {
    private static final FuzzContract CONTRACT = new FuzzContract("request parser",
            List.of(ApiException.class, PipelineInputException.class));
    private static final Pipeline TABLE = Fixtures.classifier();
    private static final Pipeline IMAGES = images();
    private static final RecordReader TABLE_READER = new RecordReader(inputTypes(TABLE), null);
    private static final RecordReader IMAGE_READER = new RecordReader(Map.of(), new PixelReader(IMAGES.imageShape()));
    /** The table model's numeric inputs alone, read straight into rows where the body allows. */
    private static final List<String> ROW_INPUTS = List.of("x2", "x1");
    private static final RecordReader ROW_READER = new RecordReader(Map.of("x1", "numeric", "x2", "numeric"), null, false, ROW_INPUTS);

    @AfterAll
    static void report() {
        System.out.println(CONTRACT.summary());
    }

    @FuzzTest(maxDuration = "10s")   // the build sets fathom.fuzz.duration; this is for a run from an IDE
    void answersOrRefuses(byte[] body) {
        CONTRACT.check(body, () -> answered(() -> predictTable(body)));
        CONTRACT.check(body, () -> answered(() -> predictImages(body)));
        rowAgreesWithMaps(body);
    }

    /** A body read as a row (never an exception) is one the maps read too, to the same values. */
    private static void rowAgreesWithMaps(byte[] body) {
        double[] row = ROW_READER.readRow(body);
        if (row == null) return;
        List<Map<String, Object>> records;
        try {
            records = ROW_READER.read(body);
        } catch (ApiException e) {
            throw new AssertionError("read as a row " + java.util.Arrays.toString(row) + " but refused as maps: " + e.getMessage(), e);
        }
        if (records.size() != 1) throw new AssertionError("read as one row but as " + records.size() + " records");
        for (int j = 0; j < row.length; j++) {
            Object value = records.getFirst().get(ROW_INPUTS.get(j));
            double expected = value == null ? Double.NaN : ((Number) value).doubleValue();
            if (Double.compare(expected, row[j]) != 0) {
                throw new AssertionError("field '" + ROW_INPUTS.get(j) + "': " + row[j] + " as a row, " + value + " as maps");
            }
        }
    }

    private static void predictTable(byte[] body) {
        List<Map<String, Object>> records = TABLE_READER.read(body);
        Table table = TABLE.tableOf(records);
        Column predictions = TABLE.predictColumn(table);
        float[] probabilities = TABLE.predictProba(table).toFloatArray();
        JsonBodies.predictions(predictions, probabilities, TABLE.classes());
    }

    private static void predictImages(byte[] body) {
        List<Map<String, Object>> records = IMAGE_READER.read(body);
        int[] shape = IMAGES.imageShape();
        int size = shape[0] * shape[1] * shape[2];
        float[] data = new float[records.size() * size];
        for (int i = 0; i < records.size(); i++) {
            // What the server refuses beside the reader (pixels missing, or not arrays); the reader promises the rest.
            if (!(records.get(i).get(RecordReader.PIXELS) instanceof float[] values)) continue;
            if (values.length != size) {
                throw new AssertionError("record " + i + ": PixelReader passed " + values.length + " pixels for images of " + size);
            }
            System.arraycopy(values, 0, data, i * size, size);
        }
        Tensor batch = Tensor.of(data, records.size(), shape[0], shape[1], shape[2]);
        IMAGES.predictImages(batch).close();
        IMAGES.predictProbaImages(batch).close();
    }

    /** Runs an answer; a refusal must be a 4xx whose JSON error body can be written. */
    private static void answered(Runnable answer) {
        try {
            answer.run();
        } catch (ApiException e) {
            if (e.status() < 400 || e.status() > 499) throw new AssertionError("status " + e.status() + " for a bad body: " + e.getMessage(), e);
            JsonBodies.error(e);
            throw e;
        }
    }

    /** A 1×4×4 image classifier trained for one epoch: the parser needs its shape, not its accuracy. */
    private static Pipeline images() {
        int n = 8;
        float[] pixels = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            java.util.Arrays.fill(pixels, i * 16, (i + 1) * 16, labels[i]);
        }
        NetworkClassifier net = new NetworkClassifier(
                () -> new Sequential(new Flatten(), new Dense(2)).seed(1).build(1, 4, 4)
                        .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(1).batchSize(8).seed(2).silent());
        net.fit(Tensor.of(pixels, n, 1, 4, 4), Tensor.of(labels, n));
        return Pipeline.forImages(1, 4, 4, 1 / 255.0, java.util.Arrays.asList("dark", "light"), net);
    }

    private static Map<String, String> inputTypes(Pipeline p) {
        Map<String, String> types = new LinkedHashMap<>();
        p.inputs().forEach(c -> types.put(c.name(), c.type().label()));
        return types;
    }
}
