package dev.fathom.models;

import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricRegistry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

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

    /** Epochs {@link #toString} shows at each end of a long history. */
    private static final int EDGE_EPOCHS = 5;

    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * A history of these epochs' logs, for code that trains a model elsewhere and gathers its logs
     * (fathom-spark's {@code SparkTraining}).
     */
    public static History of(List<Map<String, Double>> epochLogs) {
        History h = new History();
        for (Map<String, Double> logs : epochLogs) h.add(logs);
        return h;
    }

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    void addWarning(String warning) {
        warnings.add(warning);
    }

    /**
     * What fit warned about while training, one line each (also logged to the
     * {@code dev.fathom.models} logger): a validation split whose classes differ from training's.
     */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
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
        Set<String> keys = keys();
        if (!keys.contains(key)) {
            String logged = logKey(key);
            if (!keys.contains(logged)) throw new IllegalArgumentException("history has no '" + key + "'; it has " + keys);
            key = logged;
        }
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) v[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        return v;
    }

    /**
     * The key fit logs a metric under: {@code MetricRegistry}'s name for an alias given to
     * {@code compile} ({@code "auc"} is logged as {@code "roc_auc"}, {@code "val_acc"} as
     * {@code "val_accuracy"}); other keys ({@code "loss"}, {@code "lr"}) as they are.
     */
    static String logKey(String key) {
        String prefix = key.startsWith("val_") ? "val_" : "";
        return metricOf(key).map(d -> prefix + d.name()).orElse(key);
    }

    /**
     * The {@link MetricRegistry} metric a logged key holds, by its name or an alias after any
     * {@code val_}: {@code "val_auc"} holds roc_auc; {@code "loss"} and {@code "lr"} hold none.
     */
    public static Optional<MetricDefinition> metricOf(String key) {
        return MetricRegistry.find(key.startsWith("val_") ? key.substring(4) : key);
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        double[] v = get(key);
        return v[v.length - 1];
    }

    /**
     * A line with the number of epochs and each key's last value, then a table of one row per
     * epoch and one column per key; past {@value #EDGE_EPOCHS} epochs at each end, the middle ones
     * are left out (as pandas leaves out rows):
     * <pre>
     * History: 3 epochs; last: loss=0.2100, accuracy=0.9300, lr=0.001000
     * epoch          loss     accuracy           lr
     * 1            0.6400       0.7100     0.001000
     * 2            0.3200       0.8800     0.001000
     * 3            0.2100       0.9300     0.001000
     * </pre>
     */
    @Override
    public String toString() {
        Set<String> keys = keys();
        StringBuilder sb = new StringBuilder("History: ").append(epochs.size()).append(epochs.size() == 1 ? " epoch" : " epochs");
        if (epochs.isEmpty()) return sb.toString();
        StringJoiner last = new StringJoiner(", ", "; last: ", "");
        for (String k : keys) last.add(k + "=" + value(k, epochs.getLast().getOrDefault(k, Double.NaN)).strip());
        sb.append(last).append(String.format(Locale.ROOT, "%n%-6s", "epoch"));
        for (String k : keys) sb.append(String.format(Locale.ROOT, " %12s", k));
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.size() > 2 * EDGE_EPOCHS && i == EDGE_EPOCHS) {
                sb.append(String.format(Locale.ROOT, "%n%-6s", "..."));
                i = epochs.size() - EDGE_EPOCHS;
            }
            sb.append(String.format(Locale.ROOT, "%n%-6d", i + 1));
            for (String k : keys) sb.append(' ').append(value(k, epochs.get(i).getOrDefault(k, Double.NaN)));
        }
        return sb.toString();
    }

    /** A value in 12 characters; learning rates are often 1e-4 or below, which %.4f would print as 0. */
    private static String value(String key, double v) {
        return String.format(Locale.ROOT, key.equals(LEARNING_RATE) ? "%12.4g" : "%12.4f", v);
    }
}
