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
    /** Columns {@link #head} shows at each end of a wide table (pandas shows 20 columns in all). */
    private static final int EDGE_COLUMNS = 10;
    /** The longest cell {@link #head} prints in full (pandas' {@code max_colwidth} is 50). */
    private static final int MAX_CELL = 50;

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
     * for printing. As pandas, a wide table shows its first and last {@value #EDGE_COLUMNS} columns
     * with a {@code ...} column between them, and a cell longer than {@value #MAX_CELL} characters
     * is cut with {@code ...}; the last line gives the full size.
     *
     * <pre>{@code
     *    size  city           price
     * numeric  categorical  numeric
     *      50  Oslo             1.5
     *      80  Rome             1.9
     * [3 rows x 3 columns]
     * }</pre>
     */
    public String head(int n) {
        int shown = Math.min(Math.max(n, 0), rowCount);
        int cols = columns.size();
        // The columns printed: all, or the first and last EDGE_COLUMNS with null (the "..." column) between.
        List<Column> printed = new ArrayList<>();
        if (cols <= 2 * EDGE_COLUMNS) {
            printed.addAll(columns);
        } else {
            printed.addAll(columns.subList(0, EDGE_COLUMNS));
            printed.add(null);
            printed.addAll(columns.subList(cols - EDGE_COLUMNS, cols));
        }
        String[][] cells = new String[shown + 2][printed.size()];
        int[] width = new int[printed.size()];
        for (int c = 0; c < printed.size(); c++) {
            Column col = printed.get(c);
            cells[0][c] = col == null ? "..." : cut(col.name());
            cells[1][c] = col == null ? "" : col.type().label();
            for (int r = 0; r < shown; r++) cells[r + 2][c] = col == null ? "..." : col.isMissing(r) ? "NA" : cut(col.text(r));
            for (String[] row : cells) width[c] = Math.max(width[c], row[c].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            for (int c = 0; c < printed.size(); c++) {
                if (c > 0) sb.append("  ");
                boolean right = printed.get(c) != null && printed.get(c).type() == ColumnType.NUMERIC;
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                sb.append(right ? pad + cell : cell + pad);
            }
            // No trailing spaces after a left-aligned last column.
            while (!sb.isEmpty() && sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        sb.append('[').append(rowCount).append(" rows x ").append(cols).append(" columns]");
        return sb.toString();
    }

    private static String cut(String text) {
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
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

    /** The first 10 rows, as {@link #head}: column names, their types, the values, then the table's size. */
    @Override
    public String toString() {
        return head(10);
    }
}
