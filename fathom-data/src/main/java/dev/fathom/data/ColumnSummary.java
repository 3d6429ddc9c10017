package dev.fathom.data;

/**
 * The statistics {@link Table#describe()} gives for one column. Numeric columns have count,
 * missing, mean, std (sample, ddof=1, as pandas), min, the quartiles (linear interpolation, as
 * pandas and NumPy) and max; the others have NaN there. Categorical, boolean and date columns have
 * the number of distinct values, the most frequent one and its count; numeric ones have -1 and
 * null there.
 *
 * <pre>{@code
 * ColumnSummary price = table.describe().column("price");
 * price.mean();       // 14.2
 * price.q75();        // 19.5
 * table.describe().column("city").top();   // Oslo
 * }</pre>
 *
 * @param name     the column's name
 * @param type     the column's type
 * @param count    values present
 * @param missing  values missing
 * @param mean     the mean of the values present
 * @param std      their sample standard deviation (divides by count - 1); NaN for fewer than 2
 * @param min      the smallest value
 * @param q25      the first quartile
 * @param median   the median
 * @param q75      the third quartile
 * @param max      the largest value
 * @param unique   distinct values present, or -1 for numeric columns
 * @param top      the most frequent value (the first seen among equals), or null
 * @param freq     how often {@code top} occurs, or -1
 */
public record ColumnSummary(String name, ColumnType type, int count, int missing, double mean, double std, double min,
                            double q25, double median, double q75, double max, int unique, String top, int freq) {

    /** Whether every value present is the same (or none is present): such a column tells a model nothing. */
    public boolean constant() {
        if (count == 0) return true;
        if (type == ColumnType.NUMERIC) return min == max;
        return unique == 1;
    }

    /** A note for the printed table: "constant", "all missing", "no rows" (a table of 0 rows), or "". */
    public String note() {
        // A 0-row table has nothing missing: saying "all missing" there sends the user looking for NA values.
        if (count == 0) return missing > 0 ? "all missing" : "no rows";
        return constant() && count > 1 ? "constant" : "";
    }
}
