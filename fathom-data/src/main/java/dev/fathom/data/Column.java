package dev.fathom.data;

/**
 * One named column of a {@link Table}: a fixed number of values of one {@link ColumnType}, some of
 * which may be missing. Columns are immutable; operations that change them return new columns.
 *
 * <pre>{@code
 * Column age = NumericColumn.of("age", 31, Double.NaN, 45);
 * age.missingCount();    // 1
 * age.rows(new int[] {2, 0}).toString();   // age [45.0, 31.0]
 * }</pre>
 */
public sealed interface Column permits NumericColumn, CategoricalColumn, BooleanColumn, DateColumn {
    /** The column's name, as in the file's header. */
    String name();

    /** What the column holds. */
    ColumnType type();

    /** The number of values (rows). */
    int size();

    /** Whether the value in {@code row} is missing. */
    boolean isMissing(int row);

    /** The value in {@code row} as text, the way a file would hold it; "" when missing. */
    String text(int row);

    /** A copy of this column under another name. */
    Column rename(String name);

    /** The values at {@code rows}, in that order (rows may repeat). */
    Column rows(int[] rows);

    /** How many values are missing. */
    default int missingCount() {
        int n = 0;
        for (int i = 0; i < size(); i++) if (isMissing(i)) n++;
        return n;
    }

    /** Checks that {@code row} is a row index of this column. */
    default void checkRow(int row) {
        if (row < 0 || row >= size()) {
            throw new IndexOutOfBoundsException("row " + row + " is outside column '" + name() + "', which has " + size() + " rows");
        }
    }
}
