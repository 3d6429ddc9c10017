package dev.fathom.models;

import dev.fathom.optimizers.Optimizer;
import dev.fathom.tensor.Numbers;

import java.util.Map;

/**
 * Lowers the learning rate when a monitored value has stopped improving, as Keras'
 * {@code ReduceLROnPlateau}: after {@code patience} epochs without an improvement larger than
 * {@code minDelta}, the optimizer's base rate is multiplied by {@code factor} (not below
 * {@code minLr}), a line says so, and {@code cooldown} epochs pass before waiting starts again.
 * The rate each epoch used is in the history under {@code lr}; a saved model keeps the lowered rate.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(50).validationSplit(0.1).callbacks(
 *         new ReduceLROnPlateau("val_loss").factor(0.5).patience(2).minLr(1e-5)));
 * }</pre>
 */
public final class ReduceLROnPlateau implements Callback {
    private final String key;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private double minLr;
    private int cooldown;
    private MonitorMode mode = MonitorMode.AUTO;

    private Monitor monitor;
    private double best;
    private int wait;
    private int cooldownLeft;
    private int reductions;

    /** Watches {@code monitor} (e.g. {@code "val_loss"}) with Keras' defaults: factor 0.1, patience 10, minDelta 1e-4. */
    public ReduceLROnPlateau(String monitor) {
        new Monitor(monitor, MonitorMode.AUTO, 0);
        this.key = monitor;
    }

    /** What the rate is multiplied by, in (0, 1) (default 0.1). */
    public ReduceLROnPlateau factor(double factor) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1) to lower the rate, got " + factor);
        }
        this.factor = factor;
        return this;
    }

    /** Epochs without improvement before lowering, {@code >= 0} (default 10). */
    public ReduceLROnPlateau patience(int patience) {
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        this.patience = patience;
        return this;
    }

    /** The smallest change that counts as an improvement (default 1e-4). */
    public ReduceLROnPlateau minDelta(double minDelta) {
        new Monitor(key, mode, minDelta);
        this.minDelta = minDelta;
        return this;
    }

    /** The rate is never lowered below this (default 0). */
    public ReduceLROnPlateau minLr(double minLr) {
        if (!(minLr >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        this.minLr = minLr;
        return this;
    }

    /** Epochs to wait after a reduction before counting again (default 0). */
    public ReduceLROnPlateau cooldown(int cooldown) {
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        this.cooldown = cooldown;
        return this;
    }

    /** Whether lower or higher is better (default: inferred from the name). */
    public ReduceLROnPlateau mode(MonitorMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** How many times the rate was lowered in the last fit. */
    public int reductions() {
        return reductions;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor = new Monitor(key, mode, minDelta);
        best = monitor.worst();
        wait = 0;
        cooldownLeft = 0;
        reductions = 0;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double current = monitor.value("ReduceLROnPlateau", logs);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(current, best)) {
            best = current;
            wait = 0;
            return;
        }
        if (cooldownLeft > 0) return;
        wait++;
        if (wait < patience) return;
        Optimizer opt = model.optimizer();
        double old = opt.baseLearningRate();
        if (old > minLr) {
            double lowered = Math.max(old * factor, minLr);
            opt.learningRate(lowered);
            reductions++;
            model.out().println("Epoch " + (epoch + 1) + ": ReduceLROnPlateau: " + key + " has not improved on " + Numbers.format(best)
                    + " for " + wait + " epoch" + (wait == 1 ? "" : "s") + "; learning rate " + Numbers.format(old) + " -> " + Numbers.format(lowered));
        }
        cooldownLeft = cooldown;
        wait = 0;
    }
}
