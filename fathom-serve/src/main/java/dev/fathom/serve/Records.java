package dev.fathom.serve;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records of one {@code /predict} request, as read from its body: field maps in general, or,
 * for a pipeline whose inputs are all numeric and a body of one plain record, that record's
 * values as one row in the pipeline's input order ({@code NaN} for null). The row skips the maps
 * and boxed numbers, and rows of concurrent requests stack into one table column by column.
 *
 * @param maps the records as field maps; null when {@code row} holds the one record
 * @param row the one record's values in input order, already checked (finite, within float32,
 *     every input present, at least one not null); null when {@code maps} holds the records
 */
record Records(List<Map<String, Object>> maps, double[] row) {

    Records {
        if ((maps == null) == (row == null)) throw new IllegalArgumentException("either maps or a row, not both or neither");
    }

    /** Records read as field maps. */
    static Records of(List<Map<String, Object>> maps) {
        return new Records(Objects.requireNonNull(maps, "maps"), null);
    }

    /** One record read straight into its row of input values. */
    static Records row(double[] row) {
        return new Records(null, Objects.requireNonNull(row, "row"));
    }

    /** Whether it is one record read as a row. */
    boolean isRow() {
        return row != null;
    }

    /** How many records. */
    int size() {
        return row != null ? 1 : maps.size();
    }
}
