package dev.fathom.data;

/** What a table column holds, as inferred when a file is read or given when a column is made. */
public enum ColumnType {
    /** Numbers, stored as {@code double}; a missing value is {@code NaN}. */
    NUMERIC,
    /** Text labels from a finite set of levels (categories), stored as level codes. */
    CATEGORICAL,
    /** true/false (also yes/no, y/n, t/f when read from text). */
    BOOLEAN,
    /** Calendar dates. */
    DATE;

    /** The lower-case name used in messages and tables: "numeric", "categorical", ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
