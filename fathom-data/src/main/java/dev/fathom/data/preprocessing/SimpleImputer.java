package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Fills missing values with a statistic of each column's training values, as scikit-learn's
 * {@code SimpleImputer}: the {@link Strategy#MEAN mean}, the {@link Strategy#MEDIAN median}, the
 * {@link Strategy#MOST_FREQUENT most frequent} value (the smallest one on a tie, as scikit-learn
 * picks), or a {@link Strategy#CONSTANT constant}. Numeric, boolean and date columns come out
 * numeric (booleans as 0/1, dates as days since 1970-01-01); categorical columns stay categorical
 * and take {@code MOST_FREQUENT} or {@code CONSTANT} (the text {@code "missing_value"} unless set).
 *
 * <pre>{@code
 * Table train = Table.of(NumericColumn.of("age", 22, Double.NaN, 30, 80),
 *                        CategoricalColumn.of("port", "S", null, "C", "S"));
 * SimpleImputer median = new SimpleImputer(SimpleImputer.Strategy.MEDIAN).fit(train.select("age"));
 * median.statistics();   // [30.0]
 * new SimpleImputer(SimpleImputer.Strategy.MOST_FREQUENT).fitTransform(train.select("port"));  // port [S, S, C, S]
 * SimpleImputer.constant("unknown");     // fills text columns with "unknown"
 * }</pre>
 */
public final class SimpleImputer extends Transformer {
    /** How the fill value of a column is chosen (scikit-learn's {@code strategy}). */
    public enum Strategy {
        /** The mean of the training values (numeric columns). */
        MEAN,
        /** The median of the training values: the mean of the two middle ones for an even count (numeric columns). */
        MEDIAN,
        /** The most frequent training value, the smallest on a tie (any column). */
        MOST_FREQUENT,
        /** A fixed value: {@code fillValue} for numeric columns, {@code fillText} for categorical ones. */
        CONSTANT
    }

    /** scikit-learn's default fill value for text columns. */
    public static final String DEFAULT_FILL_TEXT = "missing_value";

    private final Strategy strategy;
    private final double fillValue;
    private final String fillText;
    /** Per column: a Double for numeric columns, a String for categorical ones. */
    private final Map<String, Object> statistics = new LinkedHashMap<>();

    /** Fills with the given statistic; {@code CONSTANT} fills 0 and {@value #DEFAULT_FILL_TEXT}. */
    public SimpleImputer(Strategy strategy) {
        this(strategy, 0, DEFAULT_FILL_TEXT);
    }

    private SimpleImputer(Strategy strategy, double fillValue, String fillText) {
        if (strategy == null) throw new IllegalArgumentException("SimpleImputer: the strategy is null; e.g. Strategy.MEDIAN");
        if (!Double.isFinite(fillValue)) throw new IllegalArgumentException("SimpleImputer: the fill value must be finite, got " + fillValue);
        if (fillText == null) throw new IllegalArgumentException("SimpleImputer: the fill text is null; give a category such as \"missing\"");
        this.strategy = strategy;
        this.fillValue = fillValue;
        this.fillText = fillText;
    }

    /** Fills numeric columns with {@code value} (and categorical ones with {@value #DEFAULT_FILL_TEXT}). */
    public static SimpleImputer constant(double value) {
        return new SimpleImputer(Strategy.CONSTANT, value, DEFAULT_FILL_TEXT);
    }

    /** Fills categorical columns with the category {@code text} (and numeric ones with 0). */
    public static SimpleImputer constant(String text) {
        return new SimpleImputer(Strategy.CONSTANT, 0, text);
    }

    static SimpleImputer create(ConfigMap c) {
        return new SimpleImputer(c.keyword("strategy", Strategy.MEAN), c.number("fillValue", 0),
                c.string("fillText", DEFAULT_FILL_TEXT));
    }

    /** The imputer {@code config} describes (see {@link Transformer#fromConfig}). */
    public static SimpleImputer fromConfig(Map<String, ?> config) {
        return (SimpleImputer) Transformer.fromConfig("SimpleImputer", config);
    }

    @Override
    public SimpleImputer fit(Table table) {
        super.fit(table);
        return this;
    }

    /** The strategy. */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * Each fitted column's fill value, in {@link #columns()} order (scikit-learn's
     * {@code statistics_}): a {@link Double} for a numeric column, a {@link String} for a categorical one.
     */
    public List<Object> statistics() {
        requireFitted("statistics()");
        return List.copyOf(statistics.values());
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("strategy", strategy.name().toLowerCase(Locale.ROOT));
        p.put("fillValue", fillValue);
        p.put("fillText", fillText);
        return p;
    }

    @Override
    protected void reset() {
        statistics.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        if (column instanceof CategoricalColumn c) {
            statistics.put(c.name(), switch (strategy) {
                case CONSTANT -> fillText;
                case MOST_FREQUENT -> mostFrequentText(c);
                case MEAN, MEDIAN -> throw new IllegalArgumentException(type() + ".fit: column '" + c.name() + "' is categorical"
                        + " (categories " + Columns.preview(c.levels()) + ") and has no " + strategy.name().toLowerCase(Locale.ROOT)
                        + "; impute it with new SimpleImputer(Strategy.MOST_FREQUENT) or SimpleImputer.constant(\"missing\")"
                        + " (in a Preprocessor, in its categorical(...) group)");
            });
            return;
        }
        double[] x = Columns.numbers(column, type());
        if (strategy == Strategy.CONSTANT) {
            statistics.put(column.name(), fillValue);
            return;
        }
        double[] present = Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
        if (present.length == 0) {
            throw new IllegalArgumentException(type() + ".fit: column '" + column.name() + "' has no values (all " + x.length
                    + " are missing), so it has no " + strategy.name().toLowerCase(Locale.ROOT) + "; drop the column or use"
                    + " SimpleImputer.constant(value)");
        }
        statistics.put(column.name(), switch (strategy) {
            case MEAN -> Arrays.stream(present).sum() / present.length;
            case MEDIAN -> median(present);
            case MOST_FREQUENT -> mostFrequent(present);
            case CONSTANT -> fillValue;
        });
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The most frequent value; the smallest of those tied. */
    private static double mostFrequent(double[] v) {
        Arrays.sort(v);
        double best = v[0];
        int bestRun = 0;
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j < v.length && v[j] == v[i]) j++;
            if (j - i > bestRun) {   // strictly more: on a tie the earlier, smaller value stays
                bestRun = j - i;
                best = v[i];
            }
            i = j;
        }
        return best;
    }

    private String mostFrequentText(CategoricalColumn c) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < c.size(); r++) if (!c.isMissing(r)) counts.merge(c.get(r), 1, Integer::sum);
        if (counts.isEmpty()) {
            throw new IllegalArgumentException(type() + ".fit: column '" + c.name() + "' has no values (all " + c.size()
                    + " are missing), so it has no most frequent category; drop the column or use SimpleImputer.constant(\"missing\")");
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            if (n > bestCount || n == bestCount && e.getKey().compareTo(best) < 0) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return best;
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        Object fill = statistics.get(column.name());
        if (fill instanceof String text) {
            if (!(column instanceof CategoricalColumn c)) {
                throw new IllegalArgumentException(type() + ".transform: column '" + column.name() + "' was categorical in fit"
                        + " (fill \"" + text + "\") but is " + column.type().label() + " now; pass the same column types as in fit");
            }
            String[] out = new String[c.size()];
            for (int r = 0; r < out.length; r++) out[r] = c.isMissing(r) ? text : c.get(r);
            return List.of(CategoricalColumn.of(c.name(), out));
        }
        if (column instanceof CategoricalColumn) {
            throw new IllegalArgumentException(type() + ".transform: column '" + column.name() + "' was numeric in fit (fill "
                    + fill + ") but is categorical now; pass the same column types as in fit");
        }
        DoubleUnaryOperator filled = valueMap(column.name());
        double[] x = Columns.numbers(column, type());
        for (int r = 0; r < x.length; r++) x[r] = filled.applyAsDouble(x[r]);
        return List.of(NumericColumn.of(column.name(), x));
    }

    @Override
    protected DoubleUnaryOperator valueMap(String column) {
        if (!(statistics.get(column) instanceof Double fill)) return null;   // a categorical fill, or not fitted on it
        double v = fill;
        return x -> Double.isNaN(x) ? v : x;
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        Object fill = statistics.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(fill instanceof String ? "fillText" : "fillValue", fill);
        return m;
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        c.requireOnly(java.util.Set.of("fillValue", "fillText"));
        if (c.has("fillText")) statistics.put(name, c.string("fillText"));
        else statistics.put(name, c.number("fillValue"));
    }
}
