package dev.fathom.workflow;

import dev.fathom.data.ColumnType;

import java.util.Objects;

/**
 * How one input column is prepared for the models, and why: kept with its steps (imputation,
 * one-hot encoding, scaling) or dropped.
 *
 * <pre>{@code
 * for (ColumnPlan c : result.preparation()) System.out.println(c);
 * // age (numeric): median imputation, standardized inside each model that needs it (not the tree models); 12 missing values, and scales differ between columns
 * }</pre>
 *
 * @param column the column's name
 * @param type   its type as read
 * @param kept   whether the models see it
 * @param steps  what is done to it, e.g. "median imputation, standardized", or "dropped"
 * @param reason why
 */
public record ColumnPlan(String column, ColumnType type, boolean kept, String steps, String reason) {
    /** Checks every part is given. */
    public ColumnPlan {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return column + " (" + type.label() + "): " + steps + "; " + reason;
    }
}
