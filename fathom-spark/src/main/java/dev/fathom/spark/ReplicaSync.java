package dev.fathom.spark;

import dev.fathom.models.GradientSync;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link GradientSync} of one task of {@link SparkTraining}'s barrier stage: each step it hands
 * its batch size, a checksum of its weights and its flattened gradient to the stage's
 * {@link GradientExchange}, and replaces its gradients with the mean over the tasks weighted by their
 * batch sizes, {@code Σ nᵢ·gᵢ / Σ nᵢ}, which task 0 sums in float64 in task order and sends to every
 * task: every replica gets the same bits and takes the same optimizer step. A checksum that differs
 * from task 0's ends the stage: the replicas were not identical after the previous step. It keeps
 * the checksums, which the driver compares again after the epoch.
 */
final class ReplicaSync implements GradientSync {
    private final GradientExchange exchange;
    private final int task;
    private final int attempt;
    private final SparkTraining.StepHook hook;
    /** The weights' checksum before each step, then after the last. */
    private final List<Long> checksums = new ArrayList<>();

    ReplicaSync(GradientExchange exchange, int task, int attempt, SparkTraining.StepHook hook) {
        this.exchange = exchange;
        this.task = task;
        this.attempt = attempt;
        this.hook = hook;
    }

    @Override
    public void reduce(List<Tensor> weights, int batchSize, int epoch, int batch) {
        if (hook != null) hook.beforeStep(task, attempt, epoch, batch);
        float[][] grads = new float[weights.size()][];
        int total = 0;
        for (int i = 0; i < weights.size(); i++) {
            Tensor g = weights.get(i).grad();
            grads[i] = g == null ? new float[weights.get(i).size()] : g.toFloatArray();
            total += grads[i].length;
        }
        float[] flat = new float[total];
        int at = 0;
        for (float[] g : grads) {
            System.arraycopy(g, 0, flat, at, g.length);
            at += g.length;
        }
        long checksum = checksum(weights);
        float[] mean = exchange.average(batchSize, checksum, flat, "epoch " + (epoch + 1) + ", step " + (batch + 1));
        at = 0;
        for (int i = 0; i < weights.size(); i++) {
            Tensor g = weights.get(i).grad();   // none where backward did not reach: the same weights on every replica
            if (g != null) g.assign(Tensor.of(java.util.Arrays.copyOfRange(mean, at, at + grads[i].length), g.shape()).to(g.device()));
            at += grads[i].length;
        }
        checksums.add(checksum);
    }

    /** After the epoch's last step: the final weights' checksum, which the driver compares across the tasks. */
    void finish(List<Tensor> weights) {
        checksums.add(checksum(weights));
    }

    long[] checksums() {
        return checksums.stream().mapToLong(Long::longValue).toArray();
    }

    /** A 64-bit hash of every weight's float bits, in order. */
    static long checksum(List<Tensor> weights) {
        long h = 0x9E3779B97F4A7C15L;
        for (Tensor w : weights) {
            for (float v : w.toFloatArray()) {
                h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001B3L;
                h ^= h >>> 29;
            }
        }
        return h;
    }
}
