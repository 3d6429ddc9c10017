package dev.fathom.spark;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.workflow.Fathom;
import dev.fathom.workflow.Leaderboard;
import dev.fathom.workflow.LeaderboardEntry;
import dev.fathom.workflow.TrainOptions;
import dev.fathom.workflow.TrainResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fathom train's cross-validation and search as Spark tasks on local[2]: the leaderboard of the local run, to the bit. */
class SparkTaskRunnerTest extends LocalSparkTest {
    /** Three overlapping classes in two columns: the linear model or k-NN wins, so the search and the ensemble run. */
    static Table blobs(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        double[] b = new double[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            a[i] = c * 2 + r.nextGaussian();
            b[i] = (c == 1 ? 2 : 0) + r.nextGaussian();
            label[i] = "c" + c;
        }
        return Table.of(NumericColumn.of("a", a), NumericColumn.of("b", b), CategoricalColumn.of("label", label));
    }

    @Test
    void localAndSparkLeaderboardsAreIdentical() {
        Table t = blobs(90, 5);
        TrainOptions o = TrainOptions.defaults().maxEpochs(1).folds(3).timeBudget(Duration.ofHours(1)).seed(3);
        TrainResult local = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("local")).quiet());
        SparkTaskRunner runner = SparkTaskRunner.on(spark);
        List<String> log = new ArrayList<>();
        TrainResult distributed = Fathom.train("blobs", t, "label", o.outputDir(dir.resolve("spark")).tasks(runner).progress(log::add));

        assertSameLeaderboard(local.leaderboard(), distributed.leaderboard());
        assertTrue(local.leaderboard().ranked().stream().anyMatch(e -> e.stage().equals("search")), "the random search ran");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("  - the cross-validation runs as tasks on Spark 4.2.0 at local[2] (application ")),
                log.toString());
        int tasks = runner.tasksByPlace().values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(tasks >= local.leaderboard().ranked().stream().mapToInt(e -> e.foldScores().length).sum(), "one task per (model, fold)");
        assertTrue(log.stream().anyMatch(l -> l.contains("tasks: " + tasks + " tasks ran on Spark (local[2]) in 1 JVM: executor driver (pid "
                + ProcessHandle.current().pid() + ") " + tasks)), log.toString());
        assertEquals(local.testMetrics(), distributed.testMetrics(), "the same model chosen and fitted, the same test scores");
        assertEquals(2, runner.jobs(), "the spot-check ran as one Spark job, the search's configurations as another");
    }

    @Test
    void aLocalMasterStartsWhileTheRunPrepares() {
        SparkTaskRunner runner = FathomSpark.tasks("local[2]");   // the test's session, as getOrCreate finds it
        assertTrue(runner.runsInThisJvm(), "tasks on local[2] run in this JVM, so the JIT warm-up here serves them");
        assertTrue(runner.description().startsWith("Spark 4.2.0 at local[2] (application "), runner.description());
        assertTrue(SparkTaskRunner.on(spark).runsInThisJvm());
    }

    static void assertSameLeaderboard(Leaderboard want, Leaderboard got) {
        assertEquals(want.ranked().stream().map(LeaderboardEntry::name).toList(), got.ranked().stream().map(LeaderboardEntry::name).toList());
        for (int i = 0; i < want.size(); i++) {
            LeaderboardEntry a = want.ranked().get(i);
            LeaderboardEntry b = got.ranked().get(i);
            assertArrayEquals(a.foldScores(), b.foldScores(), 0.0, a.name());
            assertEquals(Double.doubleToRawLongBits(a.mean()), Double.doubleToRawLongBits(b.mean()), a.name());
            assertEquals(Double.doubleToRawLongBits(a.std()), Double.doubleToRawLongBits(b.std()), a.name());
        }
    }

    @Test
    void aBadMasterUrlIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FathomSpark.tasks("local[0]"));
        assertEquals("--spark local[0]: not a Spark master URL; use local, local[N], local[*], spark://HOST:7077 (a standalone master),"
                + " yarn, or k8s://HOST:PORT", e.getMessage());
    }
}
