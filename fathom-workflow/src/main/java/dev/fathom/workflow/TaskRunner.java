package dev.fathom.workflow;

import java.util.List;

/**
 * Where {@link Fathom#train} runs its cross-validation: each (model, fold) pair is a task, and a
 * runner runs a list of them somewhere (another machine, a cluster) and returns their results in
 * the same order. Without one (the default) the folds run on this JVM's threads. Tasks and results
 * are bytes in Fathom's own encoding, so a runner needs to know nothing of models: it ships
 * {@code shared} (the training split, the folds and how to build the models) once to where the
 * tasks run, and there calls {@link FoldTask#run(byte[], byte[])} for each task. The same seed gives
 * the same leaderboard on any runner, to the bit: a task's result depends on its bytes alone.
 *
 * <p>fathom-spark implements it on Apache Spark ({@code dev.fathom.spark.SparkTaskRunner}); the
 * workflow does not depend on Spark.
 *
 * <pre>{@code
 * // a runner on this JVM's threads, as a test or a sketch of a remote one
 * TaskRunner inProcess = new TaskRunner() {
 *     public String description() { return "this JVM"; }
 *     public List<byte[]> run(byte[] shared, List<byte[]> tasks) {
 *         return tasks.parallelStream().map(t -> FoldTask.run(shared, t)).toList();
 *     }
 *     public String summary() { return ""; }
 * };
 * Fathom.train(Datasets.load("iris"), TrainOptions.defaults().tasks(inProcess));
 * }</pre>
 */
public interface TaskRunner {
    /** Where the tasks run, for the progress line that starts the evaluation (e.g. "Spark 4.2.0 on spark://host:7077"). */
    String description();

    /**
     * Runs every task and returns the results in task order: result i is what
     * {@link FoldTask#run FoldTask.run(shared, tasks.get(i))} returns where the task runs. One
     * training run passes the same {@code shared} array to every call, so a runner ships it once.
     *
     * @throws RuntimeException when a task fails for good (after any retries), with the task's message
     */
    List<byte[]> run(byte[] shared, List<byte[]> tasks);

    /** Where the tasks have run so far, in a line for the progress (e.g. "40 tasks on 2 executors: ..."); empty if not known. */
    String summary();

    /**
     * Whether the tasks run in this JVM (Spark's {@code local[N]} master, a test's in-process
     * runner): then compiling the kernels here first (the JIT warm-up of a local run) pays off for
     * the tasks too, and the seconds per fold are the models' own. False by default: on a cluster
     * the tasks' JVMs compile their own, and a warm-up here would only cost time.
     */
    default boolean runsInThisJvm() {
        return false;
    }
}
