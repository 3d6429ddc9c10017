package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;
import dev.fathom.saving.ConfigRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * One preprocessing step that learns per-column statistics from training data ({@link #fit}) and
 * applies them unchanged to any later data ({@link #transform}), as scikit-learn's transformers do.
 * Each column is handled on its own: a scaler maps a column to one column of the same name, an
 * encoder may map it to several ({@code "sex=female"}, {@code "sex=male"}). Columns of the table
 * that the step was not fitted on pass through untouched, in place.
 *
 * <p>A fitted step describes itself with {@link #config()}: its parameters and, under
 * {@code "fitted"}, each column's statistics, all JSON-able; {@link #fromConfig} recreates it, fitted,
 * so preprocessing can be saved with a model. Steps are usually composed in a {@link Preprocessor}.
 *
 * <pre>{@code
 * Table train = Table.of(NumericColumn.of("age", 22, 38, 26), NumericColumn.of("fare", 7.25, 71.3, 7.9));
 * StandardScaler scaler = new StandardScaler().fit(train);
 * Table scaled = scaler.transform(train);                 // same columns, mean 0 and unit variance
 * Transformer again = Transformer.fromConfig("StandardScaler", scaler.config());
 * }</pre>
 */
public abstract class Transformer {
    /**
     * Each step type by its name in configs: this package's, then those of the modules above that
     * provide a {@link TransformerTypes} (the text steps of {@code dev.fathom.text}), found with
     * {@link ServiceLoader}. Names resolve only to registered factories; no class is ever looked up by name.
     */
    private static final ConfigRegistry<ConfigMap, Transformer> TYPES = types();

    private static ConfigRegistry<ConfigMap, Transformer> types() {
        ConfigRegistry<ConfigMap, Transformer> r =
                new ConfigRegistry<ConfigMap, Transformer>("preprocessing step", Transformer.class, "create", ConfigMap.class,
                        "Transformer")
                        .register("StandardScaler", StandardScaler.class, StandardScaler::create)
                        .register("MinMaxScaler", MinMaxScaler.class, MinMaxScaler::create)
                        .register("PixelScaler", PixelScaler.class, PixelScaler::create)
                        .register("SimpleImputer", SimpleImputer.class, SimpleImputer::create)
                        .register("OneHotEncoder", OneHotEncoder.class, OneHotEncoder::create)
                        .register("OrdinalEncoder", OrdinalEncoder.class, OrdinalEncoder::create);
        for (TransformerTypes types : ServiceLoader.load(TransformerTypes.class, TransformerTypes.class.getClassLoader())) {
            types.registerInto(r);
        }
        return r;
    }

    /** The columns seen in fit, in order: scikit-learn's {@code feature_names_in_}. Empty until fitted. */
    private final List<String> columns = new ArrayList<>();

    /** For the steps of this package and of the modules that provide {@link TransformerTypes}. */
    protected Transformer() {}

    /** The step's name in configs and messages: its class name, e.g. {@code "StandardScaler"}. */
    public String type() {
        return getClass().getSimpleName();
    }

    /**
     * Learns the statistics of every column of {@code table}, forgetting any earlier fit.
     *
     * @return this step, fitted
     * @throws IllegalArgumentException naming the column when one cannot be used by this step (a
     *     categorical column given to a scaler, say) or has no values to learn from; the step is then unfitted
     */
    public Transformer fit(Table table) {
        if (table == null) throw new IllegalArgumentException(type() + ".fit: the table is null");
        if (table.rowCount() == 0 || table.columnCount() == 0) {
            throw new IllegalArgumentException(type() + ".fit: the table has " + table.rowCount() + " rows and "
                    + table.columnCount() + " columns; fitting needs at least one row and one column");
        }
        columns.clear();
        reset();
        try {
            for (Column c : table.columns()) {
                fitColumn(c);
                columns.add(c.name());
            }
        } catch (RuntimeException e) {
            columns.clear();
            reset();
            throw e;
        }
        return this;
    }

    /**
     * {@code table} with each column this step was fitted on replaced, in place, by its transformed
     * column(s); other columns are kept as they are. Rows are transformed independently, with the
     * statistics learned in {@link #fit}.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException naming a fitted column that the table lacks (and the closest
     *     one it has), or a value this step cannot take (an unseen category, say)
     */
    public Table transform(Table table) {
        requireFitted("transform");
        if (table == null) throw new IllegalArgumentException(type() + ".transform: the table is null");
        Set<String> mine = new HashSet<>(columns);
        for (String name : columns) {
            if (!table.has(name)) {
                throw new IllegalArgumentException(type() + ".transform: the table has no column '" + name + "'"
                        + Columns.didYouMean(name, table.columnNames()) + "; " + type() + " was fitted on " + columns
                        + " and the table has " + table.columnNames() + "; pass the same columns as in fit");
            }
        }
        List<Column> out = new ArrayList<>();
        for (Column c : table.columns()) {
            if (mine.contains(c.name())) out.addAll(transformColumn(c));
            else out.add(c);
        }
        return Table.of(out);
    }

    /** {@code fit(table)} then {@code transform(table)}. */
    public Table fitTransform(Table table) {
        return fit(table).transform(table);
    }

    /** Whether {@link #fit} has run (or the step was recreated from a fitted config). */
    public boolean isFitted() {
        return !columns.isEmpty();
    }

    /** The columns the step was fitted on, in order (scikit-learn's {@code feature_names_in_}). */
    public List<String> columns() {
        requireFitted("columns()");
        return List.copyOf(columns);
    }

    /**
     * The step's parameters and, once fitted, {@code "fitted"}: an object with each column's
     * statistics under its name. Every value is a string, number, boolean, list or map, so the
     * config can be written as JSON and read back by {@link #fromConfig}.
     */
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(parameters());
        if (isFitted()) {
            Map<String, Object> fitted = new LinkedHashMap<>();
            for (String name : columns) fitted.put(name, fittedColumn(name));
            c.put("fitted", fitted);
        }
        return c;
    }

    /**
     * The step of this {@link #type()} that {@code config} describes, fitted when the config has
     * {@code "fitted"} statistics.
     *
     * @throws IllegalArgumentException naming the type and key when the type is unknown (with the
     *     closest known one) or the config is malformed
     */
    public static Transformer fromConfig(String type, Map<String, ?> config) {
        if (type == null || !TYPES.has(type)) {
            List<String> known = TYPES.names();
            throw new IllegalArgumentException("unknown preprocessing step type '" + type + "'"
                    + (type == null ? "" : Columns.didYouMean(type, known)) + "; the known types are " + known);
        }
        ConfigMap c = new ConfigMap(type, config);
        Transformer t = TYPES.create(type, type, null, c);
        Set<String> allowed = new HashSet<>(t.parameters().keySet());
        allowed.add("fitted");
        c.requireOnly(allowed);
        Object fitted = c.get("fitted");
        if (fitted == null) return t;
        if (!(fitted instanceof Map<?, ?> perColumn) || perColumn.isEmpty()) {
            throw new IllegalArgumentException(type + " config: 'fitted' must be an object with each column's statistics"
                    + " under its name, got " + fitted);
        }
        for (Map.Entry<?, ?> e : perColumn.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> stats)) {
                throw new IllegalArgumentException(type + " config: fitted column '" + name + "' must be an object, got " + e.getValue());
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> s = (Map<String, ?>) stats;
            t.restoreColumn(name, new ConfigMap(type + " config, fitted column '" + name + "'", s));
            t.columns.add(name);
        }
        return t;
    }

    @Override
    public String toString() {
        return type() + parameters() + (isFitted() ? " fitted on " + columns : " (not fitted)");
    }

    // ---- what each step provides -------------------------------------------------------------

    /** The parameters given at construction, by their config keys. */
    protected abstract Map<String, Object> parameters();

    /** Forgets every fitted statistic. */
    protected abstract void reset();

    /** Learns the statistics of one column. */
    protected abstract void fitColumn(Column column);

    /** The transformed column(s) of a fitted column. */
    protected abstract List<Column> transformColumn(Column column);

    /** The statistics of one fitted column, JSON-able. */
    protected abstract Map<String, Object> fittedColumn(String name);

    /**
     * This step on one value of the fitted numeric column {@code column}, or null when the step
     * does not map a number to one number (an encoder, a categorical fill). A step that has one
     * applies it in {@link #transformColumn} too, so {@link RowTransform} gives the same bits as a
     * table by construction. Null unless a step overrides it.
     */
    protected DoubleUnaryOperator valueMap(String column) {
        return null;
    }

    /** Restores the statistics of one column from what {@link #fittedColumn} wrote. */
    protected abstract void restoreColumn(String name, ConfigMap stats);

    // ---- shared checks -----------------------------------------------------------------------

    /** Throws the misuse error for {@code what} when the step is not fitted. */
    protected void requireFitted(String what) {
        if (!isFitted()) {
            throw new IllegalStateException(type() + "." + what + ": the step is not fitted yet; call fit(trainingTable)"
                    + " first (fit on the training data only, then transform validation, test and new data)");
        }
    }

    /** The message prefix for a value in a column at a row. */
    protected String at(String op, Column column, int row) {
        return type() + "." + op + ": column '" + column.name() + "' at row " + row;
    }

    /** A list of numbers read from a config, each required. */
    static double[] numbers(ConfigMap c, String key, int n) {
        Object v = c.get(key);
        if (!(v instanceof List<?> list) || list.size() != n) {
            throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of " + n + " numbers, got " + v);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Number x)) {
                throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of " + n + " numbers, got " + v);
            }
            out[i] = x.doubleValue();
        }
        return out;
    }

    /** A required list of strings read from a config. */
    protected static List<String> strings(ConfigMap c, String key) {
        Object v = c.get(key);
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of strings, got " + v);
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of strings, got " + v);
            out.add(s);
        }
        return out;
    }
}
