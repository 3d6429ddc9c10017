package dev.fathom.models;

import dev.fathom.tensor.Numbers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the whole model ({@link Model#save}: architecture, weights, optimizer state, training
 * position) after each epoch, or only when a monitored value improves, as Keras'
 * {@code ModelCheckpoint}. Each save replaces the file atomically, so a crash mid-save leaves the
 * previous checkpoint intact. {@code {epoch}} in the file name becomes the epoch number (from 1),
 * to keep one file per epoch.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(20).validationSplit(0.1).callbacks(
 *         new ModelCheckpoint(Path.of("best.fathom")).monitor("val_accuracy").saveBestOnly(true)));
 * Model best = Model.load(Path.of("best.fathom"));
 *
 * // resume after a crash from the last epoch's checkpoint
 * Model last = Model.load(Path.of("last.fathom"));
 * last.fit(x, y, Fit.epochs(20).validationSplit(0.1).resume());
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
    private final Path path;
    private String key = "val_loss";
    private MonitorMode mode = MonitorMode.AUTO;
    private boolean saveBestOnly;

    private Monitor monitor;
    private double best;
    private int saves;

    /** Saves to {@code path} after every epoch (see {@link #saveBestOnly}). */
    public ModelCheckpoint(Path path) {
        this.path = java.util.Objects.requireNonNull(path, "path");
    }

    /** The log key that decides "best" (default {@code val_loss}). */
    public ModelCheckpoint monitor(String key) {
        new Monitor(key, mode, 0);
        this.key = key;
        return this;
    }

    /** Whether lower or higher is better (default: inferred from the name). */
    public ModelCheckpoint mode(MonitorMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Save only when the monitored value is the best so far (default false: every epoch). */
    public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
        this.saveBestOnly = saveBestOnly;
        return this;
    }

    /** How many times the model was saved in the last fit. */
    public int saves() {
        return saves;
    }

    /** The file for an epoch (0-based): the path with {@code {epoch}} replaced by {@code epoch + 1}. */
    public Path pathFor(int epoch) {
        String name = path.toString();
        return name.contains("{epoch}") ? Path.of(name.replace("{epoch}", String.valueOf(epoch + 1))) : path;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor = new Monitor(key, mode, 0);
        best = monitor.worst();
        saves = 0;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Path target = pathFor(epoch);
        if (saveBestOnly) {
            double current = monitor.value("ModelCheckpoint", logs);
            if (!monitor.improves(current, best)) return;
            model.out().println("Epoch " + (epoch + 1) + ": " + key + " improved from " + Numbers.format(best) + " to " + Numbers.format(current)
                    + ", saving model to " + target);
            best = current;
        }
        model.save(target);
        saves++;
    }
}
