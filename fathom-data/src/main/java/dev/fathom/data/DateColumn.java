package dev.fathom.data;

import java.time.LocalDate;

/**
 * A column of calendar dates; {@code null} marks a missing value.
 *
 * <pre>{@code
 * DateColumn d = DateColumn.of("day", LocalDate.of(2024, 1, 31), null);
 * d.get(0).getMonthValue();   // 1
 * }</pre>
 */
public final class DateColumn implements Column {
    private final String name;
    private final LocalDate[] values;

    private DateColumn(String name, LocalDate[] values) {
        this.name = Table.checkName(name);
        this.values = values;
    }

    /** A column holding a copy of {@code values}; {@code null} marks a missing value. */
    public static DateColumn of(String name, LocalDate... values) {
        return new DateColumn(name, values.clone());
    }

    /** A column that takes ownership of {@code values} without copying (readers use this). */
    static DateColumn wrap(String name, LocalDate[] values) {
        return new DateColumn(name, values);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.DATE; }
    @Override public int size() { return values.length; }
    @Override public boolean isMissing(int row) { return values[row] == null; }

    /** The date in {@code row}, or {@code null} when missing. */
    public LocalDate get(int row) {
        return values[row];
    }

    /** The date as days since 1970-01-01 (what a model sees), {@code NaN} when missing. */
    public double asDouble(int row) {
        return values[row] == null ? Double.NaN : values[row].toEpochDay();
    }

    @Override public String text(int row) { return values[row] == null ? "" : values[row].toString(); }

    @Override public DateColumn rename(String name) { return new DateColumn(name, values); }

    @Override
    public DateColumn rows(int[] rows) {
        LocalDate[] out = new LocalDate[rows.length];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i]);
            out[i] = values[rows[i]];
        }
        return new DateColumn(name, out);
    }

    @Override
    public String toString() {
        return name + " (date, " + values.length + " values)";
    }
}
