package dev.fathom.spark;

import dev.fathom.data.ColumnType;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A saved pipeline applied to a Spark {@code Dataset<Row>}: the rows come back with a
 * {@code prediction} column (the class name for a classifier, the value for a regressor) and, when
 * asked, a {@code probability} column ({@code array<double>}, one entry per class in
 * {@link Pipeline#classes()} order). The pipeline file's bytes are broadcast once, each executor
 * loads them once and shares the pipeline between its tasks, and each partition is scored in
 * batches of {@link #batchSize} rows; the predictions equal {@link Pipeline#predictColumn} and
 * {@link Pipeline#predictProba} on the same rows, value for value.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * SparkPredictor predictor = SparkPredictor.load(spark, Path.of("model.fathom")).probabilities(true);
 * Dataset<Row> scored = predictor.apply(spark.read().parquet("customers.parquet"));
 * scored.select("id", "prediction", "probability").show();
 * }</pre>
 *
 * <p>The input columns are matched by name; numbers, strings, booleans and dates (Spark's
 * {@code date} or ISO text) are read as {@link Pipeline#tableOf} reads records; columns the
 * pipeline does not use are passed through unchanged.
 */
public final class SparkPredictor implements Function<Dataset<Row>, Dataset<Row>> {
    /** Rows scored at once in each partition (default). */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private final SparkSession spark;
    private final Pipeline pipeline;
    private final byte[] file;
    private final String key;
    private final boolean probabilities;
    private final int batchSize;
    private final String predictionColumn;
    private final String probabilityColumn;
    private Broadcast<byte[]> shipped;   // made at the first apply, shared by copies with other options

    private SparkPredictor(SparkSession spark, Pipeline pipeline, byte[] file, String key, boolean probabilities, int batchSize,
                           String predictionColumn, String probabilityColumn, Broadcast<byte[]> shipped) {
        this.spark = spark;
        this.pipeline = pipeline;
        this.file = file;
        this.key = key;
        this.probabilities = probabilities;
        this.batchSize = batchSize;
        this.predictionColumn = predictionColumn;
        this.probabilityColumn = probabilityColumn;
        this.shipped = shipped;
    }

    /**
     * The pipeline saved in {@code file} (by {@code fathom train} or {@link Pipeline#save}), for
     * scoring on {@code spark}. The file is read and checked here, on the driver.
     *
     * @throws dev.fathom.saving.ModelFileException when the file is not a valid pipeline
     * @throws IllegalArgumentException for a pipeline of images (Spark scores tables)
     */
    public static SparkPredictor load(SparkSession spark, Path file) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(file, "file");
        Pipeline pipeline = Pipeline.load(file);   // checks the file whole, with its own messages
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": could not read the pipeline: " + e.getMessage(), e);
        }
        if (pipeline.inputKind() != Pipeline.InputKind.TABLE) {
            throw new IllegalArgumentException(file + " is a model of images " + Arrays.toString(pipeline.imageShape())
                    + "; SparkPredictor scores tables (rows of columns), so use Pipeline.predictImages for images");
        }
        return new SparkPredictor(spark, pipeline, bytes, ExecutorPipelines.key(bytes), false, DEFAULT_BATCH_SIZE, "prediction",
                "probability", null);
    }

    /** Also adds the class probabilities (classifiers only; default false). */
    public SparkPredictor probabilities(boolean yes) {
        if (yes && !pipeline.isClassifier()) {
            throw new IllegalArgumentException("probabilities(true) needs a classifier, but this pipeline predicts values of '"
                    + pipeline.target() + "', not classes; leave it out");
        }
        return new SparkPredictor(spark, pipeline, file, key, yes, batchSize, predictionColumn, probabilityColumn, shipped);
    }

    /** Rows scored at once in each partition (default {@value #DEFAULT_BATCH_SIZE}): more is faster, up to the executor's memory. */
    public SparkPredictor batchSize(int rows) {
        if (rows < 1) throw new IllegalArgumentException("batchSize must be at least 1 row, got " + rows);
        return new SparkPredictor(spark, pipeline, file, key, probabilities, rows, predictionColumn, probabilityColumn, shipped);
    }

    /** The names of the added columns (default {@code prediction} and {@code probability}). */
    public SparkPredictor columns(String prediction, String probability) {
        if (prediction == null || prediction.isBlank() || probability == null || probability.isBlank() || prediction.equals(probability)) {
            throw new IllegalArgumentException("columns(prediction, probability) needs two different, non-blank names, got '"
                    + prediction + "' and '" + probability + "'");
        }
        return new SparkPredictor(spark, pipeline, file, key, probabilities, batchSize, prediction, probability, shipped);
    }

    /** The pipeline, as loaded on the driver. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * The rows of {@code data} with the predictions added (lazily, as Spark transformations are:
     * the scoring runs when an action such as {@code write} or {@code count} does).
     *
     * @throws IllegalArgumentException when {@code data} lacks a column the pipeline reads (naming
     *     it and the columns {@code data} has), or already has a column named as an added one
     */
    @Override
    public Dataset<Row> apply(Dataset<Row> data) {
        Objects.requireNonNull(data, "data");
        StructType schema = data.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        List<InputColumn> inputs = pipeline.inputs();
        int[] index = new int[inputs.size()];
        String[] inputNames = new String[inputs.size()];
        ColumnType[] types = new ColumnType[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            InputColumn in = inputs.get(i);
            index[i] = names.indexOf(in.name());
            if (index[i] < 0) {
                throw new IllegalArgumentException("the data has no column '" + in.name() + "', which the model reads (" + in.type().label()
                        + "); it has " + names + "; rename the column or score data with the training columns");
            }
            inputNames[i] = in.name();
            types[i] = in.type();
        }
        for (String added : probabilities ? List.of(predictionColumn, probabilityColumn) : List.of(predictionColumn)) {
            if (names.contains(added)) {
                throw new IllegalArgumentException("the data already has a column '" + added + "'; name the added columns with"
                        + " SparkPredictor.columns(prediction, probability)");
            }
        }
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        fields.add(DataTypes.createStructField(predictionColumn, pipeline.isClassifier() ? DataTypes.StringType : DataTypes.DoubleType, true));
        if (probabilities) fields.add(DataTypes.createStructField(probabilityColumn, DataTypes.createArrayType(DataTypes.DoubleType, false), true));
        StructType out = DataTypes.createStructType(fields);
        PartitionScorer scorer = new PartitionScorer(ship(), key, index, inputNames, types, pipeline.isClassifier(), probabilities, batchSize);
        JavaRDD<Row> rows = data.javaRDD().mapPartitions(scorer);
        return spark.createDataFrame(rows, out);
    }

    private synchronized Broadcast<byte[]> ship() {
        if (shipped == null) shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(file);
        return shipped;
    }

    @Override
    public String toString() {
        return "SparkPredictor(" + pipeline + (probabilities ? ", probabilities" : "") + ", batch " + batchSize + ")";
    }
}
