package dev.fathom.data.timeseries;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a table of time-ordered rows into a supervised table: row t holds the previous
 * {@code lags} values of each variable as columns named {@code variable[t-k]}, next to the columns
 * kept as they are at step t (the target, the time). Any tabular model can then forecast the next
 * value; the first {@code lags} rows, which lack a full past, are left out.
 *
 * <p>Columns run from the oldest step to the newest, the variables side by side at each step, so a
 * row read as {@code [lags, variables]} is the window a recurrent network takes, oldest first.
 *
 * <pre>{@code
 * Table series = CsvReader.read(Path.of("sales.csv"));                 // date, sales, price
 * Table lagged = LagFeatures.of(series, List.of("sales", "price"), 3, "date", "sales");
 * lagged.columnNames();   // [sales[t-3], price[t-3], sales[t-2], price[t-2], sales[t-1], price[t-1], date, sales]
 * lagged.rowCount();      // series.rowCount() - 3
 * }</pre>
 */
public final class LagFeatures {
    private LagFeatures() {}

    /** The name of {@code variable}'s value {@code lag} steps back: {@code "sales[t-1]"}. */
    public static String name(String variable, int lag) {
        return variable + "[t-" + lag + "]";
    }

    /**
     * The lagged table of {@code ordered}, whose rows must be in time order.
     *
     * @param variables numeric columns whose past values become features
     * @param lags      how many past steps of each, at least 1
     * @param keep      columns copied as they are at step t, after the lag columns
     * @throws IllegalArgumentException for a non-numeric variable, an unknown column (naming the
     *     closest), or fewer than {@code lags + 1} rows
     */
    public static Table of(Table ordered, List<String> variables, int lags, String... keep) {
        if (lags < 1) throw new IllegalArgumentException("lag features need at least 1 lag, got " + lags);
        if (variables.isEmpty()) throw new IllegalArgumentException("lag features need at least one variable to take past values of");
        int n = ordered.rowCount();
        if (n <= lags) {
            throw new IllegalArgumentException(lags + " lags need more than " + lags + " rows, the table has " + n
                    + "; use fewer lags or a longer series");
        }
        List<double[]> values = new ArrayList<>();
        for (String v : variables) {
            Column c = ordered.column(v);
            if (!(c instanceof NumericColumn num)) {
                throw new IllegalArgumentException("column '" + v + "' is " + c.type().name().toLowerCase() + "; lag features take"
                        + " past values of numeric columns only");
            }
            values.add(num.values());
        }
        int rows = n - lags;
        List<Column> out = new ArrayList<>();
        for (int k = lags; k >= 1; k--) {
            for (int j = 0; j < variables.size(); j++) {
                double[] src = values.get(j);
                double[] col = new double[rows];
                for (int t = lags; t < n; t++) col[t - lags] = src[t - k];
                out.add(NumericColumn.of(name(variables.get(j), k), col));
            }
        }
        int[] present = new int[rows];
        for (int i = 0; i < rows; i++) present[i] = lags + i;
        for (String k : keep) out.add(ordered.column(k).rows(present));
        return Table.of(out);
    }
}
