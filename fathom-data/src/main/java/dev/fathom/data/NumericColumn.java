package dev.fathom.data;

import java.util.Arrays;

/**
 * A column of numbers stored as {@code double}; a missing value is {@code NaN}.
 *
 * <pre>{@code
 * NumericColumn x = NumericColumn.of("x", 1.5, Double.NaN, 3);
 * x.get(0);          // 1.5
 * x.isMissing(1);    // true
 * }</pre>
 */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;

    private NumericColumn(String name, double[] values) {
        this.name = Table.checkName(name);
        this.values = values;
    }

    /** A column holding a copy of {@code values}; {@code NaN} marks a missing value. */
    public static NumericColumn of(String name, double... values) {
        return new NumericColumn(name, values.clone());
    }

    /** A column that takes ownership of {@code values} without copying (readers use this). */
    static NumericColumn wrap(String name, double[] values) {
        return new NumericColumn(name, values);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.NUMERIC; }
    @Override public int size() { return values.length; }
    @Override public boolean isMissing(int row) { return Double.isNaN(values[row]); }

    /** The value in {@code row}; {@code NaN} when missing. */
    public double get(int row) {
        return values[row];
    }

    /** A copy of all values. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String text(int row) {
        return format(values[row]);
    }

    /** A number as text: whole numbers without ".0", others in Java's shortest round-trip form; "" for NaN. */
    static String format(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    @Override public NumericColumn rename(String name) { return new NumericColumn(name, values); }

    @Override
    public NumericColumn rows(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i]);
            out[i] = values[rows[i]];
        }
        return new NumericColumn(name, out);
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(values.length <= 10 ? values : Arrays.copyOf(values, 10))
                + (values.length > 10 ? " ... (" + values.length + " values)" : "");
    }
}
