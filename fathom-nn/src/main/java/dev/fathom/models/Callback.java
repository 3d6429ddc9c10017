package dev.fathom.models;

import java.util.Map;

/**
 * A hook into {@link Model#fit}: early stopping, checkpoints, logging. Every method has a
 * do-nothing default; override what you need. {@code logs} holds the epoch's loss and metrics
 * ({@code loss}, {@code accuracy}, {@code val_loss}, ..., and {@code lr}, the learning rate of the
 * epoch's first step). Epochs are numbered from 0 over the model's life, so a resumed fit
 * continues the numbering.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(20).validationSplit(0.1).callbacks(
 *         new EarlyStopping("val_loss", 3, true),
 *         new ModelCheckpoint(Path.of("best.fathom")).saveBestOnly(true),
 *         new CSVLogger(Path.of("training.csv")),
 *         new Callback() {
 *             @Override
 *             public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
 *                 System.out.println("done with epoch " + (epoch + 1));
 *             }
 *         }));
 * }</pre>
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Model model) {}

    /** After each epoch (0-based); call {@link Model#stopTraining()} to end training. The logs are read-only. */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {}

    /** After each batch, with the running loss and metrics of the epoch so far. */
    default void onBatchEnd(Model model, int batch, Map<String, Double> logs) {}

    /**
     * When the loss or a gradient of a batch went NaN or infinite, before any weight was changed by
     * it. Return true to end training quietly (the epoch is not finished and not logged); when no
     * callback does, fit throws an {@link ArithmeticException} with {@code report.message()}.
     */
    default boolean onNonFinite(Model model, NonFiniteReport report) {
        return false;
    }

    /** After the last epoch (also after training was stopped). */
    default void onTrainEnd(Model model) {}
}
