package dev.fathom.models;

import java.util.Map;

/**
 * A hook into {@link Model#fit}: early stopping, checkpoints, logging. Every method has a
 * do-nothing default; override what you need. {@code logs} holds the epoch's loss and metrics
 * ({@code loss}, {@code accuracy}, {@code val_loss}, ...).
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Model model) {}

    /** After each epoch (0-based); call {@link Model#stopTraining()} to end training. */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {}

    /** After each batch, with the running loss and metrics of the epoch so far. */
    default void onBatchEnd(Model model, int batch, Map<String, Double> logs) {}

    /** After the last epoch. */
    default void onTrainEnd(Model model) {}
}
