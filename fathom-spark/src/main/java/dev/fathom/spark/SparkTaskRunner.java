package dev.fathom.spark;

import dev.fathom.workflow.FoldTask;
import dev.fathom.workflow.TaskRunner;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link dev.fathom.workflow.Fathom#train}'s cross-validation on Apache Spark: each (model, fold)
 * pair is one Spark task (one partition each), the training split and the folds are broadcast once
 * per run, and the scores are collected in task order, so the leaderboard is the local run's to
 * the bit. A task that fails on a lost executor is run again by Spark ({@code spark.task.maxFailures},
 * 4 by default on a cluster); its result does not change, since it depends on its bytes alone.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("spark://host:7077").getOrCreate();
 * TrainResult r = Fathom.train(Datasets.load("digits"), TrainOptions.defaults().tasks(SparkTaskRunner.on(spark)));
 * }</pre>
 */
public final class SparkTaskRunner implements TaskRunner {
    /** The session; still starting on a thread of its own for a local master (see {@link #starting}). */
    private final CompletableFuture<SparkSession> session;
    private final boolean inThisJvm;
    private JavaSparkContext context;
    /** Tasks per place they ran ("executor 1 (pid 4242)"), for the summary. */
    private final Map<String, Integer> where = new TreeMap<>();
    private final TaskHook hook;
    private byte[] shipped;
    private Broadcast<byte[]> broadcast;
    private int jobs;

    private SparkTaskRunner(CompletableFuture<SparkSession> session, boolean inThisJvm, TaskHook hook) {
        this.session = session;
        this.inThisJvm = inThisJvm;
        this.hook = hook;
    }

    /** A runner on {@code spark}'s cluster. */
    public static SparkTaskRunner on(SparkSession spark) {
        Objects.requireNonNull(spark, "spark");
        return new SparkTaskRunner(CompletableFuture.completedFuture(spark), spark.sparkContext().isLocal(), null);
    }

    /**
     * A runner on a new session at a local master ({@code local[N]}), started on a thread of its
     * own: Spark takes seconds to start, which the training run spends meanwhile on its data and,
     * since the tasks then run in this JVM, on compiling the kernels (the JIT warm-up). A session
     * that fails to start fails the first call that needs it, with the same one-line message
     * {@link SparkSessions#open} gives.
     */
    static SparkTaskRunner starting(String master, String app) {
        SparkSessions.check(master);
        CompletableFuture<SparkSession> future = new CompletableFuture<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Thread t = new Thread(() -> {
            try {
                future.complete(SparkSessions.open(master, app));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "fathom-spark-start");
        t.setDaemon(true);
        t.setContextClassLoader(loader);
        t.start();
        return new SparkTaskRunner(future, true, null);
    }

    /** What a test runs in each task before its work, on the executor (to hold one there while its JVM is killed). */
    interface TaskHook extends Serializable {
        void before(TaskContext task);
    }

    /** A runner whose tasks call {@code hook} first: for the fault tests. */
    static SparkTaskRunner withHook(SparkSession spark, TaskHook hook) {
        return new SparkTaskRunner(CompletableFuture.completedFuture(spark), spark.sparkContext().isLocal(), hook);
    }

    /** The session, once started; a failed start's exception as {@link SparkSessions#open} threw it. */
    private SparkSession spark() {
        try {
            return session.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    @Override
    public boolean runsInThisJvm() {
        return inThisJvm;
    }

    @Override
    public String description() {
        SparkSession spark = spark();
        return "Spark " + spark.version() + " at " + spark.sparkContext().master() + " (application "
                + spark.sparkContext().applicationId() + ")";
    }

    @Override
    public synchronized List<byte[]> run(byte[] shared, List<byte[]> tasks) {
        if (tasks.isEmpty()) return List.of();
        if (context == null) context = JavaSparkContext.fromSparkContext(spark().sparkContext());
        if (shared != shipped) {
            if (broadcast != null) broadcast.destroy();
            broadcast = context.broadcast(shared);
            shipped = shared;
        }
        List<Tuple2<byte[], String>> out;
        try {
            context.setJobDescription("fathom train: " + tasks.size() + " cross-validation tasks");
            jobs++;
            out = context.parallelize(tasks, tasks.size()).map(new RunTask(broadcast, hook)).collect();
        } catch (RuntimeException e) {
            throw new IllegalStateException("a cross-validation task failed on Spark for good (after Spark's retries): "
                    + SparkSessions.firstLine(e), e);
        }
        List<byte[]> results = new ArrayList<>(out.size());
        for (Tuple2<byte[], String> t : out) {
            results.add(t._1());
            where.merge(t._2(), 1, Integer::sum);
        }
        return results;
    }

    @Override
    public synchronized String summary() {
        int total = where.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder s = new StringBuilder(total + " tasks ran on Spark (" + spark().sparkContext().master() + ") in " + where.size()
                + (where.size() == 1 ? " JVM: " : " JVMs: "));
        String sep = "";
        for (Map.Entry<String, Integer> e : where.entrySet()) {
            s.append(sep).append(e.getKey()).append(" ").append(e.getValue());
            sep = ", ";
        }
        return s.toString();
    }

    /** How many Spark jobs (calls of {@link #run}) have run so far. */
    synchronized int jobs() {
        return jobs;
    }

    /** The places tasks ran and how many each, so far. */
    public synchronized Map<String, Integer> tasksByPlace() {
        return Map.copyOf(where);
    }

    @Override
    public String toString() {
        return "SparkTaskRunner(" + description() + ")";
    }

    /** One task on an executor: {@link FoldTask#run} on the broadcast data, and where it ran. */
    private static final class RunTask implements Function<byte[], Tuple2<byte[], String>> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> shared;
        private final TaskHook hook;

        RunTask(Broadcast<byte[]> shared, TaskHook hook) {
            this.shared = shared;
            this.hook = hook;
        }

        @Override
        public Tuple2<byte[], String> call(byte[] task) {
            if (hook != null) hook.before(TaskContext.get());
            byte[] result = FoldTask.run(shared.value(), task);
            return new Tuple2<>(result, "executor " + SparkEnv.get().executorId() + " (pid " + ProcessHandle.current().pid() + ")");
        }
    }
}
