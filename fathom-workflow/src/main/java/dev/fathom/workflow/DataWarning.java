package dev.fathom.workflow;

import java.util.Objects;

/**
 * Something about the data that can mislead a model or its score, found while defining the
 * problem, with the numbers behind it and what {@link Fathom#train} does about it.
 *
 * <pre>{@code
 * for (DataWarning w : result.warnings()) System.out.println(w);
 * // ID-like column 'customer_id': 500 distinct values in 500 rows; dropped: a row number teaches nothing that carries to new rows
 * }</pre>
 *
 * @param kind    what was found
 * @param column  the column concerned, or null when the warning is about the whole table
 * @param message the finding, its numbers and the action taken
 */
public record DataWarning(Kind kind, String column, String message) {
    /** The kinds of findings. */
    public enum Kind {
        /** Some classes are far rarer than others: accuracy rewards ignoring them. */
        CLASS_IMBALANCE,
        /** Few rows per feature: models overfit easily. */
        TOO_FEW_ROWS,
        /** A column whose values identify rows (all or nearly all distinct), such as an ID or row number. */
        ID_LIKE_COLUMN,
        /** A column identical or nearly identical to the target: it would not be known when predicting. */
        LEAKING_COLUMN,
        /** A column with one value only, or only missing values. */
        CONSTANT_COLUMN;

        /** E.g. "class imbalance", as printed. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Checks kind and message are given. */
    public DataWarning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind.label() + (column == null ? "" : " '" + column + "'") + ": " + message;
    }
}
