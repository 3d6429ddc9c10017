package dev.fathom.models;

import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * What {@link Model#fit} does with each step's gradients between the backward pass and the
 * optimizer step: the seam of synchronous data parallelism. Each replica of a model trains on its
 * own share of every batch; a sync replaces each weight's {@link Tensor#grad()} in place (e.g.
 * with {@link Tensor#assign}) by the average over the replicas, so every replica takes the same
 * step and their weights stay identical. Without one (the default) the gradients are the batch's
 * own. {@code fathom-spark}'s {@code SparkTraining} exchanges them through Spark's barrier mode;
 * fathom-nn knows nothing of how.
 *
 * <p>It is called once per step, on the thread running {@code fit}, after the loss was found
 * finite and before the gradients are checked, so a non-finite gradient of any replica reaches all
 * of them and every replica stops alike. A sync that throws ends the fit with its exception.
 *
 * <pre>{@code
 * // halves every gradient before the step, in place; a sync across replicas writes their mean the same way
 * model.fit(x, y, Fit.epochs(1).gradientSync((weights, batchSize, epoch, batch) -> {
 *     for (Tensor w : weights) w.grad().assign(w.grad().mul(0.5));
 * }));
 * }</pre>
 */
@FunctionalInterface
public interface GradientSync {
    /**
     * Replaces the gradients of {@code weights} in place.
     *
     * @param weights   the trainable weights, in {@link Model#trainableWeights()} order; each has its gradient
     *                  (of the mean loss over this replica's {@code batchSize} samples) in {@link Tensor#grad()}
     * @param batchSize the samples of this replica's batch: a replica with more samples weighs more in the mean
     * @param epoch     the epoch (0-based, over the model's life)
     * @param batch     the batch within the epoch (0-based)
     */
    void reduce(List<Tensor> weights, int batchSize, int epoch, int batch);
}
