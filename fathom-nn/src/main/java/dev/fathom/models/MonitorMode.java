package dev.fathom.models;

/**
 * Whether a monitored quantity should go down ({@code MIN}, e.g. {@code val_loss}) or up
 * ({@code MAX}, e.g. {@code val_accuracy}), for {@link EarlyStopping}, {@link ModelCheckpoint} and
 * {@link ReduceLROnPlateau}. {@code AUTO} infers it from the name as Keras does: names with
 * {@code acc}, {@code auc}, {@code precision}, {@code recall} or {@code f1} go up, the rest go down.
 *
 * <pre>{@code
 * new EarlyStopping("val_accuracy", 5, true)                         // AUTO: MAX
 * new ReduceLROnPlateau("val_score").mode(MonitorMode.MAX)           // a name AUTO cannot read
 * }</pre>
 */
public enum MonitorMode {
    /** Infer from the name. */
    AUTO,
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX;

    /** This mode for {@code key}, with {@code AUTO} resolved to {@code MIN} or {@code MAX}. */
    MonitorMode resolve(String key) {
        if (this != AUTO) return this;
        String k = key.startsWith("val_") ? key.substring(4) : key;
        for (String up : new String[] {"acc", "auc", "precision", "recall", "f1"}) if (k.contains(up)) return MAX;
        return MIN;
    }
}
