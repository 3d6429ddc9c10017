package dev.fathom.spark;

import dev.fathom.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The star all-reduce between threads of this JVM on loopback, with an allGather of threads standing in for Spark's. */
class GradientExchangeTest {

    /** What a task does with its exchange once connected. */
    interface Work {
        float[][] run(int task, GradientExchange exchange) throws Exception;
    }

    /** Runs {@code tasks} tasks, each in its thread; the results (or the exception each threw) by task. */
    private static List<Object> run(int tasks, Duration timeout, Work work) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(tasks);
        String[] slots = new String[tasks];
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int task = t;
                Function<String, String[]> allGather = message -> {
                    slots[task] = message;
                    try {
                        barrier.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        throw new IllegalStateException(e);
                    }
                    return slots.clone();
                };
                futures.add(pool.submit(() -> {
                    try (GradientExchange x = GradientExchange.open(task, tasks, "127.0.0.1", allGather, () -> {}, Duration.ofMinutes(1),
                            timeout)) {
                        return work.run(task, x);
                    }
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<float[][]> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] gradient(long seed, int n) {
        Generator g = new Generator(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) g.nextNormal();
        return v;
    }

    @Test
    void everyTaskGetsTheSameBitsTheMeanWeightedByBatchSizeSummedInTaskOrder() throws Exception {
        int[] batch = {3, 5, 2};
        int p = 70_001;   // more than a socket buffer's worth of floats
        List<Object> results = run(3, Duration.ofMinutes(1), (task, x) -> new float[][] {
                x.average(batch[task], 42, gradient(10 * task, p), "epoch 1, step 1"),
                x.average(batch[task], 43, gradient(10 * task + 1, p), "epoch 1, step 2")});
        for (int step = 0; step < 2; step++) {
            float[][] g = new float[3][];
            for (int t = 0; t < 3; t++) g[t] = gradient(10 * t + step, p);
            float[] expected = new float[p];
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int t = 0; t < 3; t++) sum += (double) batch[t] * g[t][j];
                expected[j] = (float) (sum / 10);
            }
            float[] task0 = ((float[][]) results.get(0))[step];
            assertArrayEquals(expected, task0, 0f);
            for (int t = 1; t < 3; t++) assertArrayEquals(task0, ((float[][]) results.get(t))[step], 0f, "task " + t);
        }
    }

    @Test
    void aReplicaWhoseWeightsDifferFailsEveryTaskWithTheSameReason() throws Exception {
        List<Object> results = run(3, Duration.ofMinutes(1), (task, x) -> new float[][] {
                x.average(4, task == 2 ? 7 : 6, gradient(task, 10), "epoch 3, step 5")});
        for (Object r : results) {
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, r);
            assertTrue(e.getMessage().startsWith("SparkTraining: the replicas diverged: task 2's weights differ from task 0's at"
                    + " epoch 3, step 5 (checksums 7 and 6)"), e.getMessage());
        }
    }

    @Test
    void aTaskThatDiesFailsTask0AtOnceNotAfterTheTimeout() throws Exception {
        // A timeout far longer than the test: task 0 sees the closed connection, not the timeout.
        List<Object> results = run(3, Duration.ofMinutes(10), (task, x) -> {
            if (task == 1) {
                x.close();   // its connection goes, as when its executor's process dies
                return null;
            }
            return new float[][] {x.average(4, 6, gradient(task, 10), "epoch 1, step 2")};
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, results.get(0));
        assertTrue(e.getMessage().startsWith("SparkTraining: task 1's connection to task 0 broke at epoch 1, step 2"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the task or its executor was lost"), e.getMessage());
        IllegalStateException other = assertInstanceOf(IllegalStateException.class, results.get(2));
        assertEquals(e.getMessage(), other.getMessage(), "task 0 told task 2 why");
    }

    @Test
    void aTaskThatFailsInItsOwnCodeGivesEveryTaskItsReason() throws Exception {
        List<Object> results = run(3, Duration.ofMinutes(10), (task, x) -> {
            if (task == 1) {
                x.abort(new IllegalStateException("no memory left in task 1\nat line two"));
                return null;
            }
            return new float[][] {x.average(4, 6, gradient(task, 10), "epoch 1, step 3")};
        });
        String reason = "SparkTraining: task 1 failed at epoch 1, step 3: java.lang.IllegalStateException: no memory left in task 1";
        assertEquals(reason, assertInstanceOf(IllegalStateException.class, results.get(0)).getMessage());
        assertEquals(reason, assertInstanceOf(IllegalStateException.class, results.get(2)).getMessage());
    }

    @Test
    void aStalledTaskFailsTheOthersAfterTheTimeoutNamingIt() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        List<Object> results = run(3, Duration.ofMillis(300), (task, x) -> {
            if (task == 1) {
                failed.await();   // stalls, connected, until task 0 gave up on it
                return null;
            }
            try {
                return new float[][] {x.average(4, 6, gradient(task, 10), "epoch 2, step 1")};
            } finally {
                if (task == 0) failed.countDown();
            }
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, results.get(0));
        assertEquals("SparkTraining: task 0 had no gradient from task 1 for 300 ms at epoch 2, step 1: the task stalled or its"
                + " executor is unreachable (SparkTraining.exchangeTimeout(...) sets the wait)", e.getMessage());
        assertEquals(e.getMessage(), assertInstanceOf(IllegalStateException.class, results.get(2)).getMessage());
    }

    @Test
    void aSendBlockedByATask0ThatStoppedReadingFailsAfterTheTimeout() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        List<Object> results = run(2, Duration.ofMillis(300), (task, x) -> {
            if (task == 0) {
                failed.await();   // stalls, connected, reading nothing
                return null;
            }
            try {   // 32 MB: more than the sockets' buffers take, so the write blocks
                return new float[][] {x.average(4, 6, new float[8 << 20], "epoch 1, step 1")};
            } finally {
                failed.countDown();
            }
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, results.get(1));
        assertEquals("SparkTraining: task 1 could not send its gradient to task 0 for 300 ms at epoch 1, step 1: task 0 stalled"
                + " or its executor is unreachable (SparkTraining.exchangeTimeout(...) sets the wait)", e.getMessage());
    }

    @Test
    void aTaskThatNeverConnectsFailsTask0() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradientExchange.open(0, 2, "127.0.0.1",
                m -> {
                    try {
                        barrier.await();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    return new String[] {m, ""};
                }, () -> {}, Duration.ofMillis(300), Duration.ofMinutes(10)));
        assertTrue(e.getMessage().startsWith("SparkTraining: task 0 waited 300 ms for task(s) [1] to connect to /127.0.0.1:"),
                e.getMessage());
    }

    @Test
    void aKilledTaskStopsWaiting() throws Exception {
        IllegalStateException killed = new IllegalStateException("killed by Spark");
        CountDownLatch waiting = new CountDownLatch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradientExchange.open(0, 2, "127.0.0.1",
                m -> {
                    waiting.countDown();
                    return new String[] {m, ""};
                }, () -> {
                    if (waiting.getCount() == 0) throw killed;
                }, Duration.ofMinutes(10), Duration.ofMinutes(10)));
        assertEquals(killed, e);
    }

    @Test
    void hostDropsThePortAndAnIpv6LiteralsBrackets() {
        assertEquals("10.0.0.5", GradientExchange.host("10.0.0.5:41234"));
        assertEquals("::1", GradientExchange.host("[::1]:41234"));
        assertEquals("worker-3.example", GradientExchange.host("worker-3.example:7077"));
    }
}
