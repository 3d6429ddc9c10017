package dev.fathom.pipeline;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.DateColumn;
import dev.fathom.data.Names;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks new data against a table pipeline's schema: finds each input column (naming the closest
 * when one is missing), turns a column read with another but compatible type into the trained
 * type (a CSV of a few rows may read "1", "2" as numbers where training saw categories), and
 * builds tables from JSON-like records with a teaching error for each bad value.
 */
final class TableInputs {
    private TableInputs() {}

    /** The input columns of {@code table}, in schema order, each with its trained type. */
    static Table select(Table table, List<InputColumn> inputs) {
        requireColumns(table, inputs);
        List<Column> out = new ArrayList<>(inputs.size());
        for (InputColumn in : inputs) out.add(conform(table.column(in.name()), in));
        return Table.of(out);
    }

    /**
     * Checks that {@code table} has every input column. Each missing one is named with the closest
     * column that no input reads: a column the model reads cannot be the renamed one.
     */
    static void requireColumns(Table table, List<InputColumn> inputs) {
        if (table == null) throw new PipelineInputException(-1, null, "the table is null");
        List<String> reads = names(inputs);
        List<String> missing = reads.stream().filter(c -> !table.has(c)).toList();
        if (missing.isEmpty()) return;
        List<String> unused = ignored(table, inputs);
        List<String> parts = new ArrayList<>();
        for (String m : missing) {
            String near = Names.closest(m, unused);
            parts.add("'" + m + "'" + (near != null ? " (did you mean '" + near + "'?)" : ""));
        }
        boolean one = missing.size() == 1;
        throw new PipelineInputException(-1, missing.getFirst(), "the data has no column" + (one ? " " : "s ")
                + String.join(", ", parts) + ", which the model reads. The model reads " + reads + "; the data has "
                + table.columnNames() + ". Rename the column" + (one ? "" : "s") + " in the data, or add "
                + (one ? "it" : "them") + " (empty values count as missing)");
    }

    /** The columns of {@code table} that no input reads, in table order. */
    static List<String> ignored(Table table, List<InputColumn> inputs) {
        List<String> used = names(inputs);
        List<String> out = new ArrayList<>();
        for (String c : table.columnNames()) if (!used.contains(c)) out.add(c);
        return out;
    }

    private static List<String> names(List<InputColumn> inputs) {
        return inputs.stream().map(InputColumn::name).toList();
    }

    /** {@code c} as the trained type, or an error saying what it holds and what the model needs. */
    static Column conform(Column c, InputColumn in) {
        ColumnType want = in.type();
        if (c.type() == want) return c;
        int n = c.size();
        if (c.missingCount() == n) return missing(in.name(), want, n);   // an empty column reads as any type
        switch (want) {
            case CATEGORICAL -> {
                String[] v = new String[n];
                for (int r = 0; r < n; r++) v[r] = c.isMissing(r) ? null : c.text(r);
                return CategoricalColumn.of(in.name(), v);
            }
            case NUMERIC -> {
                if (c instanceof BooleanColumn b) {
                    double[] v = new double[n];
                    for (int r = 0; r < n; r++) v[r] = b.asDouble(r);
                    return NumericColumn.of(in.name(), v);
                }
            }
            case BOOLEAN -> {
                Boolean[] v = parseAll(c, new Boolean[n], TableInputs::bool);
                if (v != null) return BooleanColumn.of(in.name(), v);
            }
            case DATE -> {
                if (c instanceof CategoricalColumn) {
                    LocalDate[] v = parseAll(c, new LocalDate[n], TableInputs::date);
                    if (v != null) return DateColumn.of(in.name(), v);
                }
            }
        }
        int row = firstBad(c, want);
        throw new PipelineInputException(-1, in.name(), "column '" + in.name() + "' holds " + c.type().label() + " values (row "
                + row + " is \"" + c.text(row) + "\") but the model was trained on " + want.label() + " values in it;"
                + " fix the values, or check that the column is the one the model was trained on");
    }

    /** Each value of {@code c} read by {@code parse} into {@code into} (missing ones stay null), or null when one does not read. */
    private static <T> T[] parseAll(Column c, T[] into, Function<String, T> parse) {
        for (int r = 0; r < into.length; r++) {
            if (c.isMissing(r)) continue;
            into[r] = parse.apply(c.text(r));
            if (into[r] == null) return null;
        }
        return into;
    }

    private static int firstBad(Column c, ColumnType want) {
        for (int r = 0; r < c.size(); r++) {
            if (c.isMissing(r)) continue;
            String t = c.text(r);
            boolean fits = switch (want) {
                case BOOLEAN -> bool(t) != null;
                case DATE -> date(t) != null;
                default -> false;
            };
            if (!fits) return r;
        }
        return 0;
    }

    private static Column missing(String name, ColumnType type, int n) {
        return switch (type) {
            case NUMERIC -> {
                double[] v = new double[n];
                java.util.Arrays.fill(v, Double.NaN);
                yield NumericColumn.of(name, v);
            }
            case CATEGORICAL -> CategoricalColumn.of(name, new String[n]);
            case BOOLEAN -> BooleanColumn.of(name, new Boolean[n]);
            case DATE -> DateColumn.of(name, new LocalDate[n]);
        };
    }

    /** true/false as a file might write them (also 1/0, yes/no), or null. */
    private static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Boolean.TRUE;
            case "false", "0", "no", "n", "f" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- records -----------------------------------------------------------------------------

    /** A table of the input columns from JSON-like records; unknown fields are ignored. */
    static Table fromRecords(List<? extends Map<String, ?>> records, List<InputColumn> inputs) {
        if (records == null) throw new PipelineInputException(-1, null, "the records are null; send a list of objects");
        int n = records.size();
        for (int i = 0; i < n; i++) {
            if (records.get(i) == null) throw new PipelineInputException(i, null, "record " + i + " is null; each record is an object"
                    + " of field values, such as {\"" + (inputs.isEmpty() ? "x" : inputs.getFirst().name()) + "\": ...}");
        }
        List<Column> columns = new ArrayList<>();
        Set<String> inputNames = new HashSet<>();
        for (InputColumn in : inputs) inputNames.add(in.name());
        for (InputColumn in : inputs) {
            String name = in.name();
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                Map<String, ?> rec = records.get(i);
                if (!rec.containsKey(name)) {
                    // Only a field the pipeline does not read can be the misspelt one: an input the
                    // record rightly has ('sepal length (cm)') is no suggestion for one it lacks.
                    List<String> unread = new ArrayList<>();
                    for (String key : rec.keySet()) if (!inputNames.contains(key)) unread.add(key);
                    String near = Names.closest(name, unread);
                    throw new PipelineInputException(i, name, "record " + i + ", field '" + name + "': missing"
                            + (near != null ? "; the record has '" + near + "', did you mean '" + name + "'?" : "")
                            + "; every record needs the fields " + names(inputs) + " (null for a missing value)");
                }
                values[i] = rec.get(name);
            }
            columns.add(column(in, values));
        }
        return Table.of(columns);
    }

    private static Column column(InputColumn in, Object[] values) {
        int n = values.length;
        String name = in.name();
        switch (in.type()) {
            case NUMERIC -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) v[i] = Double.NaN;
                    else if (values[i] instanceof Number x && !(values[i] instanceof Boolean)) v[i] = x.doubleValue();
                    else throw bad(i, name, "a number", values[i]);
                }
                return NumericColumn.of(name, v);
            }
            case CATEGORICAL -> {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) continue;
                    if (!(values[i] instanceof String s)) {
                        throw bad(i, name, "a string" + (in.categories().isEmpty() ? "" : " such as \"" + in.categories().getFirst() + "\""),
                                values[i]);
                    }
                    v[i] = s;
                }
                return CategoricalColumn.of(name, v);
            }
            case BOOLEAN -> {
                Boolean[] v = new Boolean[n];
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) continue;
                    if (!(values[i] instanceof Boolean b)) throw bad(i, name, "true or false", values[i]);
                    v[i] = b;
                }
                return BooleanColumn.of(name, v);
            }
            case DATE -> {
                LocalDate[] v = new LocalDate[n];
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) continue;
                    LocalDate d = values[i] instanceof String s ? date(s) : null;
                    if (d == null) throw bad(i, name, "an ISO date such as \"2024-01-31\"", values[i]);
                    v[i] = d;
                }
                return DateColumn.of(name, v);
            }
        }
        throw new IllegalStateException("unknown column type " + in.type());
    }

    private static PipelineInputException bad(int record, String field, String expected, Object got) {
        return new PipelineInputException(record, field, "record " + record + ", field '" + field + "': expected " + expected
                + ", got " + json(got));
    }

    /** A value as JSON would show it: strings quoted, others as they print. */
    private static String json(Object v) {
        if (v instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (v instanceof Map<?, ?>) return "an object " + v;
        if (v instanceof List<?>) return "a list " + v;
        return String.valueOf(v);
    }
}
