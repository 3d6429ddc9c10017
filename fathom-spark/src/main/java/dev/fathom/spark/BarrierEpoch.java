package dev.fathom.spark;

import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.tensor.Generator;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One epoch of {@link SparkTraining} as a barrier stage: each task loads the epoch's starting model
 * (the broadcast bytes of a saved model: weights, optimizer state, training position), trains it
 * for one epoch on its shard with a {@link ReplicaSync} averaging every step's gradients (over a
 * {@link GradientExchange}: direct connections to task 0, opened at the stage's start), and
 * returns its epoch logs and weight checksums; task 0 also returns the trained model's bytes.
 *
 * <p>Every task does the same number of steps: task {@code i} takes {@code localBatch[i]} samples
 * per step ({@code batchSize / tasks}, the first {@code batchSize % tasks} tasks one more) and
 * {@code steps} steps, the largest {@code ceil(rowsᵢ / localBatchᵢ)}; a task with fewer rows wraps
 * around its epoch's order (padding by wrapping: some of its rows are seen twice in that epoch, none
 * is dropped). The order is a shuffle of the shard drawn from (seed, epoch, task), so the stage is a
 * function of its inputs alone and a rerun of it ({@link SparkTraining} reruns a failed epoch) gives
 * the same bits.
 */
final class BarrierEpoch extends AbstractFunction1<Iterator<byte[]>, Iterator<BarrierEpoch.Result>> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final int epoch;
    private final int attempt;
    private final long seed;
    private final boolean shuffle;
    private final int[] localBatch;
    private final int steps;
    private final SparkTraining.StepHook hook;
    private final Duration timeout;

    BarrierEpoch(Broadcast<byte[]> model, int epoch, int attempt, long seed, boolean shuffle, int[] localBatch, int steps,
                 SparkTraining.StepHook hook, Duration timeout) {
        this.model = model;
        this.epoch = epoch;
        this.attempt = attempt;
        this.seed = seed;
        this.shuffle = shuffle;
        this.localBatch = localBatch;
        this.steps = steps;
        this.hook = hook;
        this.timeout = timeout;
    }

    /** What a task sends back: its epoch logs (keys and values in order), its checksums, and task 0's model. */
    record Result(int task, String[] logKeys, double[] logValues, long[] checksums, byte[] model, String where)
            implements Serializable {}

    @Override
    public Iterator<Result> apply(Iterator<byte[]> partition) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int task = context.partitionId();
        java.util.Iterator<byte[]> shards = CollectionConverters.asJava(partition);
        TrainingShard shard = TrainingShard.decode(shards.next(), "the training shard of task " + task);
        Model replica = Model.load(new ByteArrayInputStream(model.value()), "the model at the start of epoch " + (epoch + 1));
        BarrierTaskInfo[] infos = context.getTaskInfos();
        ReplicaSync sync;
        History h;
        byte[] saved = null;
        try (GradientExchange exchange = GradientExchange.open(task, infos.length, GradientExchange.host(infos[task].address()),
                context::allGather, context::killTaskIfInterrupted, connectTimeout(timeout), timeout)) {
            sync = new ReplicaSync(exchange, task, attempt, hook);
            int[] rows = order(shard.size(), mix(seed, epoch, task), shuffle, steps * localBatch[task]);
            try {
                h = replica.fit(shard.x(), shard.y(), rows, Fit.epochs(epoch + 1).initialEpoch(epoch)
                        .batchSize(localBatch[task]).shuffle(false).seed(seed).silent().gradientSync(sync));
            } catch (RuntimeException | Error e) {
                exchange.abort(e);   // the others fail with this reason, not with "task t's connection broke"
                throw e;
            }
        }
        sync.finish(replica.trainableWeights());
        if (task == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            replica.save(out);
            saved = out.toByteArray();
        }
        Map<String, Double> logs = h.epoch(0);
        String[] keys = logs.keySet().toArray(new String[0]);
        double[] values = new double[keys.length];
        for (int k = 0; k < keys.length; k++) values[k] = logs.get(keys[k]);
        Result r = new Result(task, keys, values, sync.checksums(), saved,
                "executor " + SparkEnv.get().executorId() + " (pid " + ProcessHandle.current().pid() + ")");
        return CollectionConverters.asScala(List.of(r).iterator());
    }

    /**
     * How long task 0 waits for the others to connect at the stage's start: the exchange timeout, but
     * at least a minute (a fresh executor JVM on a loaded machine may take a while to open its first
     * connection; a short exchange timeout is for stalled steps).
     */
    static Duration connectTimeout(Duration timeout) {
        Duration least = Duration.ofMinutes(1);
        return timeout.compareTo(least) < 0 ? least : timeout;
    }

    /** A well-mixed seed of (seed, epoch, task): SplitMix64's finalizer folded over the parts. */
    static long mix(long seed, long... parts) {
        long h = finish(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) h = finish(h + 0x9E3779B97F4A7C15L * (p + 1));
        return h;
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The rows of one epoch: a shuffle of {@code 0..n-1} (or the rows in order), repeated from the
     * start until {@code length} rows.
     */
    static int[] order(int n, long seed, boolean shuffle, int length) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        if (shuffle) new Generator(seed).shuffle(perm);
        int[] rows = new int[length];
        for (int i = 0; i < length; i++) rows[i] = perm[i % n];
        return rows;
    }
}
