package dev.fathom.spark;

import dev.fathom.models.GradientSync;
import dev.fathom.tensor.Tensor;
import org.apache.spark.BarrierTaskContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@link GradientSync} of one task of {@link SparkTraining}'s barrier stage: each step it sends
 * its batch size, a checksum of its weights and its flattened gradient (float32, little-endian,
 * Base64) through {@link BarrierTaskContext#allGather}, and replaces its gradients with the mean
 * over the tasks weighted by their batch sizes, {@code Σ nᵢ·gᵢ / Σ nᵢ}, summed in float64 in task
 * order: every task sums the same numbers in the same order, so every replica gets the same bits
 * and takes the same optimizer step. A checksum that differs from task 0's ends the stage: the
 * replicas were not identical after the previous step.
 *
 * <p>Spark's {@code allGather} (as {@code barrier()}) waits for the driver's answer by polling every
 * second ({@code BarrierTaskContext.runBarrier} sleeps 1,000 ms while its RPC is not complete, Spark
 * 4.2), so each step costs about a second whatever the model: data parallelism through it pays for
 * steps of seconds (large batches, large models), not for small fast ones.
 *
 * <p>Cost per step and task: the gradient goes to the driver and every task's comes back, so a
 * task sends {@code 4·P·4/3} bytes and receives {@code T} times as many (P parameters, T tasks);
 * all of it passes through the driver's RPC endpoint, which is fine for models of up to a few
 * million parameters and is the first thing to replace (by a ring all-reduce between the tasks)
 * for larger ones.
 */
final class ReplicaSync implements GradientSync {
    private final BarrierTaskContext context;
    private final int task;
    private final SparkTraining.StepHook hook;
    /** The weights' checksum before each step, then after the last. */
    private final List<Long> checksums = new ArrayList<>();

    private final int attempt;

    ReplicaSync(BarrierTaskContext context, int attempt, SparkTraining.StepHook hook) {
        this.context = context;
        this.attempt = attempt;
        this.task = context.partitionId();
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
        ByteBuffer bytes = ByteBuffer.allocate(4 * total).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] g : grads) for (float v : g) bytes.putFloat(v);
        long checksum = checksum(weights);
        String[] messages = context.allGather(task + " " + batchSize + " " + checksum + " "
                + Base64.getEncoder().encodeToString(bytes.array()));
        Message[] all = parse(messages, total, "epoch " + epoch + ", batch " + batch);
        double samples = 0;
        for (Message m : all) samples += m.batchSize;
        double[] sum = new double[total];
        for (Message m : all) {   // in task order on every task: the same sum everywhere
            for (int j = 0; j < total; j++) sum[j] += (double) m.batchSize * m.gradient.getFloat(4 * j);
        }
        int at = 0;
        for (int i = 0; i < weights.size(); i++) {
            float[] mean = new float[grads[i].length];
            for (int j = 0; j < mean.length; j++) mean[j] = (float) (sum[at + j] / samples);
            at += mean.length;
            Tensor g = weights.get(i).grad();   // none where backward did not reach: the same weights on every replica
            if (g != null) g.assign(Tensor.of(mean, g.shape()).to(g.device()));
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

    /** The tasks' messages in task order, after checking that every task's weights have task 0's checksum. */
    private Message[] parse(String[] messages, int values, String when) {
        Message[] all = new Message[messages.length];
        for (String s : messages) {
            String[] parts = s.split(" ", 4);
            int t = Integer.parseInt(parts[0]);
            ByteBuffer g = ByteBuffer.wrap(Base64.getDecoder().decode(parts[3])).order(ByteOrder.LITTLE_ENDIAN);
            if (g.remaining() != 4 * values) {
                throw new IllegalStateException("SparkTraining: task " + t + " sent " + g.remaining() / 4 + " gradient values at "
                        + when + " but task " + task + " has " + values + "; the tasks train different models");
            }
            all[t] = new Message(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), g);
        }
        for (int t = 1; t < all.length; t++) {
            if (all[t].checksum != all[0].checksum) {
                throw new IllegalStateException("SparkTraining: the replicas diverged: task " + t + "'s weights differ from task 0's"
                        + " at " + when + " (checksums " + Long.toHexString(all[t].checksum) + " and "
                        + Long.toHexString(all[0].checksum) + ")");
            }
        }
        return all;
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

    private record Message(int batchSize, long checksum, ByteBuffer gradient) {}
}
