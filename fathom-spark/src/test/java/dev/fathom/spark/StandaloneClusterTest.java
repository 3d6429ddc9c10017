package dev.fathom.spark;

import dev.fathom.data.Table;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Tensor;
import dev.fathom.workflow.Fathom;
import dev.fathom.workflow.TrainOptions;
import dev.fathom.workflow.TrainResult;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fathom train's search on a real standalone cluster (a master and two workers, separate JVMs on
 * loopback, started here): a worker JVM killed while one of its tasks runs, the task is run again
 * on the other worker, and the leaderboard is still the local run's, to the bit. Skipped, with the
 * reason printed, where the cluster cannot start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)   // the training first: the search kills a worker
class StandaloneClusterTest {
    /**
     * The stage whose first task's worker is killed, counted from the run's first: the search's one
     * job (the spot-check's, stage 0, has then run on both workers).
     */
    static final int KILLED_STAGE = 1;

    @TempDir
    static Path dir;
    static LocalCluster cluster;
    static SparkSession spark;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = LocalCluster.start(dir, 150).orElse(null);
        Assumptions.assumeTrue(cluster != null, "no standalone cluster (the reason is printed above)");
        spark = SparkSession.builder().master(cluster.url()).appName("fathom-spark cluster test")
                .config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.cores", 1)
                .config("spark.cores.max", 2)
                .config("spark.executor.memory", "512m")
                .config("spark.executor.extraClassPath", LocalCluster.classPath())
                .config("spark.executor.extraJavaOptions", String.join(" ", LocalCluster.jvmOptions()))
                .getOrCreate();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);   // waiting for both executors (and the driver) to register, with a deadline
        }
        int executors = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
        if (executors < 2) {
            System.out.println("skipped: the standalone cluster started only " + executors + " of 2 executors in 120 s (see " + dir + ")");
            stop();
            Assumptions.abort("the cluster's executors did not start");
        }
    }

    @AfterAll
    static void stop() {
        TestSpark.stop(spark);
        spark = null;
        if (cluster != null) cluster.close();
    }

    /** Holds the killed stage's first attempt on its executor until its worker is killed (it never returns normally). */
    static void holdTheVictim(TaskContext task, int killedStage) {
        if (task.stageId() == killedStage && task.partitionId() == 0 && task.attemptNumber() == 0) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);   // waiting to be killed; the test fails below if the kill never comes
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Test
    @Order(1)
    void twoReplicasOnTwoWorkersExchangeGradientsOverTheirOwnConnections() {
        // Each task on its own worker's executor (a JVM of its own): the gradients cross between processes.
        Tensor[] d = SparkTrainingTest.blobs(7, 64);
        SparkTraining training = SparkTraining.on(spark).tasks(2);
        SparkFit r = training.fit(SparkTrainingTest.mlp(new SGD(0.1)), d[0], d[1], Fit.epochs(2).batchSize(32).shuffle(false).silent());
        for (long[][] epoch : training.checksums()) assertArrayEquals(epoch[0], epoch[1]);
        int[] rows = new int[64];   // one process on the same effective batches, as SparkTrainingTest's first test
        for (int s = 0; s < 2; s++) {
            for (int j = 0; j < 16; j++) {
                rows[32 * s + j] = 16 * s + j;
                rows[32 * s + 16 + j] = 32 + 16 * s + j;
            }
        }
        Model local = SparkTrainingTest.mlp(new SGD(0.1));
        local.fit(d[0], d[1], rows, Fit.epochs(2).batchSize(32).shuffle(false).silent());
        assertArrayEquals(SparkTrainingTest.flat(local), SparkTrainingTest.flat(r.model()), 1e-5f);
    }

    @Test
    @Order(2)
    void aWorkerKilledMidSearchLosesNothing() {
        Table t = SparkTaskRunnerTest.blobs(60, 5);
        TrainOptions o = TrainOptions.defaults().maxEpochs(1).folds(3).timeBudget(Duration.ofHours(1)).seed(3);
        TrainResult local = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("local")).quiet());

        // Stage ids count from the session's start: the search's first stage comes after this one.
        int killedStage = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1)
                .map(i -> TaskContext.get().stageId()).collect().getFirst() + 1 + KILLED_STAGE;
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger killed = new AtomicInteger(-1);
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                if (e.stageId() == killedStage && e.taskInfo().index() == 0 && e.taskInfo().attemptNumber() == 0) {
                    killed.set(cluster.killWorkerOf(e.taskInfo().executorId()));
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (!e.taskInfo().successful()) failures.add("stage " + e.stageId() + " task " + e.taskInfo().index() + ": " + e.reason());
            }
        });
        SparkTaskRunner runner = SparkTaskRunner.withHook(spark, task -> holdTheVictim(task, killedStage));
        TrainResult distributed = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("cluster")).tasks(runner).quiet());

        assertTrue(killed.get() >= 0, "a worker was killed while it ran stage " + killedStage + "'s first task");
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("stage " + killedStage + " task 0: ExecutorLostFailure")), failures.toString());
        SparkTaskRunnerTest.assertSameLeaderboard(local.leaderboard(), distributed.leaderboard());
        Map<String, Integer> places = runner.tasksByPlace();
        assertEquals(2, places.size(), "tasks ran on both workers' executors: " + places);
        long driver = ProcessHandle.current().pid();
        assertFalse(places.keySet().stream().anyMatch(p -> p.contains("(pid " + driver + ")")), "no task on the driver: " + places);
    }
}
