package dev.fathom.models;

import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, as Keras' {@code EarlyStopping}.
 *
 * <p>After each epoch the monitored value (e.g. {@code val_loss}) is compared with the best so
 * far: it improves when it beats the best by more than {@code minDelta} (lower for losses, higher
 * for accuracies; see {@link MonitorMode}). After {@code patience} epochs in a row without
 * improvement, training stops. With {@code restoreBestWeights}, the weights of the best epoch are
 * copied back when training ends (stopped early or not; Keras restores only on an early stop),
 * with a printed line naming that epoch, so the model you keep is the best one seen.
 *
 * <pre>{@code
 * var stop = new EarlyStopping("val_loss", 3, true).minDelta(1e-3);
 * model.fit(x, y, Fit.epochs(100).validationSplit(0.1).callbacks(stop));
 * System.out.println("best epoch: " + (stop.bestEpoch() + 1));
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final String key;
    private final int patience;
    private final boolean restoreBestWeights;
    private double minDelta;
    private MonitorMode mode = MonitorMode.AUTO;
    private Double baseline;

    private Monitor monitor;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private int lastEpoch;
    private List<Tensor> bestWeights;

    /**
     * Stops after {@code patience} epochs without improvement of {@code monitor}.
     *
     * @param monitor            the log key to watch, e.g. {@code "val_loss"}
     * @param patience           epochs without improvement to wait, {@code >= 0}
     * @param restoreBestWeights whether to put back the best epoch's weights at the end
     */
    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        new Monitor(monitor, MonitorMode.AUTO, 0); // fail now on an empty name
        this.key = monitor;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** The smallest change that counts as an improvement (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        new Monitor(key, mode, minDelta);
        this.minDelta = minDelta;
        return this;
    }

    /** Whether lower or higher is better (default: inferred from the name). */
    public EarlyStopping mode(MonitorMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** A value the monitored quantity must beat: epochs that do not beat it count as no improvement. */
    public EarlyStopping baseline(double baseline) {
        this.baseline = baseline;
        return this;
    }

    /** The epoch (0-based) with the best monitored value in the last fit, or -1 before any. */
    public int bestEpoch() {
        return monitor == null ? -1 : bestEpoch;
    }

    /** The epoch (0-based) at which training was stopped, or -1 when it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor = new Monitor(key, mode, minDelta);
        best = baseline != null ? baseline : monitor.worst();
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        lastEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double current = monitor.value("EarlyStopping", logs);
        lastEpoch = epoch;
        wait++;
        if (monitor.improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = model.copyWeights();
            return;
        }
        if (wait >= patience) { // wait >= 1 here: this epoch did not improve
            stoppedEpoch = epoch;
            model.stopTraining();
            model.out().println("Epoch " + (epoch + 1) + ": early stopping: " + key + " has not improved on "
                    + Numbers.format(best) + " for " + wait + " epoch" + (wait == 1 ? "" : "s"));
        }
    }

    @Override
    public void onTrainEnd(Model model) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != lastEpoch) {
            model.assignWeights(bestWeights);
            model.out().println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1)
                    + " (" + key + " = " + Numbers.format(best) + ")");
        }
        bestWeights = null;
    }
}
