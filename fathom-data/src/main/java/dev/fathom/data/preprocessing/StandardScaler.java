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
 * Standardizes each numeric column to mean 0 and standard deviation 1, as scikit-learn's
 * {@code StandardScaler}: {@code z = (x - mean) / scale}, where {@code scale} is the population
 * standard deviation ({@code sqrt(var)}, dividing by n, not n - 1) learned in {@link #fit}. A column
 * that is constant gets scale 1, so it maps to 0 rather than to NaN. Missing values ({@code NaN})
 * are left out of the statistics and stay missing; booleans count as 0/1 and dates as days since
 * 1970-01-01. Every output column is numeric.
 *
 * <pre>{@code
 * Table train = Table.of(NumericColumn.of("age", 22, 38, 26, 35));
 * StandardScaler scaler = new StandardScaler().fit(train);
 * scaler.mean();        // [30.25]
 * scaler.scale();       // [6.65...]
 * Table test = scaler.transform(Table.of(NumericColumn.of("age", 54)));   // age [3.57...]
 * }</pre>
 */
public final class StandardScaler extends Transformer {
    private final boolean withMean;
    private final boolean withStd;
    private final Map<String, Stats> stats = new LinkedHashMap<>();

    private record Stats(double mean, double var, double scale, long nSamplesSeen) {}

    /** Centers and scales: {@code new StandardScaler(true, true)}. */
    public StandardScaler() {
        this(true, true);
    }

    /**
     * @param withMean subtract the mean (scikit-learn's {@code with_mean})
     * @param withStd  divide by the standard deviation (scikit-learn's {@code with_std})
     */
    public StandardScaler(boolean withMean, boolean withStd) {
        this.withMean = withMean;
        this.withStd = withStd;
    }

    static StandardScaler create(ConfigMap c) {
        return new StandardScaler(c.bool("withMean", true), c.bool("withStd", true));
    }

    /** The scaler {@code config} describes (see {@link Transformer#fromConfig}). */
    public static StandardScaler fromConfig(Map<String, ?> config) {
        return (StandardScaler) Transformer.fromConfig("StandardScaler", config);
    }

    @Override
    public StandardScaler fit(Table table) {
        super.fit(table);
        return this;
    }

    /** Each fitted column's mean, in {@link #columns()} order (scikit-learn's {@code mean_}). */
    public double[] mean() {
        return collect(Stats::mean);
    }

    /** Each fitted column's population variance (scikit-learn's {@code var_}). */
    public double[] var() {
        return collect(Stats::var);
    }

    /** What each column is divided by: its standard deviation, or 1 for a constant column (scikit-learn's {@code scale_}). */
    public double[] scale() {
        return collect(Stats::scale);
    }

    /** How many values (not missing) each column's statistics came from (scikit-learn's {@code n_samples_seen_}). */
    public long[] nSamplesSeen() {
        requireFitted("nSamplesSeen()");
        return stats.values().stream().mapToLong(Stats::nSamplesSeen).toArray();
    }

    private double[] collect(java.util.function.ToDoubleFunction<Stats> f) {
        requireFitted("statistics");
        return stats.values().stream().mapToDouble(f).toArray();
    }

    /**
     * Undoes {@link #transform}: {@code x = z * scale + mean} for each fitted column (to turn a
     * regression model's scaled predictions back into the target's units).
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public Table inverseTransform(Table table) {
        requireFitted("inverseTransform");
        Table out = table;
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            if (!table.has(e.getKey())) continue;
            double[] z = Columns.numbers(table.column(e.getKey()), type());
            Stats s = e.getValue();
            for (int i = 0; i < z.length; i++) z[i] = z[i] * (withStd ? s.scale : 1) + (withMean ? s.mean : 0);
            out = out.with(NumericColumn.of(e.getKey(), z));
        }
        return out;
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("withMean", withMean);
        p.put("withStd", withStd);
        return p;
    }

    @Override
    protected void reset() {
        stats.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        double[] x = Columns.numbers(column, type());
        long n = 0;
        double sum = 0;
        for (double v : x) {
            if (Double.isNaN(v)) continue;
            n++;
            sum += v;
        }
        if (n == 0) {
            throw new IllegalArgumentException(type() + ".fit: column '" + column.name() + "' has no values (all " + x.length
                    + " are missing), so it has no mean or variance; drop the column or impute it first");
        }
        double mean = sum / n;
        // Two passes (mean, then squared deviations): exact for constant columns, unlike sum-of-squares.
        double squares = 0;
        for (double v : x) if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);
        double var = squares / n;
        stats.put(column.name(), new Stats(mean, var, scaleOf(var, mean, n), n));
    }

    /**
     * sqrt(var), or 1 when the column is constant up to rounding: scikit-learn's bound on the
     * error of the variance computation, {@code n·eps·var + (n·mean·eps)²}.
     */
    private static double scaleOf(double var, double mean, long n) {
        double eps = Math.ulp(1.0);
        double bound = n * eps * var + Math.pow(n * mean * eps, 2);
        double scale = Math.sqrt(var);
        return var <= bound || scale < 10 * eps ? 1.0 : scale;
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        DoubleUnaryOperator z = valueMap(column.name());
        double[] x = Columns.numbers(column, type());
        for (int i = 0; i < x.length; i++) x[i] = z.applyAsDouble(x[i]);
        return List.of(NumericColumn.of(column.name(), x));
    }

    @Override
    protected DoubleUnaryOperator valueMap(String column) {
        Stats s = stats.get(column);
        if (s == null) return null;
        double center = withMean ? s.mean : 0;
        double scale = withStd ? s.scale : 1;
        return x -> (x - center) / scale;
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        Stats s = stats.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", s.mean);
        m.put("var", s.var);
        m.put("scale", s.scale);
        m.put("nSamplesSeen", s.nSamplesSeen);
        return m;
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        Long n = c.optionalLong("nSamplesSeen");
        stats.put(name, new Stats(c.number("mean"), c.number("var"), c.number("scale"), n == null ? 0 : n));
    }
}
