package dev.fathom.cli;

import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.CsvException;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fathom describe DATA}: what a table holds before a model sees it: its size, each column's
 * inferred type, missing values and statistics ({@link Table#describe()}), what the CSV reader
 * skipped or warned about, and with {@code --target} the balance of the classes.
 *
 * <pre>
 * ./fathom describe houses.csv
 * ./fathom describe survey.csv --target churned --skip-bad-rows
 * ./fathom describe iris                      # a built-in data set: its target's balance is shown
 * </pre>
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Summarize a table: rows, columns, types, missing values, statistics and class balance.")
final class DescribeCommand implements Callable<Integer> {
    /** A numeric target with at most this many distinct whole values is shown as classes (0/1, ratings). */
    static final int MAX_NUMERIC_CLASSES = 20;
    /** Below this share of rows the smallest class gets a note on judging models by accuracy. */
    static final double RARE_CLASS_SHARE = 0.10;

    @Parameters(index = "0", paramLabel = "DATA", description = "A CSV or TSV file, or a built-in data set (iris, breast_cancer, ...)")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "Show the balance of this column's classes")
    String target;

    @CommandLine.Mixin
    CsvReadOptions csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DataArgument.Loaded loaded = DataArgument.table(data, csv.options());
        Table table = loaded.table();
        String column = target;
        if (column == null && loaded.dataset() != null) column = loaded.dataset().targetName();
        if (column != null) table.column(column);   // an unknown target fails before anything is printed, with "did you mean"
        PrintWriter out = spec.commandLine().getOut();
        out.println(header(loaded));
        if (loaded.report() != null && loaded.report().dialect() != null) {
            out.println("read " + loaded.source() + ": " + loaded.report().dialect().describe());
        }
        out.println();
        out.print(table.describe());
        out.println();
        out.println(missing(table));
        if (loaded.report() != null) {
            List<CsvException> skipped = loaded.report().skippedRows();
            if (!skipped.isEmpty()) {
                out.println("Skipped " + skipped.size() + " malformed row" + (skipped.size() == 1 ? "" : "s") + ":");
                int shown = Math.min(skipped.size(), 10);
                for (int i = 0; i < shown; i++) out.println("  " + skipped.get(i).getMessage());
                if (skipped.size() > shown) out.println("  ... and " + (skipped.size() - shown) + " more");
            }
            List<String> warnings = loaded.report().warnings();
            if (!warnings.isEmpty()) {
                out.println("Warnings:");
                for (String w : warnings) out.println("  " + w);
            }
        }
        if (column != null) {
            out.println();
            out.print(balance(table.column(column)));
        }
        out.flush();
        return 0;
    }

    /** "houses.csv: 1000 rows x 5 columns (3 numeric, 2 categorical)", with a built-in data set's title and task. */
    static String header(DataArgument.Loaded loaded) {
        Table t = loaded.table();
        Map<ColumnType, Integer> types = new EnumMap<>(ColumnType.class);
        for (Column c : t.columns()) types.merge(c.type(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        types.forEach((type, n) -> parts.add(n + " " + type.label()));
        String s = loaded.source() + ": " + plural(t.rowCount(), "row") + " x " + plural(t.columnCount(), "column")
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
        if (loaded.dataset() != null) {
            s += "\n" + loaded.dataset().title() + "; " + loaded.dataset().task().label() + " of '" + loaded.dataset().targetName() + "'";
        }
        return s;
    }

    /** "Missing values: none", or the total and the columns that have them, most first. */
    static String missing(Table t) {
        Map<String, Integer> byColumn = new LinkedHashMap<>();
        long total = 0;
        for (Column c : t.columns()) {
            int m = c.missingCount();
            if (m > 0) byColumn.put(c.name(), m);
            total += m;
        }
        if (total == 0) return "Missing values: none";
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(byColumn.entrySet());
        sorted.sort((a, b) -> b.getValue() - a.getValue());
        List<String> parts = new ArrayList<>();
        for (var e : sorted) parts.add(e.getKey() + " " + e.getValue());
        return "Missing values: " + total + " in " + plural(byColumn.size(), "column") + " (" + String.join(", ", parts) + ")";
    }

    /**
     * The count and share of each class of {@code target}, most frequent first (pandas'
     * {@code value_counts}); for a numeric column with many distinct values, a line saying it is a
     * regression target.
     */
    static String balance(Column target) {
        int n = target.size();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) if (!target.isMissing(r)) counts.merge(target.text(r), 1, Integer::sum);
        int present = n - target.missingCount();
        StringBuilder sb = new StringBuilder();
        if (target instanceof NumericColumn num && !fewWholeValues(num, counts.size())) {
            sb.append("Target '").append(target.name()).append("' is numeric with ").append(counts.size())
                    .append(" distinct values: a regression target (its statistics are in the table above)\n");
        } else {
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort((a, b) -> b.getValue() - a.getValue());
            sb.append("Class balance of '").append(target.name()).append("' (").append(plural(counts.size(), "class")).append("):\n");
            int width = "class".length();
            for (var e : sorted) width = Math.max(width, e.getKey().length());
            int countWidth = Math.max("count".length(), Integer.toString(present).length());
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %" + countWidth + "s  %6s%n", "class", "count", "share"));
            for (var e : sorted) {
                sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %" + countWidth + "d  %5.1f%%%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / present));
            }
            if (sorted.size() > 1) {
                var rarest = sorted.getLast();
                double share = (double) rarest.getValue() / present;
                if (share < RARE_CLASS_SHARE) {
                    sb.append(String.format(Locale.ROOT, "The rarest class '%s' is %.1f%% of the rows: accuracy can look good while"
                            + " it is never predicted; judge models by balanced accuracy, macro F1 and per-class recall,"
                            + " and split with stratification%n", rarest.getKey(), 100 * share));
                }
            }
        }
        if (target.missingCount() > 0) {
            sb.append(target.missingCount() == 1 ? "1 row has" : target.missingCount() + " rows have").append(" no value of '").append(target.name())
                    .append("'; drop them before training\n");
        }
        return sb.toString();
    }

    /** Whether a numeric column looks like class labels: few distinct values, all whole numbers. */
    private static boolean fewWholeValues(NumericColumn c, int distinct) {
        if (distinct > MAX_NUMERIC_CLASSES) return false;
        for (int r = 0; r < c.size(); r++) {
            double v = c.get(r);
            if (!Double.isNaN(v) && v != Math.rint(v)) return false;
        }
        return true;
    }

    static String plural(long n, String noun) {
        if (n == 1) return n + " " + noun;
        return n + " " + (noun.endsWith("s") ? noun + "es" : noun + "s");
    }
}
