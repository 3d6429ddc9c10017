package dev.fathom.spark;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Callback;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkTrainingTest extends LocalSparkTest {

    /** Three noisy blobs in 4-D: x [n, 4], y [n] class indices. */
    static Tensor[] blobs(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (int) (g.nextDouble() * 3);
            for (int j = 0; j < 4; j++) x[4 * i + j] = (float) (Math.cos(y[i] * 2.1 + j) * 2 + g.nextNormal() * 0.7);
        }
        return new Tensor[] {Tensor.of(x, n, 4), Tensor.of(y)};
    }

    static Model mlp(Optimizer optimizer) {
        Model m = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(11).build(4);
        return m.compile(optimizer, new SparseCategoricalCrossentropy(true), "accuracy");
    }

    static float[] flat(Model m) {
        List<Float> all = new ArrayList<>();
        for (Tensor w : m.trainableWeights()) for (float v : w.toFloatArray()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Test
    void twoReplicasStayIdenticalEveryStepAndTakeTheStepsOfOneProcessOnTheFullBatch() {
        Tensor[] d = blobs(1, 64);
        SparkTraining training = SparkTraining.on(spark).tasks(2);
        SparkFit r = training.fit(mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(2).batchSize(32).shuffle(false).silent());

        // Every step, both tasks gathered the same checksum of their weights; the weights moved each step.
        assertEquals(2, training.checksums().size());
        for (long[][] epoch : training.checksums()) {
            assertEquals(2, epoch.length);
            assertEquals(3, epoch[0].length, "before each of 2 steps of 16 + 16 samples, then the end of the epoch");
            assertArrayEquals(epoch[0], epoch[1]);
            for (int s = 1; s < epoch[0].length; s++) assertNotEquals(epoch[0][s - 1], epoch[0][s]);
        }
        long[] last = training.checksums().getLast()[0];
        assertEquals(last[last.length - 1], ReplicaSync.checksum(r.model().trainableWeights()), "the returned model is the replicas'");
        assertEquals(2, r.model().epochsCompleted());

        // One process on the same effective batches: batch s = rows 16s..16s+15 of task 0's half, then of task 1's.
        int[] rows = new int[64];
        for (int s = 0; s < 2; s++) {
            for (int j = 0; j < 16; j++) {
                rows[32 * s + j] = 16 * s + j;
                rows[32 * s + 16 + j] = 32 + 16 * s + j;
            }
        }
        Model local = mlp(new SGD(0.1));
        History h = local.fit(d[0], d[1], rows, Fit.epochs(2).batchSize(32).shuffle(false).silent());
        // The mean of two half-batch means is the full batch's mean gradient up to float rounding.
        assertArrayEquals(flat(local), flat(r.model()), 1e-5f);
        assertArrayEquals(h.get("loss"), r.history().get("loss"), 1e-5);
        assertArrayEquals(h.get("accuracy"), r.history().get("accuracy"), 1e-9);
    }

    @Test
    void unevenPartitionsWrapAndAFailedEpochIsRunAgainToTheSameBits() {
        Tensor[] d = blobs(2, 51);   // 25 and 26 rows; 13 + 13 per step: 2 steps, task 0 wraps 1 of its rows
        SparkTraining training = SparkTraining.on(spark).tasks(2);
        SparkFit a = training.fit(mlp(new Adam(0.01)), d[0], d[1], Fit.epochs(2).batchSize(26).seed(5).silent());
        for (long[][] epoch : training.checksums()) {
            assertEquals(3, epoch[0].length);
            assertArrayEquals(epoch[0], epoch[1]);
        }
        double[] loss = a.history().get("loss");
        assertTrue(loss[1] < loss[0], "the loss falls: " + java.util.Arrays.toString(loss));

        // The model of epoch 1 resumed to epoch 2, with task 1 lost in the middle of epoch 2's first attempt:
        // the epoch runs again from its start and ends with the uninterrupted run's weights, optimizer state included.
        SparkFit first = training.fit(mlp(new Adam(0.01)), d[0], d[1], Fit.epochs(1).batchSize(26).seed(5).silent());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        SparkTraining faulty = SparkTraining.on(spark).tasks(2).output(new PrintStream(lines, true)).withHook(
                (task, attempt, epoch, batch) -> {
                    if (task == 1 && attempt == 0 && epoch == 1 && batch == 1) throw new IllegalStateException("task 1 lost");
                });
        SparkFit rest = faulty.fit(first.model(), d[0], d[1], Fit.epochs(2).batchSize(26).silent().resume());
        assertEquals(1, rest.history().epochs());
        assertArrayEquals(flat(a.model()), flat(rest.model()), 0f);
        assertEquals(a.history().get("loss")[1], rest.history().get("loss")[0], 0.0);
        assertTrue(lines.toString().startsWith("epoch 2: a task failed, so its barrier stage did ("), lines.toString());
        assertTrue(lines.toString().contains("java.lang.IllegalStateException: task 1 lost"), lines.toString());
        assertTrue(lines.toString().contains("(attempt 2 of 4)"), lines.toString());
    }

    @Test
    void aDataFrameTrainsAndCallbacksRunOnTheDriver() {
        Tensor[] d = blobs(3, 40);
        float[] x = d[0].toFloatArray();
        int[] y = d[1].toIntArray();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3],
                    List.of(x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]), y[i]));
        }
        StructType schema = new StructType().add("a", DataTypes.FloatType).add("b", DataTypes.FloatType)
                .add("c", DataTypes.FloatType).add("d", DataTypes.FloatType)
                .add("all", DataTypes.createArrayType(DataTypes.FloatType)).add("species", DataTypes.IntegerType);
        Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(2).cache();   // cached: the rows keep their partitions
        List<String> seen = new ArrayList<>();
        long driver = ProcessHandle.current().pid();
        Callback stopAfterTwo = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                seen.add(epoch + " " + (ProcessHandle.current().pid() == driver) + " " + logs.keySet());
                if (epoch == 1) model.stopTraining();
            }
        };
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        SparkFit r = SparkTraining.on(spark).tasks(2).features("a", "b", "c", "d").label("species")
                .output(new PrintStream(lines, true)).fit(mlp(new SGD(0.1)), frame, Fit.epochs(5).batchSize(20)
                        .verbosity(Fit.Verbosity.LINES).callbacks(stopAfterTwo));
        assertEquals(List.of("0 true [loss, accuracy, lr]", "1 true [loss, accuracy, lr]"), seen);
        assertEquals(2, r.history().epochs());
        assertEquals(2, r.model().epochsCompleted());
        assertTrue(lines.toString().startsWith("epoch 1/5 on 2 Spark tasks: loss "), lines.toString());

        // The same rows as one array column: the same training, to the bit.
        SparkFit fromArray = SparkTraining.on(spark).tasks(2).features("all").label("species")
                .fit(mlp(new SGD(0.1)), frame, Fit.epochs(2).batchSize(20).silent());
        assertArrayEquals(flat(r.model()), flat(fromArray.model()), 0f);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTraining.on(spark).tasks(2).fit(mlp(new SGD(0.1)), frame, Fit.epochs(1)));
        assertTrue(e.getMessage().startsWith("SparkTraining.fit: name the feature columns with features(...)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkTraining.on(spark).tasks(2).features("a", "b", "c", "d")
                .fit(mlp(new SGD(0.1)), frame, Fit.epochs(1)));
        assertTrue(e.getMessage().contains("no column 'label' in the data"), e.getMessage());
    }

    @Test
    void aTaskLostOnEveryAttemptFailsTheFitWithTheReason() {
        Tensor[] d = blobs(4, 32);
        SparkTraining training = SparkTraining.on(spark).tasks(2).retries(1).output(new PrintStream(new ByteArrayOutputStream()))
                .withHook((task, attempt, epoch, batch) -> {
                    if (task == 1 && batch == 1) throw new IllegalStateException("task 1 lost (the test's fault)");
                });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> training.fit(mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(3).batchSize(8).silent()));
        assertTrue(e.getMessage().startsWith("SparkTraining: epoch 1 failed on Spark 2 times (a lost task fails its whole barrier"
                + " stage): "), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.IllegalStateException: task 1 lost (the test's fault); 0 epochs are done;"
                + " with a ModelCheckpoint callback, load its file and fit again with Fit.resume()"), e.getMessage());
    }

    @Test
    void aTaskThatStallsMidEpochFailsTheStageAfterTheExchangeTimeoutNamingIt() {
        Tensor[] d = blobs(6, 32);
        // Task 1 stops before its second exchange and stays, connected, until Spark kills it for the failed stage.
        SparkTraining training = SparkTraining.on(spark).tasks(2).retries(0).exchangeTimeout(Duration.ofSeconds(2))
                .withHook((task, attempt, epoch, batch) -> {
                    if (task == 1 && batch == 1) {
                        TaskContext context = TaskContext.get();
                        while (true) {
                            context.killTaskIfInterrupted();
                            LockSupport.parkNanos(10_000_000);
                        }
                    }
                });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> training.fit(mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(1).batchSize(8).silent()));
        assertTrue(e.getMessage().startsWith("SparkTraining: epoch 1 failed on Spark 1 time"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.IllegalStateException: SparkTraining: task 0 had no gradient from task 1"
                + " for 2 s at epoch 1, step "), e.getMessage());   // step 2, unless a loaded machine slowed step 1 as long
        assertTrue(e.getMessage().contains(": the task stalled or its executor is unreachable"), e.getMessage());

        // The session runs the next training as before.
        SparkFit r = SparkTraining.on(spark).tasks(2).fit(mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(1).batchSize(8).silent());
        assertEquals(1, r.model().epochsCompleted());
        assertThrows(IllegalArgumentException.class, () -> SparkTraining.on(spark).exchangeTimeout(Duration.ZERO));
    }

    @Test
    void moreTasksThanTheClusterRunsAtOnceAreRefused() {
        Tensor[] d = blobs(5, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTraining.on(spark).tasks(3).fit(mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(1).batchSize(8)));
        assertTrue(e.getMessage().startsWith("SparkTraining: 3 tasks but the cluster runs 2 at once"), e.getMessage());
    }
}
