package dev.fathom.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summary statistics of a table's columns, as pandas' {@code describe()} gives them: one
 * {@link ColumnSummary} per column, printed as an aligned table with one row per column (so wide
 * tables stay readable) and a note on constant and all-missing columns.
 *
 * <pre>{@code
 * Description d = CsvReader.read(Path.of("housing.csv")).describe();
 * System.out.println(d);
 * // column  type         count  missing  mean    std      min  25%   50%  75%   max  unique  top   freq  note
 * // price   numeric        998        2  14.21   3.905    2.1  11.5  14   19.5  48
 * // city    categorical   1000        0                                             3  Oslo   412
 * d.column("price").std();   // 3.905...
 * }</pre>
 */
public final class Description {
    private static final String[] HEADER = {"column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%",
            "max", "unique", "top", "freq", "note"};

    private final Map<String, ColumnSummary> columns = new LinkedHashMap<>();

    Description(Table table) {
        for (Column c : table.columns()) columns.put(c.name(), summarize(c));
    }

    /** The summaries, in column order. */
    public List<ColumnSummary> columns() {
        return List.copyOf(columns.values());
    }

    /**
     * The summary of the column named {@code name}.
     *
     * @throws IllegalArgumentException naming the closest column when there is none of that name
     */
    public ColumnSummary column(String name) {
        ColumnSummary s = columns.get(name);
        if (s == null) {
            String near = Names.closest(name, columns.keySet());
            throw new IllegalArgumentException("no column '" + name + "'" + (near != null ? "; did you mean '" + near + "'?" : "")
                    + " The columns are " + columns.keySet());
        }
        return s;
    }

    static ColumnSummary summarize(Column c) {
        int n = c.size();
        int missing = c.missingCount();
        int count = n - missing;
        if (c instanceof NumericColumn num) {
            double[] v = new double[count];
            int k = 0;
            for (int i = 0; i < n; i++) if (!num.isMissing(i)) v[k++] = num.get(i);
            Arrays.sort(v);
            double mean = Double.NaN;
            double std = Double.NaN;
            if (count > 0) {
                // Two passes, as pandas: the mean first, then squared deviations from it (no cancellation).
                double sum = 0;
                for (double x : v) sum += x;
                mean = sum / count;
                if (count > 1) {
                    double ss = 0;
                    for (double x : v) ss += (x - mean) * (x - mean);
                    std = Math.sqrt(ss / (count - 1));
                }
            }
            return new ColumnSummary(c.name(), c.type(), count, missing, mean, std, quantile(v, 0), quantile(v, 0.25),
                    quantile(v, 0.5), quantile(v, 0.75), quantile(v, 1), -1, null, -1);
        }
        // Categories, booleans and dates: distinct values and the most frequent, by their text.
        Map<String, int[]> counts = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (c.isMissing(i)) continue;
            String t = c.text(i);
            int[] cnt = counts.get(t);
            if (cnt == null) {
                counts.put(t, cnt = new int[1]);
                order.add(t);
            }
            cnt[0]++;
        }
        String top = null;
        int freq = -1;
        for (String t : order) {
            int f = counts.get(t)[0];
            if (f > freq) {
                freq = f;
                top = t;
            }
        }
        return new ColumnSummary(c.name(), c.type(), count, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, order.size(), top, freq);
    }

    /** The q-quantile of sorted values with linear interpolation (NumPy's default, pandas' too); NaN when empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return frac == 0 ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    /** A warning for a column that carries no information, or null. */
    static String constantNote(Column c) {
        int n = c.size();
        int first = -1;
        for (int i = 0; i < n && first < 0; i++) if (!c.isMissing(i)) first = i;
        if (first < 0) return n == 0 ? null : "column '" + c.name() + "' has no values: all " + n + " are missing; drop it";
        if (n < 2) return null;
        String v = c.text(first);
        for (int i = first + 1; i < n; i++) if (!c.isMissing(i) && !c.text(i).equals(v)) return null;
        return "column '" + c.name() + "' holds the same value (" + CsvException.quoted(v)
                + ") in every row that has one: it tells a model nothing; drop it";
    }

    /** A number as pandas prints it: six significant digits, no trailing zeros. */
    static String format(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** The summaries as an aligned table, one row per column; numbers right-aligned. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ColumnSummary s : columns.values()) {
            rows.add(new String[] {s.name(), s.type().label(), Integer.toString(s.count()), Integer.toString(s.missing()),
                    format(s.mean()), format(s.std()), format(s.min()), format(s.q25()), format(s.median()), format(s.q75()),
                    format(s.max()), s.unique() < 0 ? "" : Integer.toString(s.unique()), s.top() == null ? "" : s.top(),
                    s.freq() < 0 ? "" : Integer.toString(s.freq()), s.note()});
        }
        int[] width = new int[HEADER.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) line.append("  ");
                boolean left = i <= 1 || i == 12 || i == 14;   // names, types, top values and notes read from the left
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(left ? r[i] + pad : pad + r[i]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
