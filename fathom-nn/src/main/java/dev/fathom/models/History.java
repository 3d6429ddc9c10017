package dev.fathom.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code fit} measured, one entry per epoch: {@code loss}, the compiled metrics, the same
 * with a {@code val_} prefix when there was validation data, and {@code lr}, the learning rate of
 * the epoch's first step (so a {@link ReduceLROnPlateau} or a schedule shows in the record).
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(10).validationSplit(0.1));
 * double[] valLoss = h.get("val_loss");
 * }</pre>
 */
public final class History {
    /** The key of the learning rate in the logs. */
    public static final String LEARNING_RATE = "lr";

    private final List<Map<String, Double>> epochs = new ArrayList<>();

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return epochs.size();
    }

    /** The logs of one epoch (0-based). */
    public Map<String, Double> epoch(int index) {
        return epochs.get(index);
    }

    /** The names recorded, e.g. {@code loss, accuracy, val_loss, val_accuracy}. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Double> e : epochs) keys.addAll(e.keySet());
        return keys;
    }

    /** One value per epoch of {@code key}; NaN where an epoch lacks it. */
    public double[] get(String key) {
        if (!keys().contains(key)) {
            throw new IllegalArgumentException("history has no '" + key + "'; it has " + keys());
        }
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) v[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        return v;
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        double[] v = get(key);
        return v[v.length - 1];
    }

    /** A table: one row per epoch, one column per key. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-6s", "epoch"));
        Set<String> keys = keys();
        for (String k : keys) sb.append(String.format(" %12s", k));
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(String.format("%n%-6d", i + 1));
            for (String k : keys) {
                double v = epochs.get(i).getOrDefault(k, Double.NaN);
                // Learning rates are often 1e-4 or below, which %.4f would print as 0.
                sb.append(String.format(k.equals(LEARNING_RATE) ? " %12.4g" : " %12.4f", v));
            }
        }
        return sb.toString();
    }
}
