package dev.fathom.data;

import java.util.List;

/**
 * What {@link CsvReader#load} read: the table, the rows it skipped (with
 * {@link CsvOptions#skipBadRows(boolean)}), the dialect it read them in, and warnings about the data (a column that changed type
 * part way down, a column whose values are all missing or all equal, renamed headers).
 *
 * <pre>{@code
 * CsvReport r = CsvReader.load(Path.of("survey.csv"), CsvOptions.defaults().skipBadRows(true));
 * Table t = r.table();
 * System.out.println(r.skippedLines());   // [17, 230]
 * r.warnings().forEach(System.out::println);
 * }</pre>
 *
 * @param table       the rows that were read
 * @param source      the file or stream name
 * @param skippedRows one error per skipped row, in file order
 * @param warnings    notes about the data, one sentence each
 * @param dialect     the delimiter, quote, decimal separator and encoding the file was read with
 */
public record CsvReport(Table table, String source, List<CsvException> skippedRows, List<String> warnings, CsvDialect dialect) {
    /** Copies the lists. */
    public CsvReport {
        skippedRows = List.copyOf(skippedRows);
        warnings = List.copyOf(warnings);
    }

    /** A report of a read whose dialect is not known (null). */
    public CsvReport(Table table, String source, List<CsvException> skippedRows, List<String> warnings) {
        this(table, source, skippedRows, warnings, null);
    }

    /** The lines of the skipped rows, in file order. */
    public List<Long> skippedLines() {
        return skippedRows.stream().map(CsvException::line).toList();
    }

    /** A one-line account, e.g. {@code data.csv: 1000 rows x 5 columns, 2 bad rows skipped (lines 17, 230), 1 warning}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(source).append(": ").append(table.rowCount()).append(" rows x ")
                .append(table.columnCount()).append(" columns");
        if (!skippedRows.isEmpty()) {
            List<Long> lines = skippedLines();
            sb.append(", ").append(skippedRows.size()).append(" bad row").append(skippedRows.size() == 1 ? "" : "s")
                    .append(" skipped (line").append(lines.size() == 1 ? " " : "s ");
            int shown = Math.min(lines.size(), 10);
            for (int i = 0; i < shown; i++) sb.append(i > 0 ? ", " : "").append(lines.get(i));
            if (lines.size() > shown) sb.append(", ...");
            sb.append(')');
        }
        if (!warnings.isEmpty()) sb.append(", ").append(warnings.size()).append(" warning").append(warnings.size() == 1 ? "" : "s");
        return sb.toString();
    }
}
