package dev.fathom.data.timeseries;

import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Cuts time series into supervised windows: the {@code lookback} steps of every feature as
 * input, the next {@code horizon} steps of the target features as output, every {@code stride}
 * steps (Keras' {@code timeseries_dataset_from_array}, with the targets cut from the series).
 *
 * <p>A series is float {@code [T]} (one feature) or {@code [T, F]} (time along axis 0), several
 * series (say one per weather station) are windowed separately and their windows stacked, and a
 * {@link Table}'s columns are features by name. Window {@code i} starting at step {@code s}:
 * <pre>
 *   x[i] = series[s, s + lookback)                                        [lookback, F]
 *   y[i] = series[s + lookback + gap, s + lookback + gap + horizon) of the targets
 *                                              [horizon] for one target, [horizon, targets] for several
 * </pre>
 * so a series of {@code T} steps gives {@code floor((T - lookback - gap - horizon) / stride) + 1}
 * windows, starting at 0. Targets are all features unless chosen; they stay among the inputs
 * (their past is usually the best predictor). {@link #split} windows a time-ordered
 * train/validation(/test) split without windows that straddle a cut (see {@link TimeSplit}).
 *
 * <pre>{@code
 * Tensor temps = Tensor.of(values, 1000, 3);                     // 1000 hours x 3 sensors
 * Windows w = SlidingWindows.of(24, 6).targets(0).apply(temps);  // x [971, 24, 3], y [971, 6]
 * WindowSplit parts = SlidingWindows.of(24, 6).stride(2).targets("temp")
 *         .split(table, TimeSplit.fractions(0.7, 0.2, 0.1));
 * }</pre>
 */
public final class SlidingWindows {
    private final int lookback;
    private final int horizon;
    private final int stride;
    private final int gap;
    private final int[] targets;
    private final List<String> targetNames;

    private SlidingWindows(int lookback, int horizon, int stride, int gap, int[] targets, List<String> targetNames) {
        this.lookback = lookback;
        this.horizon = horizon;
        this.stride = stride;
        this.gap = gap;
        this.targets = targets;
        this.targetNames = targetNames;
    }

    /**
     * Windows of {@code lookback} input steps followed by {@code horizon} target steps, stride 1, no gap.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public static SlidingWindows of(int lookback, int horizon) {
        if (lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("SlidingWindows.of: lookback and horizon must be >= 1, got lookback " + lookback
                    + " and horizon " + horizon);
        }
        return new SlidingWindows(lookback, horizon, 1, 0, null, null);
    }

    /**
     * Steps between the starts of consecutive windows (default 1; Keras' {@code sequence_stride}).
     *
     * @throws IllegalArgumentException when not positive
     */
    public SlidingWindows stride(int stride) {
        if (stride < 1) throw new IllegalArgumentException("SlidingWindows.stride: must be >= 1, got " + stride);
        return new SlidingWindows(lookback, horizon, stride, gap, targets, targetNames);
    }

    /**
     * Steps skipped between the last input and the first target (default 0): {@code gap(23)}
     * with horizon 1 predicts a full day ahead from hourly data.
     *
     * @throws IllegalArgumentException when negative
     */
    public SlidingWindows gap(int gap) {
        if (gap < 0) throw new IllegalArgumentException("SlidingWindows.gap: must be >= 0, got " + gap);
        return new SlidingWindows(lookback, horizon, stride, gap, targets, targetNames);
    }

    /**
     * The target features by index along the feature axis, in this order (default: all features).
     *
     * @throws IllegalArgumentException when none is given or one repeats
     */
    public SlidingWindows targets(int... features) {
        if (features.length == 0) throw new IllegalArgumentException("SlidingWindows.targets: give at least one feature index");
        if (Arrays.stream(features).distinct().count() != features.length) {
            throw new IllegalArgumentException("SlidingWindows.targets: a feature repeats in " + Arrays.toString(features));
        }
        return new SlidingWindows(lookback, horizon, stride, gap, features.clone(), null);
    }

    /**
     * The target columns by name, for {@link #apply(Table)} and {@link #split(Table, TimeSplit)}.
     *
     * @throws IllegalArgumentException when none is given or one repeats
     */
    public SlidingWindows targets(String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("SlidingWindows.targets: give at least one column name");
        List<String> names = List.of(columns);
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("SlidingWindows.targets: a column repeats in " + names);
        }
        return new SlidingWindows(lookback, horizon, stride, gap, null, names);
    }

    /** The input steps of a window. */
    public int lookback() { return lookback; }

    /** The target steps of a window. */
    public int horizon() { return horizon; }

    /** The steps between window starts. */
    public int stride() { return stride; }

    /** The steps between the last input and the first target. */
    public int gap() { return gap; }

    /** The steps one window spans: {@code lookback + gap + horizon}. */
    public int windowLength() {
        return lookback + gap + horizon;
    }

    /** How many windows a series of {@code length} steps gives (0 when it is shorter than one window). */
    public int count(int length) {
        return length < windowLength() ? 0 : (length - windowLength()) / stride + 1;
    }

    /**
     * The windows of one series {@code [T]} or {@code [T, F]}.
     *
     * @throws IllegalArgumentException when the series is not rank 1 or 2, is shorter than one
     *     window, a target index is out of range, or targets were given by name
     */
    public Windows apply(Tensor series) {
        return apply(List.of(series));
    }

    /**
     * The windows of several series with the same features, those of series 0 first.
     *
     * @throws IllegalArgumentException as {@link #apply(Tensor)}, naming the series, or when the
     *     series differ in their number of features
     */
    public Windows apply(List<Tensor> series) {
        List<Series> all = Series.of(series);
        int[] t = resolveTargets(all.getFirst().features(), null);
        int[][] spans = new int[all.size()][];
        for (int s = 0; s < all.size(); s++) {
            Series one = all.get(s);
            if (one.length() < windowLength()) {
                throw new IllegalArgumentException("SlidingWindows: " + one.name() + " has " + one.length()
                        + " time steps but one window needs " + need() + "; use a shorter lookback or horizon, or a longer series");
            }
            spans[s] = new int[] {0, one.length()};
        }
        return cut(all, spans, t);
    }

    /**
     * The windows of a table's rows as time steps and its columns as features (numeric, boolean
     * or date columns; see {@link Table#toTensor()}).
     *
     * @throws IllegalArgumentException as {@link #apply(Tensor)}, or naming a target column that
     *     does not exist (with the closest name), is categorical or has missing values
     */
    public Windows apply(Table table) {
        return new SlidingWindows(lookback, horizon, stride, gap, resolveTargets(table.columnCount(), table), null)
                .apply(table.toTensor());
    }

    /** {@link #split(List, TimeSplit)} of one series. */
    public WindowSplit split(Tensor series, TimeSplit split) {
        return split(List.of(series), split);
    }

    /** {@link #split(List, TimeSplit)} of a table's rows (see {@link #apply(Table)}). */
    public WindowSplit split(Table table, TimeSplit split) {
        return new SlidingWindows(lookback, horizon, stride, gap, resolveTargets(table.columnCount(), table), null)
                .split(table.toTensor(), split);
    }

    /**
     * The windows of each part of a time-ordered split, by the rule of {@link TimeSplit}: a window
     * belongs to the part holding all its targets and never straddles a cut.
     *
     * @throws IllegalArgumentException naming the part and series when a part is too short for
     *     one window, and as {@link #apply(List)}
     */
    public WindowSplit split(List<Tensor> series, TimeSplit split) {
        List<Series> all = Series.of(series);
        int[] t = resolveTargets(all.getFirst().features(), null);
        String[] parts = {"training", "validation", "test"};
        int count = split.hasTest() ? 3 : 2;
        int[][][] spans = new int[count][all.size()][];
        for (int s = 0; s < all.size(); s++) {
            Series one = all.get(s);
            int[] cuts = split.cuts(one.length(), one.name());
            int[] begin = {0, cuts[0], cuts[1]};
            int[] end = {cuts[0], cuts[1], one.length()};
            for (int p = 0; p < count; p++) {
                // Later parts may start their inputs before the cut; their targets still start at or after it.
                int first = p > 0 && split.inputsFromEarlierParts() ? Math.max(0, begin[p] - lookback - gap) : begin[p];
                if (end[p] - first < windowLength()) {
                    throw new IllegalArgumentException("SlidingWindows.split: the " + parts[p] + " part of " + one.name()
                            + " (steps [" + begin[p] + ", " + end[p] + "), " + (end[p] - begin[p]) + " steps) is too short for"
                            + " one window of " + need() + "; give it a larger share of the series, or shorten lookback or horizon"
                            + (p > 0 && !split.inputsFromEarlierParts()
                            ? ", or use inputsFromEarlierParts(true) so its windows may read inputs from before step " + begin[p]
                            : ""));
                }
                spans[p][s] = new int[] {first, end[p]};
            }
        }
        return new WindowSplit(cut(all, spans[0], t), cut(all, spans[1], t), count == 3 ? cut(all, spans[2], t) : null);
    }

    /** The target feature indices for series of {@code features} features; names need {@code table}. */
    private int[] resolveTargets(int features, Table table) {
        if (targetNames != null) {
            if (table == null) {
                throw new IllegalArgumentException("SlidingWindows: targets " + targetNames + " are column names, which need a"
                        + " Table (apply(table) or split(table, ...)); for a tensor give feature indices: targets(0, 2)");
            }
            int[] out = new int[targetNames.size()];
            for (int i = 0; i < out.length; i++) {
                table.column(targetNames.get(i));   // an unknown name fails here, naming the closest column
                out[i] = table.columnNames().indexOf(targetNames.get(i));
            }
            return out;
        }
        if (targets == null) {
            int[] all = new int[features];
            Arrays.setAll(all, i -> i);
            return all;
        }
        for (int f : targets) {
            if (f < 0 || f >= features) {
                throw new IllegalArgumentException("SlidingWindows: target feature " + f + " is out of range: the series has "
                        + features + (features == 1 ? " feature (index 0)" : " features (0.." + (features - 1) + ")"));
            }
        }
        return targets;
    }

    /** Cuts the windows starting at {@code spans[s][0]}, {@code +stride}, ... that end by {@code spans[s][1]}. */
    private Windows cut(List<Series> all, int[][] spans, int[] targets) {
        int n = 0;
        for (int[] span : spans) n += count(span[1] - span[0]);
        int features = all.getFirst().features();
        int k = targets.length;
        float[] x = new float[Math.multiplyExact(n, lookback * features)];
        float[] y = new float[Math.multiplyExact(n, horizon * k)];
        int[] seriesOf = new int[n];
        int[] starts = new int[n];
        int i = 0;
        for (int s = 0; s < all.size(); s++) {
            float[] v = all.get(s).values();
            for (int start = spans[s][0]; start + windowLength() <= spans[s][1]; start += stride, i++) {
                seriesOf[i] = s;
                starts[i] = start;
                System.arraycopy(v, start * features, x, i * lookback * features, lookback * features);
                int targetStart = start + lookback + gap;
                for (int h = 0; h < horizon; h++) {
                    for (int j = 0; j < k; j++) y[(i * horizon + h) * k + j] = v[(targetStart + h) * features + targets[j]];
                }
            }
        }
        Tensor yt = k == 1 ? Tensor.wrap(y, n, horizon) : Tensor.wrap(y, n, horizon, k);
        return new Windows(Tensor.wrap(x, n, lookback, features), yt, seriesOf, starts);
    }

    private String need() {
        return "lookback " + lookback + (gap > 0 ? " + gap " + gap : "") + " + horizon " + horizon + " = " + windowLength() + " steps";
    }

    @Override
    public String toString() {
        return "SlidingWindows(lookback=" + lookback + ", horizon=" + horizon + ", stride=" + stride + ", gap=" + gap
                + ", targets=" + (targetNames != null ? targetNames : targets != null ? Arrays.toString(targets) : "all") + ")";
    }
}
