package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

/**
 * One named weight tensor of a layer (e.g. {@code kernel}, {@code bias}), whether the optimizer
 * updates it, and the penalty it adds to the loss.
 *
 * @param name        the name within its layer
 * @param value       the tensor; trainable ones require gradients
 * @param trainable   whether optimizers update it (false for running statistics)
 * @param regularizer the penalty added to the loss, or null
 */
public record Weight(String name, Tensor value, boolean trainable, Regularizer regularizer) {}
