package dev.fathom.models;

import java.util.Map;

/**
 * One monitored log value and when it counts as better: shared by the callbacks that watch a
 * metric ({@link EarlyStopping}, {@link ModelCheckpoint}, {@link ReduceLROnPlateau}).
 */
final class Monitor {
    final String key;
    final MonitorMode mode;
    final double minDelta;

    Monitor(String key, MonitorMode mode, double minDelta) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("monitor needs the name of a logged value, e.g. \"val_loss\"");
        if (!(minDelta >= 0)) throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
        this.key = History.logKey(key);   // "val_auc" watches what fit logs as "val_roc_auc"
        this.mode = mode.resolve(this.key);
        this.minDelta = minDelta;
    }

    /** The value no real one can be worse than. */
    double worst() {
        return mode == MonitorMode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Whether {@code current} beats {@code reference} by more than {@code minDelta}. */
    boolean improves(double current, double reference) {
        return mode == MonitorMode.MIN ? current < reference - minDelta : current > reference + minDelta;
    }

    /**
     * The monitored value in {@code logs}.
     *
     * @throws IllegalStateException naming the callback, the key and the keys there are, when it is missing
     */
    double value(String callback, Map<String, Double> logs) {
        Double v = logs.get(key);
        if (v == null) {
            String hint = key.startsWith("val_") ? "; give fit validation data (validationSplit or validationData)"
                    + " or monitor one of those" : "; monitor one of those";
            throw new IllegalStateException(callback + ": monitors '" + key + "' but the logs have " + logs.keySet() + hint);
        }
        return v;
    }
}
