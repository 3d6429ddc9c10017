package dev.fathom.data.timeseries;

import dev.fathom.data.Column;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

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
 * Table next = LagFeatures.next(series, List.of("sales", "price"), 3);   // one row: the lags of the step after the last
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
        checkRequest(variables, lags);
        int n = ordered.rowCount();
        if (n <= lags) {
            throw new IllegalArgumentException(lags + " lags need more than " + lags + " rows, the table has " + n
                    + "; use fewer lags or a longer series");
        }
        List<Column> out = lagColumns(ordered, variables, lags, lags, n);
        int rows = n - lags;
        int[] present = new int[rows];
        for (int i = 0; i < rows; i++) present[i] = lags + i;
        for (String k : keep) out.add(ordered.column(k).rows(present));
        return Table.of(out);
    }

    /**
     * The one-row table of lag features for the step after the last row of {@code ordered}: what a
     * model fitted on {@link #of} takes to forecast the future.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static Table next(Table ordered, List<String> variables, int lags) {
        checkRequest(variables, lags);
        int n = ordered.rowCount();
        if (n < lags) throw new IllegalArgumentException(lags + " lags need at least " + lags + " rows, the table has " + n);
        return Table.of(lagColumns(ordered, variables, lags, n, n + 1));
    }

    private static void checkRequest(List<String> variables, int lags) {
        if (lags < 1) throw new IllegalArgumentException("lag features need at least 1 lag, got " + lags);
        if (variables.isEmpty()) throw new IllegalArgumentException("lag features need at least one variable to take past values of");
    }

    /**
     * The lag columns of the steps {@code from} (inclusive) to {@code to} (exclusive), oldest lag
     * first, variables side by side; a step may be the one after the table ({@code n}), whose lags all
     * lie inside it.
     */
    private static List<Column> lagColumns(Table ordered, List<String> variables, int lags, int from, int to) {
        List<double[]> values = new ArrayList<>();
        for (String v : variables) {
            Column c = ordered.column(v);
            if (!(c instanceof NumericColumn num)) {
                throw new IllegalArgumentException("column '" + v + "' is " + c.type().name().toLowerCase() + "; lag features take"
                        + " past values of numeric columns only");
            }
            values.add(num.values());
        }
        List<Column> out = new ArrayList<>();
        for (int k = lags; k >= 1; k--) {
            for (int j = 0; j < variables.size(); j++) {
                double[] src = values.get(j);
                double[] col = new double[to - from];
                for (int t = from; t < to; t++) col[t - from] = src[t - k];
                out.add(NumericColumn.of(name(variables.get(j), k), col));
            }
        }
        return out;
    }

    /**
     * {@code table}'s rows sorted by {@code time} (dates, or numbers such as years), the table
     * itself when they already are.
     *
     * @throws IllegalArgumentException when a time is missing or repeated (naming the rows), or the
     *     column holds neither dates nor numbers
     */
    public static Table inTimeOrder(Table table, String time) {
        Column t = table.column(time);
        int n = t.size();
        double[] when = new double[n];
        for (int r = 0; r < n; r++) {
            if (t.isMissing(r)) {
                throw new IllegalArgumentException("the time column '" + time + "' is missing in row " + (r + 1) + "; every step of a"
                        + " time series needs its time");
            }
            when[r] = switch (t) {
                case DateColumn d -> d.asDouble(r);
                case NumericColumn num -> num.get(r);
                default -> throw new IllegalArgumentException("the time column '" + time + "' is " + t.type().name()
                        .toLowerCase(Locale.ROOT) + "; it must hold dates (2024-01-31) or numbers (a year, a step index)");
            };
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> when[i]));   // stable: equal times keep file order
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            if (i > 0 && when[order[i]] == when[order[i - 1]]) {
                throw new IllegalArgumentException("the time column '" + time + "' has the value " + t.text(order[i]) + " in rows "
                        + (order[i - 1] + 1) + " and " + (order[i] + 1) + "; a time series needs one row per time step (for several"
                        + " series in one file, take one series at a time)");
            }
            sorted &= order[i] == i;
        }
        return sorted ? table : table.rows(Arrays.stream(order).mapToInt(Integer::intValue).toArray());
    }
}
