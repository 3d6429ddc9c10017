package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * The preprocessing of a model's input table: groups of columns, each run through its own
 * pipeline of {@link Transformer} steps, their outputs side by side, as scikit-learn's
 * {@code ColumnTransformer} of {@code Pipeline}s. {@link #fit} learns every statistic from the
 * training table only; {@link #transform} applies them unchanged to validation, test and
 * prediction data, so no information leaks from those into training. Within a group each step is
 * fitted on the previous step's output. Columns in no group are dropped, or kept after the groups'
 * outputs with {@link Remainder#PASSTHROUGH}.
 *
 * <p>A preprocessor describes itself, fitted statistics included, with {@link #config()} and is
 * recreated by {@link #fromConfig}; attached to a model ({@code model.attach("preprocessing",
 * p.config())}) it is saved in the model file and comes back with {@code Model.load}.
 *
 * <pre>{@code
 * Preprocessor prep = Preprocessor.builder()
 *         .numeric(List.of("age", "fare"), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
 *         .categorical(List.of("sex", "embarked"), new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder())
 *         .build();
 * Tensor xTrain = prep.fit(train).transformToTensor(train);   // float32 [rows, features]
 * Tensor xTest = prep.transformToTensor(test);                 // the training statistics, unchanged
 * prep.featureNames();     // [age, fare, sex=female, sex=male, embarked=C, embarked=Q, embarked=S]
 * model.attach("preprocessing", prep.config());
 * Preprocessor again = Preprocessor.fromConfig(Model.load(path).attachment("preprocessing"));
 * }</pre>
 */
public final class Preprocessor {
    /** What happens to the columns of the table that no group lists (scikit-learn's {@code remainder}). */
    public enum Remainder {
        /** Leave them out of the output (the default, as in scikit-learn). */
        DROP,
        /** Keep them, unchanged, after the groups' outputs. */
        PASSTHROUGH
    }

    /** The version of {@link #config()}'s layout, raised when an older reader would misread it. */
    static final int CONFIG_VERSION = 1;

    private record Group(String name, List<String> columns, List<Transformer> steps, boolean numeric) {}

    private final List<Group> groups;
    private final Remainder remainder;
    /** Set by fit: the remainder columns kept, and the output's column names. */
    private List<String> passthrough;
    private List<String> featureNames;

    private Preprocessor(List<Group> groups, Remainder remainder) {
        this.groups = List.copyOf(groups);
        this.remainder = remainder;
    }

    /** A builder of groups of columns and their steps. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits every group's steps on {@code train}, in order, each on the previous step's output.
     *
     * @return this preprocessor, fitted
     * @throws IllegalArgumentException naming a listed column that {@code train} lacks (and the closest it has),
     *     a categorical column in a numeric group, or a column a step cannot take
     */
    public Preprocessor fit(Table train) {
        fitOrTransform(train, true);
        return this;
    }

    /**
     * {@code table} transformed with the statistics learned in {@link #fit}: each group's output
     * columns in group order, then (with {@link Remainder#PASSTHROUGH}) the other columns. The
     * table's row order is kept.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException naming a column the table lacks (and the closest it has) or a
     *     value a step cannot take, such as an unseen category
     */
    public Table transform(Table table) {
        requireFitted("transform");
        return fitOrTransform(table, false);
    }

    /** {@code fit(train)}, then {@code transform(train)}. */
    public Table fitTransform(Table train) {
        return fit(train).transform(train);
    }

    /**
     * {@link #transform} as the float32 features {@code [rows, featureNames().size()]} a model takes.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException when an output column is still categorical or has missing values,
     *     naming it: add an encoder or an imputer to its group
     */
    public Tensor transformToTensor(Table table) {
        Table out = transform(table);
        try {
            return out.toTensor();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Preprocessor.transformToTensor: " + e.getMessage(), e);
        }
    }

    private Table fitOrTransform(Table table, boolean fitting) {
        String op = fitting ? "fit" : "transform";
        if (table == null) throw new IllegalArgumentException("Preprocessor." + op + ": the table is null");
        for (Group g : groups) for (String c : g.columns) requireColumn(op, table, g, c);
        if (fitting) {
            passthrough = null;
            featureNames = null;
        }
        List<Column> out = new ArrayList<>();
        for (Group g : groups) {
            Table part = table.select(g.columns.toArray(new String[0]));
            if (fitting && g.numeric) checkNumeric(g, part);
            for (Transformer step : g.steps) part = fitting ? step.fitTransform(part) : step.transform(part);
            out.addAll(part.columns());
        }
        List<String> kept = fitting ? remainderOf(table) : passthrough;
        for (String c : kept) {
            if (!fitting) requireColumn(op, table, null, c);
            out.add(table.column(c));
        }
        Table result = Table.of(out);
        if (fitting) {
            passthrough = kept;
            featureNames = result.columnNames();
        }
        return result;
    }

    private List<String> remainderOf(Table table) {
        if (remainder == Remainder.DROP) return List.of();
        Set<String> listed = new LinkedHashSet<>();
        for (Group g : groups) listed.addAll(g.columns);
        List<String> kept = new ArrayList<>();
        for (String c : table.columnNames()) if (!listed.contains(c)) kept.add(c);
        return kept;
    }

    private static void requireColumn(String op, Table table, Group g, String c) {
        if (table.has(c)) return;
        throw new IllegalArgumentException("Preprocessor." + op + ": the table has no column '" + c + "'"
                + Columns.didYouMean(c, table.columnNames()) + ", which " + (g == null ? "was passed through in fit"
                : "group '" + g.name + "' lists") + "; the table has " + Columns.preview(table.columnNames()));
    }

    private static void checkNumeric(Group g, Table part) {
        for (Column c : part.columns()) {
            if (c.type() == ColumnType.CATEGORICAL) {
                throw new IllegalArgumentException("Preprocessor.fit: column '" + c.name() + "' is categorical but is in the"
                        + " numeric group '" + g.name + "'; move it to categorical(...) with an encoder (OneHotEncoder or"
                        + " OrdinalEncoder), which turns categories into numbers");
            }
        }
    }

    /**
     * This preprocessing as a {@link RowTransform} of rows holding the values of {@code columns}
     * in that order, with the statistics fitted now; empty when it cannot be applied value by
     * value: a step with no row form (an encoder, a text step), a group or passthrough column not
     * among {@code columns}, or a step fitted on columns its group does not list.
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public Optional<RowTransform> rowTransform(List<String> columns) {
        requireFitted("rowTransform");
        List<Integer> source = new ArrayList<>();
        List<DoubleUnaryOperator[]> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Group g : groups) {
            for (Transformer step : g.steps) {
                if (!step.isFitted() || !g.columns.containsAll(step.columns())) return Optional.empty();
            }
            for (String c : g.columns) {
                int at = columns.indexOf(c);
                if (at < 0) return Optional.empty();
                List<DoubleUnaryOperator> maps = new ArrayList<>();
                for (Transformer step : g.steps) {
                    if (!step.columns().contains(c)) continue;   // the step leaves the column as it is
                    DoubleUnaryOperator map = step.valueMap(c);
                    if (map == null) return Optional.empty();
                    maps.add(map);
                }
                source.add(at);
                steps.add(maps.toArray(DoubleUnaryOperator[]::new));
                names.add(c);
            }
        }
        for (String c : passthrough) {
            int at = columns.indexOf(c);
            if (at < 0) return Optional.empty();
            source.add(at);
            steps.add(RowTransform.unchanged());
            names.add(c);
        }
        // The table path names its output columns so; any other layout has no row form here.
        if (!names.equals(featureNames)) return Optional.empty();
        return Optional.of(new RowTransform(columns.size(), source.stream().mapToInt(Integer::intValue).toArray(), steps));
    }

    /** Whether {@link #fit} has run (or this was recreated from a fitted config). */
    public boolean isFitted() {
        return featureNames != null;
    }

    /** The names of the output columns, in order: {@code "age"}, {@code "sex=male"}, ... (scikit-learn's {@code get_feature_names_out}). */
    public List<String> featureNames() {
        requireFitted("featureNames()");
        return featureNames;
    }

    /** The names of the groups, in order. */
    public List<String> groupNames() {
        return groups.stream().map(Group::name).toList();
    }

    /**
     * The steps of the group named {@code group}, in order, to read their fitted statistics.
     *
     * @throws IllegalArgumentException naming the groups there are when none has that name
     */
    public List<Transformer> steps(String group) {
        for (Group g : groups) if (g.name.equals(group)) return g.steps;
        throw new IllegalArgumentException("Preprocessor has no group '" + group + "'" + Columns.didYouMean(group, groupNames())
                + "; its groups are " + groupNames());
    }

    /** What happens to columns in no group. */
    public Remainder remainder() {
        return remainder;
    }

    private void requireFitted(String what) {
        if (!isFitted()) {
            throw new IllegalStateException("Preprocessor." + what + ": the preprocessor is not fitted yet; call"
                    + " fit(trainingTable) first (fit on the training data only, then transform validation, test and new data)");
        }
    }

    // ---- config ------------------------------------------------------------------------------

    /**
     * Everything needed to recreate this preprocessor, fitted statistics included, as JSON-able maps:
     * {@code {"type": "Preprocessor", "version": 1, "remainder": "drop", "groups": [{"name",
     * "columns", "numeric", "steps": [{"type", "config"}]}], "fitted": {"passthrough", "featureNames"}}}
     * ({@code fitted} is absent before {@link #fit}).
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "Preprocessor");
        c.put("version", CONFIG_VERSION);
        c.put("remainder", remainder.name().toLowerCase(Locale.ROOT));
        List<Object> gs = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name);
            m.put("columns", g.columns);
            m.put("numeric", g.numeric);
            List<Object> steps = new ArrayList<>();
            for (Transformer t : g.steps) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("type", t.type());
                s.put("config", t.config());
                steps.add(s);
            }
            m.put("steps", steps);
            gs.add(m);
        }
        c.put("groups", gs);
        if (isFitted()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("passthrough", passthrough);
            f.put("featureNames", featureNames);
            c.put("fitted", f);
        }
        return c;
    }

    /**
     * The preprocessor {@code config} describes ({@link #config()}'s output, possibly after a trip
     * through JSON), fitted when the config is.
     *
     * @throws IllegalArgumentException naming the group, step and key when the config is malformed,
     *     of a newer version, or not a Preprocessor's
     */
    public static Preprocessor fromConfig(Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException("Preprocessor.fromConfig: the config is null");
        ConfigMap c = new ConfigMap("Preprocessor config", config);
        if (!"Preprocessor".equals(c.get("type"))) {
            throw new IllegalArgumentException("Preprocessor config: 'type' is " + c.get("type") + ", not \"Preprocessor\";"
                    + " this config describes something else");
        }
        int version = c.integer("version");
        if (version < 1 || version > CONFIG_VERSION) {
            throw new IllegalArgumentException("Preprocessor config: version " + version + " is not one this Fathom reads (1 to "
                    + CONFIG_VERSION + "); it was written by a newer Fathom, so upgrade to read it");
        }
        c.requireOnly(Set.of("type", "version", "remainder", "groups", "fitted"));
        Builder b = builder().remainder(c.keyword("remainder", Remainder.DROP));
        if (!(c.get("groups") instanceof List<?> groups)) {
            throw new IllegalArgumentException("Preprocessor config: 'groups' must be a list, got " + c.get("groups"));
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!(groups.get(i) instanceof Map<?, ?> gm)) throw new IllegalArgumentException("Preprocessor config: group " + i + " must be an object");
            ConfigMap g = new ConfigMap("Preprocessor config, group " + i, stringKeys(gm));
            g.requireOnly(Set.of("name", "columns", "numeric", "steps"));
            String name = g.string("name");
            if (!(g.get("steps") instanceof List<?> steps)) throw new IllegalArgumentException(g.owner() + ": 'steps' must be a list");
            List<Transformer> ts = new ArrayList<>();
            for (int k = 0; k < steps.size(); k++) {
                String where = "Preprocessor config, group '" + name + "', step " + k;
                if (!(steps.get(k) instanceof Map<?, ?> sm)) throw new IllegalArgumentException(where + " must be an object");
                ConfigMap s = new ConfigMap(where, stringKeys(sm));
                s.requireOnly(Set.of("type", "config"));
                Map<String, ?> stepConfig = s.get("config") instanceof Map<?, ?> cm ? stringKeys(cm) : Map.of();
                try {
                    ts.add(Transformer.fromConfig(s.string("type"), stepConfig));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
            }
            b.group(name, Transformer.strings(g, "columns"), g.bool("numeric", false), ts);
        }
        Preprocessor p = b.build();
        if (c.get("fitted") instanceof Map<?, ?> fm) {
            ConfigMap f = new ConfigMap("Preprocessor config, fitted", stringKeys(fm));
            f.requireOnly(Set.of("passthrough", "featureNames"));
            for (Group g : p.groups) {
                for (Transformer t : g.steps) {
                    if (!t.isFitted()) {
                        throw new IllegalArgumentException("Preprocessor config: it is fitted but step " + t.type() + " of group '"
                                + g.name + "' has no fitted statistics; the config is damaged or was edited");
                    }
                }
            }
            p.passthrough = List.copyOf(Transformer.strings(f, "passthrough"));
            p.featureNames = List.copyOf(Transformer.strings(f, "featureNames"));
        } else if (c.has("fitted")) {
            throw new IllegalArgumentException("Preprocessor config: 'fitted' must be an object, got " + c.get("fitted"));
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Preprocessor(");
        for (Group g : groups) sb.append(g.name).append(' ').append(g.columns).append(": ").append(g.steps.stream().map(Transformer::type).toList()).append("; ");
        sb.append("remainder ").append(remainder.name().toLowerCase(Locale.ROOT)).append(')');
        return isFitted() ? sb + " -> " + featureNames.size() + " features" : sb + " (not fitted)";
    }

    // ---- builder -----------------------------------------------------------------------------

    /**
     * Collects groups of columns and their steps; {@link #build()} checks that no column is in two
     * groups and no step instance is used twice.
     *
     * <pre>{@code
     * Preprocessor p = Preprocessor.builder()
     *         .numeric(List.of("age"), new StandardScaler())
     *         .categorical(List.of("sex"), new OneHotEncoder())
     *         .remainder(Preprocessor.Remainder.PASSTHROUGH)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final List<Group> groups = new ArrayList<>();
        private Remainder remainder = Remainder.DROP;

        private Builder() {}

        /**
         * A group of numeric columns (numbers, booleans, dates) run through {@code steps}, such as an
         * imputer and a scaler; a categorical column here is an error at fit that says to encode it.
         * The group is named "numeric" ("numeric2", ... when there are several).
         */
        public Builder numeric(List<String> columns, Transformer... steps) {
            return group(unique("numeric"), columns, true, List.of(steps));
        }

        /**
         * A group of categorical columns run through {@code steps}, such as an imputer and an
         * encoder. Named "categorical" ("categorical2", ... when there are several).
         */
        public Builder categorical(List<String> columns, Transformer... steps) {
            return group(unique("categorical"), columns, false, List.of(steps));
        }

        /** A group named {@code name} of any columns run through {@code steps}; with no steps, the columns pass through. */
        public Builder columns(String name, List<String> columns, Transformer... steps) {
            return group(name, columns, false, List.of(steps));
        }

        /** What happens to the columns in no group: {@link Remainder#DROP} (the default) or {@link Remainder#PASSTHROUGH}. */
        public Builder remainder(Remainder remainder) {
            if (remainder == null) throw new IllegalArgumentException("Preprocessor: remainder is null; use DROP or PASSTHROUGH");
            this.remainder = remainder;
            return this;
        }

        private String unique(String base) {
            Set<String> names = new LinkedHashSet<>();
            for (Group g : groups) names.add(g.name);
            String name = base;
            for (int i = 2; names.contains(name); i++) name = base + i;
            return name;
        }

        private Builder group(String name, List<String> columns, boolean numeric, List<Transformer> steps) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("Preprocessor: a group needs a name that is not blank");
            for (Group g : groups) {
                if (g.name.equals(name)) throw new IllegalArgumentException("Preprocessor: two groups are named '" + name + "'; give each its own");
            }
            if (columns == null || columns.isEmpty()) {
                throw new IllegalArgumentException("Preprocessor: group '" + name + "' lists no columns; give it at least one");
            }
            for (Transformer t : steps) {
                if (t == null) throw new IllegalArgumentException("Preprocessor: group '" + name + "' has a null step");
            }
            groups.add(new Group(name, List.copyOf(columns), List.copyOf(steps), numeric));
            return this;
        }

        /**
         * The preprocessor, not yet fitted.
         *
         * @throws IllegalArgumentException when a column is in two groups, or one step instance is in two places
         *     (each step learns its own statistics, so each needs its own instance)
         */
        public Preprocessor build() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("Preprocessor: no groups; add numeric(...), categorical(...) or columns(...)");
            }
            Map<String, String> owner = new LinkedHashMap<>();
            Map<Transformer, String> seen = new IdentityHashMap<>();
            for (Group g : groups) {
                for (String c : g.columns) {
                    String before = owner.put(c, g.name);
                    if (before != null) {
                        throw new IllegalArgumentException("Preprocessor: column '" + c + "' is in group '" + before + "' and in group '"
                                + g.name + "'; list each column in one group (a column's steps run in order within its group)");
                    }
                }
                for (Transformer t : g.steps) {
                    String before = seen.put(t, g.name);
                    if (before != null) {
                        throw new IllegalArgumentException("Preprocessor: the same " + t.type() + " instance is used in group '" + before
                                + "' and again in group '" + g.name + "'; each step learns its own statistics, so pass new "
                                + t.type() + "(...) each time");
                    }
                }
            }
            return new Preprocessor(new ArrayList<>(groups), remainder);
        }
    }
}
