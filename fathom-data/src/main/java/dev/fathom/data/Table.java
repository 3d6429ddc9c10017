package dev.fathom.data;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A table of named, typed columns of equal length: what a CSV file becomes before it is turned into
 * feature and label tensors. Tables are immutable; selecting, filtering and adding columns return
 * new tables that share the unchanged columns.
 *
 * <pre>{@code
 * Table t = Table.of(NumericColumn.of("size", 50, 80, 120),
 *                    CategoricalColumn.of("city", "Oslo", "Rome", "Oslo"),
 *                    NumericColumn.of("price", 1.0, 1.9, 2.4));
 * System.out.println(t.head(5));
 * Tensor x = t.drop("price", "city").toTensor();    // float32 [3, 1]
 * Tensor y = t.labels("price");                      // float32 [3]
 * System.out.println(t.describe());                  // count, mean, std, quartiles, ... per column
 * Table oslo = t.filter(row -> t.categorical("city").get(row).equals("Oslo"));
 * }</pre>
 */
public final class Table {
    private final List<Column> columns;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final int rowCount;

    private Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
        int rows = columns.isEmpty() ? 0 : columns.getFirst().size();
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (index.put(c.name(), i) != null) {
                throw new IllegalArgumentException("two columns are named '" + c.name() + "'; column names must be unique");
            }
            if (c.size() != rows) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows but column '"
                        + columns.getFirst().name() + "' has " + rows + "; all columns of a table have the same length");
            }
        }
        this.rowCount = rows;
    }

    /** A table of these columns, in this order. */
    public static Table of(Column... columns) {
        return new Table(Arrays.asList(columns));
    }

    /** A table of these columns, in this order. */
    public static Table of(List<? extends Column> columns) {
        return new Table(new ArrayList<>(columns));
    }

    /** The number of rows. */
    public int rowCount() {
        return rowCount;
    }

    /** The number of columns. */
    public int columnCount() {
        return columns.size();
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column names, in order. */
    public List<String> columnNames() {
        return List.copyOf(index.keySet());
    }

    /** Whether a column has this name. */
    public boolean has(String name) {
        return index.containsKey(name);
    }

    /**
     * The column named {@code name}.
     *
     * @throws IllegalArgumentException naming the closest existing column when there is none of that name
     */
    public Column column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            String near = Names.closest(name, index.keySet());
            throw new IllegalArgumentException("no column '" + name + "'"
                    + (near != null ? "; did you mean '" + near + "'?" : "") + " The columns are " + index.keySet());
        }
        return columns.get(i);
    }

    /** The numeric column named {@code name}; an error says what type it has otherwise. */
    public NumericColumn numeric(String name) {
        return typed(name, NumericColumn.class, ColumnType.NUMERIC);
    }

    /** The categorical column named {@code name}; an error says what type it has otherwise. */
    public CategoricalColumn categorical(String name) {
        return typed(name, CategoricalColumn.class, ColumnType.CATEGORICAL);
    }

    /** The boolean column named {@code name}; an error says what type it has otherwise. */
    public BooleanColumn bool(String name) {
        return typed(name, BooleanColumn.class, ColumnType.BOOLEAN);
    }

    /** The date column named {@code name}; an error says what type it has otherwise. */
    public DateColumn date(String name) {
        return typed(name, DateColumn.class, ColumnType.DATE);
    }

    private <C extends Column> C typed(String name, Class<C> cls, ColumnType type) {
        Column c = column(name);
        if (!cls.isInstance(c)) {
            throw new IllegalArgumentException("column '" + name + "' is " + c.type().label() + ", not " + type.label());
        }
        return cls.cast(c);
    }

    /** A table of the named columns, in the order given. */
    public Table select(String... names) {
        List<Column> out = new ArrayList<>();
        for (String n : names) out.add(column(n));
        return new Table(out);
    }

    /** A table without the named columns. */
    public Table drop(String... names) {
        List<Column> out = new ArrayList<>(columns);
        for (String n : names) out.remove(column(n));
        return new Table(out);
    }

    /** This table with {@code column} added at the end, or replacing the column of the same name in place. */
    public Table with(Column column) {
        List<Column> out = new ArrayList<>(columns);
        Integer i = index.get(column.name());
        if (i != null) out.set(i, column);
        else out.add(column);
        return new Table(out);
    }

    /** The rows at {@code rows}, in that order (rows may repeat: bootstrap samples). */
    public Table rows(int[] rows) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) out.add(c.rows(rows));
        return new Table(out);
    }

    /** The rows for which {@code keep} is true, in order. */
    public Table filter(IntPredicate keep) {
        int[] rows = new int[rowCount];
        int n = 0;
        for (int r = 0; r < rowCount; r++) if (keep.test(r)) rows[n++] = r;
        return rows(Arrays.copyOf(rows, n));
    }

    /** The first {@code n} rows as a table (fewer if the table is shorter). */
    public Table first(int n) {
        int[] rows = new int[Math.min(Math.max(n, 0), rowCount)];
        Arrays.setAll(rows, i -> i);
        return rows(rows);
    }

    /**
     * The first {@code n} rows as an aligned text table with a header line and each column's type,
     * for printing.
     */
    public String head(int n) {
        int shown = Math.min(Math.max(n, 0), rowCount);
        int cols = columns.size();
        String[][] cells = new String[shown + 2][cols];
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            Column col = columns.get(c);
            cells[0][c] = col.name();
            cells[1][c] = col.type().label();
            for (int r = 0; r < shown; r++) cells[r + 2][c] = col.isMissing(r) ? "NA" : col.text(r);
            for (String[] row : cells) width[c] = Math.max(width[c], row[c].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append("  ");
                boolean right = columns.get(c).type() == ColumnType.NUMERIC;
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                sb.append(right ? pad + cell : cell + pad);
            }
            sb.append('\n');
        }
        sb.append('[').append(rowCount).append(" rows x ").append(cols).append(" columns]");
        return sb.toString();
    }

    /**
     * All columns as a float32 tensor {@code [rows, columns]}: numbers as they are, booleans as 0/1,
     * dates as days since 1970-01-01.
     *
     * @throws IllegalArgumentException naming the column when one is categorical (encode it first) or
     *     has missing values (impute them first), with the row of the first missing value
     */
    public Tensor toTensor() {
        int cols = columns.size();
        float[] data = new float[Math.multiplyExact(rowCount, cols)];
        for (int c = 0; c < cols; c++) {
            Column col = columns.get(c);
            for (int r = 0; r < rowCount; r++) {
                double v = switch (col) {
                    case NumericColumn num -> num.get(r);
                    case BooleanColumn b -> b.asDouble(r);
                    case DateColumn d -> d.asDouble(r);
                    case CategoricalColumn cat -> throw new IllegalArgumentException("column '" + col.name()
                            + "' is categorical (" + cat.levels().size() + " levels); encode it first"
                            + " (OneHotEncoder or OrdinalEncoder) before making a tensor");
                };
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("column '" + col.name() + "' has " + col.missingCount()
                            + " missing values (the first at row " + r + "); impute them first (SimpleImputer) or drop those rows");
                }
                data[r * cols + c] = (float) v;
            }
        }
        return Tensor.wrap(data, rowCount, cols);
    }

    /**
     * Summary statistics of every column, as pandas' {@code describe()}: count, missing, mean, std,
     * min, quartiles and max of numeric columns; distinct values and the most frequent one of the
     * others. {@code System.out.println(table.describe())} prints them aligned.
     */
    public Description describe() {
        return new Description(this);
    }

    /**
     * Every column but {@code target} as a float32 feature tensor {@code [rows, columns - 1]} (see
     * {@link #toTensor()} for how columns become numbers).
     *
     * @throws IllegalArgumentException naming the closest column when there is no {@code target}
     */
    public Tensor features(String target) {
        return drop(target).toTensor();
    }

    /**
     * The {@code target} column as labels {@code [rows]}: class indices (int32, in the order of
     * {@link CategoricalColumn#levels()}) for a categorical column, 0/1 (float32) for a boolean one,
     * the values (float32) for a numeric one.
     *
     * @throws IllegalArgumentException naming the closest column when there is no {@code target}; when
     *     the target has missing values (with the first row) or is a date column
     */
    public Tensor labels(String target) {
        Column col = column(target);
        int missing = col.missingCount();
        if (missing > 0) {
            int first = 0;
            while (!col.isMissing(first)) first++;
            throw new IllegalArgumentException("the target column '" + target + "' has " + missing + " missing values (the first at row "
                    + first + "); drop those rows first, e.g. table.filter(r -> !table.column(\"" + target + "\").isMissing(r))");
        }
        return switch (col) {
            case CategoricalColumn c -> {
                int[] codes = new int[rowCount];
                for (int r = 0; r < rowCount; r++) codes[r] = c.code(r);
                yield Tensor.of(codes, rowCount);
            }
            case NumericColumn n -> {
                float[] v = new float[rowCount];
                for (int r = 0; r < rowCount; r++) v[r] = (float) n.get(r);
                yield Tensor.wrap(v, rowCount);
            }
            case BooleanColumn b -> {
                float[] v = new float[rowCount];
                for (int r = 0; r < rowCount; r++) v[r] = (float) b.asDouble(r);
                yield Tensor.wrap(v, rowCount);
            }
            case DateColumn d -> throw new IllegalArgumentException("the target column '" + target
                    + "' holds dates; a label must be numeric, boolean or categorical");
        };
    }

    /** Checks a column name: not null, not blank. */
    static String checkName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a column needs a name that is not blank; got '" + name + "'");
        return name;
    }

    @Override
    public String toString() {
        return head(10);
    }
}
