package dev.fathom.data;

/**
 * A column of true/false values; a missing value is its own state.
 *
 * <pre>{@code
 * BooleanColumn b = BooleanColumn.of("smoker", true, null, false);
 * b.get(0);          // true
 * b.isMissing(1);    // true
 * }</pre>
 */
public final class BooleanColumn implements Column {
    private static final byte MISSING = -1;
    private final String name;
    private final byte[] values;   // 1 true, 0 false, -1 missing

    private BooleanColumn(String name, byte[] values) {
        this.name = Table.checkName(name);
        this.values = values;
    }

    /** A column of {@code values}; {@code null} marks a missing value. */
    public static BooleanColumn of(String name, Boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = values[i] == null ? MISSING : (byte) (values[i] ? 1 : 0);
        return new BooleanColumn(name, b);
    }

    /** A column that takes ownership of {@code values} (1 true, 0 false, -1 missing) without copying (readers use this). */
    static BooleanColumn wrap(String name, byte[] values) {
        return new BooleanColumn(name, values);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.BOOLEAN; }
    @Override public int size() { return values.length; }
    @Override public boolean isMissing(int row) { return values[row] == MISSING; }

    /**
     * The value in {@code row}.
     *
     * @throws IllegalStateException when it is missing
     */
    public boolean get(int row) {
        if (values[row] == MISSING) throw new IllegalStateException("column '" + name + "' has no value at row " + row);
        return values[row] == 1;
    }

    /** The value as a number: 1 for true, 0 for false, {@code NaN} when missing. */
    public double asDouble(int row) {
        return values[row] == MISSING ? Double.NaN : values[row];
    }

    @Override public String text(int row) { return isMissing(row) ? "" : Boolean.toString(values[row] == 1); }

    @Override public BooleanColumn rename(String name) { return new BooleanColumn(name, values); }

    @Override
    public BooleanColumn rows(int[] rows) {
        byte[] out = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i]);
            out[i] = values[rows[i]];
        }
        return new BooleanColumn(name, out);
    }

    @Override
    public String toString() {
        return name + " (boolean, " + values.length + " values)";
    }
}
