package dev.fathom.pipeline;

import dev.fathom.data.ColumnType;

import java.util.List;
import java.util.Objects;

/**
 * One column a table pipeline reads: its name, its type, and for a categorical column the
 * categories seen in training (sorted, text by code point; empty for other types). A column of
 * new data must have this name and a compatible type ({@link Pipeline#features}).
 *
 * <pre>{@code
 * for (InputColumn c : pipeline.inputs()) System.out.println(c);   // age (numeric), sex (categorical: female, male)
 * }</pre>
 *
 * @param name       the column's name, as in the training table
 * @param type       what it held in training
 * @param categories the categories a categorical column held in training; empty otherwise
 */
public record InputColumn(String name, ColumnType type, List<String> categories) {
    /** Checks the parts and copies the categories. */
    public InputColumn {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an input column needs a name that is not blank");
        Objects.requireNonNull(type, "type");
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (type != ColumnType.CATEGORICAL && !categories.isEmpty()) {
            throw new IllegalArgumentException("input column '" + name + "' is " + type.label() + " but lists categories; only"
                    + " categorical columns have them");
        }
    }

    /** {@code age (numeric)}, {@code sex (categorical: female, male)}. */
    @Override
    public String toString() {
        return name + " (" + type.label() + (categories.isEmpty() ? "" : ": " + String.join(", ", categories)) + ")";
    }
}
