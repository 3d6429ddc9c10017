package dev.fathom.spark;

import dev.fathom.models.Callback;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Synchronous data-parallel training of one network on Apache Spark, over Spark's barrier execution
 * mode: {@code tasks} replicas of the model, one per Spark task, each on its partition of the data;
 * every step each replica computes the gradient of its share of the batch, the replicas send them
 * to task 0 over direct TCP connections (opened at each epoch's start, the addresses exchanged
 * through one {@code BarrierTaskContext.allGather}), task 0 takes the mean (weighted by their share,
 * summed in task order) and sends its bits to all, then every replica takes the same optimizer step:
 * the replicas stay identical, which every step checks (a checksum of each replica's weights).
 *
 * <p>{@link Fit}'s options mean what they mean for {@link Model#fit}: {@code epochs},
 * {@code initialEpoch} and {@code resume()}, {@code batchSize} (the effective batch: split across the
 * tasks, {@code batchSize / tasks} samples each, the first {@code batchSize % tasks} one more),
 * {@code shuffle} and {@code seed} (each task shuffles its own partition, from (seed, epoch, task)),
 * {@code verbosity} (one line per epoch) and the callbacks, which run on the driver after each epoch
 * with the trained model (so {@code EarlyStopping}, {@code ModelCheckpoint}, {@code ReduceLROnPlateau}
 * and {@code CSVLogger} work as locally). The optimizer and loss are the model's, as compiled.
 * Validation options and {@code augment} are refused: evaluate the returned model on the driver.
 *
 * <p>What is synchronous: every step (one exchange of the gradients between backward and the
 * optimizer step: a round trip of {@code 4·P} bytes to task 0 for P parameters) and every epoch (one
 * barrier stage: the driver broadcasts the model at its start and gets it back at its end, then runs
 * the callbacks; docs/spark.md has the measured costs). Partitions of unequal size do the same
 * number of steps: the largest partition sets it and the smaller ones wrap around their rows (so they
 * are seen up to twice in an epoch; no row is dropped). Exact where it can be: plain SGD on two
 * tasks with equal partitions takes the steps of one process training on the same effective batches,
 * up to float rounding of the gradient's mean.
 *
 * <p>A lost task (an exception, its executor or machine gone) fails its barrier stage (a task that
 * stalls or cannot be reached fails it after {@link #exchangeTimeout}): Spark kills
 * the other tasks and fails the job (it reruns a failed barrier stage only when it feeds a shuffle,
 * which an epoch's does not). The driver then runs the epoch again from the model it started with,
 * up to {@link #retries} times, so the result is the same bits as without the fault. When every
 * attempt fails, fit throws an {@link IllegalStateException} with the task's reason and the epochs
 * done; with a {@code ModelCheckpoint} among the callbacks, load its file and fit again with
 * {@code Fit.resume()} to continue from the last finished epoch.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
 * ImageDataset data = FashionMnist.load();
 * Model mlp = new Sequential(new Dense(128, "relu"), new Dense(10)).seed(7).build(784)
 *         .compile(new SGD(0.1), new SparseCategoricalCrossentropy(true), "accuracy");
 * SparkFit r = SparkTraining.on(spark).tasks(2)
 *         .fit(mlp, data.trainImages().reshape(60000, 784), data.trainLabels(), Fit.epochs(2).batchSize(64).seed(7));
 * r.model().evaluate(data.testImages().reshape(10000, 784), data.testLabels());
 *
 * // or a DataFrame: an array column of features (or numeric columns) and a label column
 * SparkTraining.on(spark).tasks(2).features("pixels").label("label").fit(mlp, frame, Fit.epochs(2));
 * }</pre>
 */
public final class SparkTraining {
    private final SparkSession spark;
    private final JavaSparkContext context;
    private int tasks;
    private List<String> features = List.of();
    private String label = "label";
    private StepHook hook;
    private int retries = 3;
    private Duration exchangeTimeout = Duration.ofMinutes(5);
    private PrintStream out = System.out;
    /** Each epoch's per-task checksums of the last fit, task by task: for the tests. */
    private final List<long[][]> checksums = new ArrayList<>();

    private SparkTraining(SparkSession spark) {
        this.spark = spark;
        this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.tasks = Math.max(1, spark.sparkContext().defaultParallelism());
    }

    /** Training on {@code spark}'s cluster, with as many tasks as its default parallelism (its cores) until {@link #tasks} says. */
    public static SparkTraining on(SparkSession spark) {
        return new SparkTraining(Objects.requireNonNull(spark, "spark"));
    }

    /**
     * The replicas: one Spark task each, all running at once (a barrier stage needs a free slot for
     * every task, so at most the cluster's cores).
     */
    public SparkTraining tasks(int n) {
        if (n < 1) throw new IllegalArgumentException("SparkTraining.tasks must be >= 1, got " + n);
        tasks = n;
        return this;
    }

    /** For a {@code Dataset<Row>}: the feature columns, numeric ones, or one array column (e.g. an image's pixels). */
    public SparkTraining features(String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("SparkTraining.features: name at least one column");
        features = List.of(columns);
        return this;
    }

    /** For a {@code Dataset<Row>}: the numeric target column (a class index or a value); {@code label} by default. */
    public SparkTraining label(String column) {
        label = Objects.requireNonNull(column, "column");
        return this;
    }

    /**
     * How many times an epoch whose barrier stage failed is run again, from the model it started
     * with (3 by default, as Spark's {@code spark.stage.maxConsecutiveAttempts} allows a stage 4
     * attempts). Spark does not rerun a failed barrier stage that ends a job, as each epoch's does.
     */
    public SparkTraining retries(int n) {
        if (n < 0) throw new IllegalArgumentException("SparkTraining.retries must be >= 0, got " + n);
        retries = n;
        return this;
    }

    /**
     * How long a task waits for another at each step's exchange of gradients (and task 0 for the
     * others to connect at an epoch's start, but at least a minute) before it fails the epoch's
     * stage, naming the task it waited for: 5 minutes by default. A task that died closes its connections and is seen at once;
     * the timeout catches a stalled task or an unreachable executor, so it must exceed the longest
     * step's compute (a task waits up to twice as long for task 0's answer, while task 0 may be
     * waiting out another task).
     */
    public SparkTraining exchangeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("SparkTraining.exchangeTimeout must be at least 1 ms, got " + timeout);
        }
        exchangeTimeout = timeout;
        return this;
    }

    /** Where the per-epoch lines go (standard output by default). */
    public SparkTraining output(PrintStream stream) {
        out = Objects.requireNonNull(stream, "stream");
        return this;
    }

    /** What a test runs in each task before each step, on the executor (to fail a task). */
    interface StepHook extends Serializable {
        void beforeStep(int task, int stageAttempt, int epoch, int batch);
    }

    SparkTraining withHook(StepHook hook) {
        this.hook = hook;
        return this;
    }

    /** The checksums each task gathered in each epoch of the last fit: [epoch][task][step, then the end]. */
    List<long[][]> checksums() {
        return Collections.unmodifiableList(checksums);
    }

    /**
     * Trains {@code model} on samples {@code x} and targets {@code y} held on the driver: split into
     * {@link #tasks} contiguous partitions (task {@code i} gets rows {@code [i·n/T, (i+1)·n/T)}), which
     * Spark ships to the tasks once per fit and keeps in memory.
     */
    public SparkFit fit(Model model, Tensor x, Tensor y, Fit fit) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() < 1 || y.rank() < 1 || x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException("SparkTraining.fit: x has shape " + Arrays.toString(x.shape()) + " and y "
                    + Arrays.toString(y.shape()) + "; they need one target per sample, samples on axis 0");
        }
        int n = x.shape(0);
        if (n < tasks) {
            throw new IllegalArgumentException("SparkTraining.fit: " + n + " samples for " + tasks + " tasks; each needs"
                    + " at least one: lower tasks(...)");
        }
        List<byte[]> shards = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            shards.add(TrainingShard.slice(x, y, (int) ((long) i * n / tasks), (int) ((long) (i + 1) * n / tasks)).encode());
        }
        if (!model.isBuilt()) model.build(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        return train(model, context.parallelize(shards, tasks), fit);
    }

    /**
     * Trains {@code model} on a DataFrame: {@link #features} and {@link #label} name its columns.
     * Its partitions are the tasks' when there are {@link #tasks} of them; otherwise it is
     * repartitioned into that many (a shuffle, after which the order of rows within a partition is
     * not fixed from run to run: pass data with {@code tasks} partitions for runs equal to the bit).
     */
    public SparkFit fit(Model model, Dataset<Row> data, Fit fit) {
        Objects.requireNonNull(data, "data");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("SparkTraining.fit: name the feature columns with features(...), e.g. "
                    + "features(\"pixels\") for an array column or features(\"a\", \"b\") for numeric ones; the data has "
                    + Arrays.toString(data.columns()));
        }
        List<String> names = List.of(data.columns());
        for (String c : concat(features, label)) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("SparkTraining.fit: no column '" + c + "' in the data, which has " + names
                        + "; name others with features(...) and label(...)");
            }
        }
        boolean array = features.size() == 1 && data.schema().apply(features.getFirst()).dataType() instanceof ArrayType;
        for (String c : concat(array ? List.of() : features, label)) {
            StructField f = data.schema().apply(c);
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("SparkTraining.fit: column '" + c + "' is " + f.dataType().simpleString()
                        + "; features and the label must be numeric (or the features one array column)");
            }
        }
        if (!model.isBuilt()) {
            if (array) {
                throw new IllegalArgumentException("SparkTraining.fit: build the model first (model.build(inputShape)): "
                        + "an array column does not say its length before the data is read");
            }
            model.build(features.size());
        }
        int[] outShape = model.outputShape();
        boolean columnTarget = outShape.length == 1 && outShape[0] == 1;
        Dataset<Row> selected = data.selectExpr(concat(features, label).stream().map(c -> "`" + c + "`").toArray(String[]::new));
        JavaRDD<Row> rows = selected.javaRDD();
        if (rows.getNumPartitions() != tasks) rows = selected.repartition(tasks).javaRDD();
        return train(model, rows.mapPartitions(new RowsToShard(model.inputShape(), array, columnTarget)), fit);
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    private SparkFit train(Model model, JavaRDD<byte[]> shards, Fit fit) {
        check(model, fit);
        int start = fit.resumes() ? model.epochsCompleted() : fit.initialEpoch();
        long seed = fit.seed() != null ? fit.seed() : fit.resumes() && model.shuffleSeed() != null ? model.shuffleSeed() : 0L;
        checksums.clear();
        shards.persist(StorageLevel.MEMORY_ONLY());
        try {
            List<Integer> sizes = shards.map(s -> TrainingShard.decode(s, "a training shard").size()).collect();
            for (int i = 0; i < sizes.size(); i++) {
                if (sizes.get(i) == 0) {
                    throw new IllegalArgumentException("SparkTraining.fit: partition " + i + " of the data holds no rows; every"
                            + " one of the " + tasks + " tasks needs some: lower tasks(...) or repartition the data");
                }
            }
            int[] localBatch = new int[tasks];
            int steps = 0;
            for (int i = 0; i < tasks; i++) {
                localBatch[i] = fit.batchSize() / tasks + (i < fit.batchSize() % tasks ? 1 : 0);
                steps = Math.max(steps, (sizes.get(i) + localBatch[i] - 1) / localBatch[i]);
            }
            return epochs(model, shards, fit, start, seed, localBatch, steps);
        } finally {
            shards.unpersist(false);
        }
    }

    private void check(Model model, Fit fit) {
        if (model.optimizer() == null) {
            throw new IllegalStateException("SparkTraining.fit: compile the model first, e.g. model.compile(new SGD(0.1),"
                    + " new SparseCategoricalCrossentropy(true), \"accuracy\")");
        }
        if (model.outputNames().size() > 1) {
            throw new IllegalArgumentException("SparkTraining.fit: the model has " + model.outputNames().size() + " outputs "
                    + model.outputNames() + "; data-parallel training takes a model of one output");
        }
        if (fit.validates()) {
            throw new IllegalArgumentException("SparkTraining.fit: validationSplit and validationData are not taken; evaluate"
                    + " the returned model on the driver (or in a callback: it runs on the driver after each epoch)");
        }
        if (fit.augments()) {
            throw new IllegalArgumentException("SparkTraining.fit: augment(...) is not taken (the tasks cannot run the driver's"
                    + " transform); augment the data before training");
        }
        if (fit.batchSize() < tasks) {
            throw new IllegalArgumentException("SparkTraining.fit: batchSize " + fit.batchSize() + " is split across " + tasks
                    + " tasks; raise it to at least " + tasks + " (it is the effective batch of all tasks together)");
        }
        int slots = spark.sparkContext().defaultParallelism();
        if (tasks > slots) {
            throw new IllegalArgumentException("SparkTraining: " + tasks + " tasks but the cluster runs " + slots + " at once (its"
                    + " default parallelism); a barrier stage starts all its tasks together: lower tasks(...) to at most " + slots);
        }
    }

    private SparkFit epochs(Model model, JavaRDD<byte[]> shards, Fit fit, int start, long seed, int[] localBatch, int steps) {
        Model current = model;
        List<Map<String, Double>> logs = new ArrayList<>();
        List<Callback> callbacks = fit.callbackList();
        for (Callback cb : callbacks) cb.onTrainBegin(current);
        for (int epoch = start; epoch < fit.epochs(); epoch++) {
            List<BarrierEpoch.Result> results = null;
            Broadcast<byte[]> bytes = context.broadcast(save(current));
            try {
                for (int attempt = 0; results == null; attempt++) {
                    try {
                        context.setJobDescription("fathom SparkTraining: epoch " + (epoch + 1) + " of " + fit.epochs() + " on "
                                + tasks + " tasks (barrier stage" + (attempt > 0 ? ", attempt " + (attempt + 1) : "") + ")");
                        results = new ArrayList<>(shards.rdd().barrier().mapPartitions(
                                new BarrierEpoch(bytes, epoch, attempt, seed, fit.shuffle(), localBatch, steps, hook,
                                        exchangeTimeout), false,
                                ClassTag$.MODULE$.apply(BarrierEpoch.Result.class)).toJavaRDD().collect());
                    } catch (Exception e) {   // SparkException is checked in Java's eyes but thrown undeclared
                        if (attempt < retries) {
                            out.println("epoch " + (epoch + 1) + ": a task failed, so its barrier stage did (" + reason(e)
                                    + "); running the epoch again from its start (attempt " + (attempt + 2) + " of "
                                    + (retries + 1) + ")");
                            continue;
                        }
                        throw new IllegalStateException("SparkTraining: epoch " + (epoch + 1) + " failed on Spark " + (attempt + 1)
                                + (attempt == 0 ? " time" : " times") + " (a lost task fails its whole barrier stage): " + reason(e)
                                + "; " + epoch + " epochs are done; with a ModelCheckpoint callback, load its file and fit"
                                + " again with Fit.resume() to continue from there", e);
                    }
                }
            } finally {
                bytes.destroy();
            }
            results.sort((a, b) -> Integer.compare(a.task(), b.task()));
            current = gather(results, epoch, localBatch, logs);
            Map<String, Double> view = Collections.unmodifiableMap(logs.getLast());
            if (fit.verbosity() != Fit.Verbosity.SILENT) out.println(line(epoch, fit.epochs(), view));
            for (Callback cb : callbacks) cb.onEpochEnd(current, epoch, view);
            if (current.stopRequested()) break;
        }
        for (Callback cb : callbacks) cb.onTrainEnd(current);
        return new SparkFit(current, History.of(logs));
    }

    /** Checks the tasks' checksums, averages their logs, and loads task 0's model. */
    private Model gather(List<BarrierEpoch.Result> results, int epoch, int[] localBatch, List<Map<String, Double>> logs) {
        long[][] sums = new long[results.size()][];
        for (int t = 0; t < results.size(); t++) sums[t] = results.get(t).checksums();
        for (int t = 1; t < sums.length; t++) {
            if (!Arrays.equals(sums[t], sums[0])) {
                throw new IllegalStateException("SparkTraining: the replicas of task 0 and task " + t + " differ after epoch "
                        + (epoch + 1));
            }
        }
        checksums.add(sums);
        Map<String, Double> mean = new LinkedHashMap<>();
        double weight = 0;
        for (BarrierEpoch.Result r : results) weight += localBatch[r.task()];
        for (BarrierEpoch.Result r : results) {
            for (int k = 0; k < r.logKeys().length; k++) {
                double w = r.logKeys()[k].equals(History.LEARNING_RATE) ? 1.0 / results.size() : localBatch[r.task()] / weight;
                mean.merge(r.logKeys()[k], w * r.logValues()[k], Double::sum);
            }
        }
        logs.add(mean);
        return Model.load(new ByteArrayInputStream(results.getFirst().model()), "the model after epoch " + (epoch + 1)
                + " (task 0's)");
    }

    /**
     * Spark's first line, and the task's own exception where Spark puts it on a later line
     * ("Stage failed because barrier task ... finished unsuccessfully.\njava.lang...: why").
     */
    static String reason(Throwable e) {
        String first = SparkSessions.firstLine(e);
        String all = e.getMessage() == null ? "" : e.getMessage();
        for (String line : all.split("\n")) {
            String l = line.strip();
            if (l.matches("([\\w$]+\\.)+[\\w$]*(Exception|Error): .*") && !first.contains(l)) return first + " " + l;
        }
        return first;
    }

    private String line(int epoch, int epochs, Map<String, Double> logs) {
        StringBuilder s = new StringBuilder("epoch " + (epoch + 1) + "/" + epochs + " on " + tasks + " Spark tasks:");
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            s.append(' ').append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", e.getValue()));
        }
        return s.toString();
    }

    private static byte[] save(Model model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out);
        return out.toByteArray();
    }

    /** A partition's rows as one training shard. */
    private static final class RowsToShard implements FlatMapFunction<java.util.Iterator<Row>, byte[]> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int[] inputShape;
        private final boolean array;
        private final boolean columnTarget;

        RowsToShard(int[] inputShape, boolean array, boolean columnTarget) {
            this.inputShape = inputShape;
            this.array = array;
            this.columnTarget = columnTarget;
        }

        @Override
        public java.util.Iterator<byte[]> call(java.util.Iterator<Row> rows) {
            int width = 1;
            for (int d : inputShape) width *= d;
            float[] x = new float[1024 * width];
            float[] y = new float[1024];
            int n = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (n == y.length) {
                    x = Arrays.copyOf(x, 2 * x.length);
                    y = Arrays.copyOf(y, 2 * y.length);
                }
                int labelAt = row.size() - 1;
                if (array) {
                    List<Object> values = row.getList(0);
                    if (values.size() != width) {
                        throw new IllegalArgumentException("SparkTraining: a row's feature array has " + values.size()
                                + " values but the model takes " + width + " (input shape " + Arrays.toString(inputShape) + ")");
                    }
                    for (int j = 0; j < width; j++) x[n * width + j] = number(values.get(j), "the feature array");
                } else {
                    for (int j = 0; j < labelAt; j++) x[n * width + j] = number(row.get(j), "feature " + j);
                }
                y[n] = number(row.get(labelAt), "the label");
                n++;
            }
            int[] shape = new int[inputShape.length + 1];
            shape[0] = n;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            Tensor xs = Tensor.of(Arrays.copyOf(x, n * width), shape);
            Tensor ys = columnTarget ? Tensor.of(Arrays.copyOf(y, n), n, 1) : Tensor.of(Arrays.copyOf(y, n), n);
            return List.of(new TrainingShard(xs, ys).encode()).iterator();
        }

        private static float number(Object v, String what) {
            if (v instanceof Number num) return num.floatValue();
            throw new IllegalArgumentException("SparkTraining: " + what + " of a row is " + (v == null ? "missing" : v)
                    + "; drop or fill missing values before training (e.g. data.na().drop())");
        }
    }
}
