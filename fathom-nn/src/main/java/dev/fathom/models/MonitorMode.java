package dev.fathom.models;

import dev.fathom.metrics.MetricDefinition;

/**
 * Whether a monitored quantity should go down ({@code MIN}, e.g. {@code val_loss}) or up
 * ({@code MAX}, e.g. {@code val_accuracy}), for {@link EarlyStopping}, {@link ModelCheckpoint} and
 * {@link ReduceLROnPlateau}. {@code AUTO} infers it from the name: a metric of
 * {@link dev.fathom.metrics.MetricRegistry} (after {@code val_}) goes its registry direction ({@code val_r2} up,
 * {@code val_rmse} down); other names as Keras does: with {@code acc}, {@code auc},
 * {@code precision}, {@code recall} or {@code f1} up, the rest (losses) down.
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
        MetricDefinition metric = History.metricOf(key).orElse(null);
        if (metric != null) return metric.greaterIsBetter() ? MAX : MIN;
        // "val_" holds none of these words, so the key is read as it is
        for (String up : new String[] {"acc", "auc", "precision", "recall", "f1"}) if (key.contains(up)) return MAX;
        return MIN;
    }
}
