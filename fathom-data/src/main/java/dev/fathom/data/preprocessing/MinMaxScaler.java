package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Scales each numeric column linearly so that its training minimum maps to {@code featureMin} and
 * its training maximum to {@code featureMax} ([0, 1] by default), as scikit-learn's
 * {@code MinMaxScaler}: {@code x * scale + min} with {@code scale = (featureMax - featureMin) /
 * (dataMax - dataMin)} and {@code min = featureMin - dataMin * scale}. A constant column gets
 * scale {@code featureMax - featureMin}. Later data outside the training range maps outside the
 * feature range unless {@code clip} is on. Missing values are left out of the statistics and stay
 * missing.
 *
 * <pre>{@code
 * MinMaxScaler scaler = new MinMaxScaler().fit(Table.of(NumericColumn.of("fare", 5, 10, 25)));
 * scaler.dataMin();    // [5.0]
 * scaler.transform(Table.of(NumericColumn.of("fare", 15)));   // fare [0.5]
 * new MinMaxScaler(-1, 1, true);                                // to [-1, 1], clipping new data
 * }</pre>
 */
public final class MinMaxScaler extends Transformer {
    private final double featureMin;
    private final double featureMax;
    private final boolean clip;
    private final Map<String, Stats> stats = new LinkedHashMap<>();

    private record Stats(double dataMin, double dataMax, double scale, double min) {}

    /** Scales to [0, 1] without clipping. */
    public MinMaxScaler() {
        this(0, 1, false);
    }

    /**
     * @param featureMin the value the training minimum maps to (scikit-learn's {@code feature_range[0]})
     * @param featureMax the value the training maximum maps to; greater than {@code featureMin}
     * @param clip       clip transformed values into {@code [featureMin, featureMax]} (for data beyond the training range)
     * @throws IllegalArgumentException when the range is empty or not finite
     */
    public MinMaxScaler(double featureMin, double featureMax, boolean clip) {
        if (!(featureMin < featureMax) || !Double.isFinite(featureMin) || !Double.isFinite(featureMax)) {
            throw new IllegalArgumentException("MinMaxScaler: the feature range [" + featureMin + ", " + featureMax
                    + "] must be finite with min < max, e.g. new MinMaxScaler(0, 1, false)");
        }
        this.featureMin = featureMin;
        this.featureMax = featureMax;
        this.clip = clip;
    }

    static MinMaxScaler create(ConfigMap c) {
        double[] range = c.has("featureRange") ? numbers(c, "featureRange", 2) : new double[] {0, 1};
        return new MinMaxScaler(range[0], range[1], c.bool("clip", false));
    }

    /** The scaler {@code config} describes (see {@link Transformer#fromConfig}). */
    public static MinMaxScaler fromConfig(Map<String, ?> config) {
        return (MinMaxScaler) Transformer.fromConfig("MinMaxScaler", config);
    }

    @Override
    public MinMaxScaler fit(Table table) {
        super.fit(table);
        return this;
    }

    /** Each fitted column's training minimum, in {@link #columns()} order (scikit-learn's {@code data_min_}). */
    public double[] dataMin() {
        return collect(Stats::dataMin);
    }

    /** Each fitted column's training maximum (scikit-learn's {@code data_max_}). */
    public double[] dataMax() {
        return collect(Stats::dataMax);
    }

    /** Each column's multiplier (scikit-learn's {@code scale_}). */
    public double[] scale() {
        return collect(Stats::scale);
    }

    /** Each column's offset, added after scaling (scikit-learn's {@code min_}). */
    public double[] min() {
        return collect(Stats::min);
    }

    private double[] collect(java.util.function.ToDoubleFunction<Stats> f) {
        requireFitted("statistics");
        return stats.values().stream().mapToDouble(f).toArray();
    }

    /**
     * Undoes {@link #transform}: {@code x = (y - min) / scale} for each fitted column present.
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public Table inverseTransform(Table table) {
        requireFitted("inverseTransform");
        Table out = table;
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            if (!table.has(e.getKey())) continue;
            double[] y = Columns.numbers(table.column(e.getKey()), type());
            Stats s = e.getValue();
            for (int i = 0; i < y.length; i++) y[i] = (y[i] - s.min) / s.scale;
            out = out.with(NumericColumn.of(e.getKey(), y));
        }
        return out;
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("featureRange", List.of(featureMin, featureMax));
        p.put("clip", clip);
        return p;
    }

    @Override
    protected void reset() {
        stats.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        double[] x = Columns.numbers(column, type());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (Double.isNaN(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo > hi) {
            throw new IllegalArgumentException(type() + ".fit: column '" + column.name() + "' has no values (all " + x.length
                    + " are missing), so it has no range; drop the column or impute it first");
        }
        double range = hi - lo;
        // scikit-learn's _handle_zeros_in_scale: a (near-)constant column is scaled by 1, not divided by ~0.
        double scale = (featureMax - featureMin) / (range < 10 * Math.ulp(1.0) ? 1.0 : range);
        stats.put(column.name(), new Stats(lo, hi, scale, featureMin - lo * scale));
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        DoubleUnaryOperator scaled = valueMap(column.name());
        double[] x = Columns.numbers(column, type());
        for (int i = 0; i < x.length; i++) x[i] = scaled.applyAsDouble(x[i]);
        return List.of(NumericColumn.of(column.name(), x));
    }

    @Override
    protected DoubleUnaryOperator valueMap(String column) {
        Stats s = stats.get(column);
        if (s == null) return null;
        return x -> {
            double y = x * s.scale + s.min;
            return clip && !Double.isNaN(y) ? Math.min(featureMax, Math.max(featureMin, y)) : y;
        };
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        Stats s = stats.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataMin", s.dataMin);
        m.put("dataMax", s.dataMax);
        m.put("scale", s.scale);
        m.put("min", s.min);
        return m;
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        stats.put(name, new Stats(c.number("dataMin"), c.number("dataMax"), c.number("scale"), c.number("min")));
    }
}
