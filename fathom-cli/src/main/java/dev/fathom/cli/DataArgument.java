package dev.fathom.cli;

import dev.fathom.data.ColumnType;
import dev.fathom.data.CsvException;
import dev.fathom.data.CsvOptions;
import dev.fathom.data.CsvReader;
import dev.fathom.data.CsvReport;
import dev.fathom.data.Names;
import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DATA argument of {@code predict}, {@code evaluate} and {@code describe}: a CSV or TSV file
 * (read by {@link CsvReader}, whose errors name the line), the name of a built-in data set
 * ({@link Datasets#load}), or a folder (of images, for image models). An existing file or folder
 * wins over a data set of the same name, so {@code ./iris} always means the file.
 */
final class DataArgument {
    private DataArgument() {}

    /**
     * A table and where it came from.
     *
     * @param table   the rows
     * @param source  the file, or the data set's name, for messages
     * @param report  what the CSV reader skipped and warned about; null for a built-in data set
     * @param dataset the built-in data set; null for a file
     */
    record Loaded(Table table, String source, CsvReport report, TabularDataset dataset) {
        /** The reader's warnings and skipped lines, one line each, for stderr; empty for a built-in data set. */
        List<String> notes() {
            if (report == null) return List.of();
            List<String> notes = new java.util.ArrayList<>();
            if (!report.skippedRows().isEmpty()) notes.add(report.summary());
            for (String w : report.warnings()) notes.add(source + ": " + w);
            return notes;
        }
    }

    /** Whether DATA names a folder (of images) rather than a table. */
    static boolean isFolder(String data) {
        return Files.isDirectory(Path.of(data));
    }

    /**
     * Reads DATA as a table with the column types inferred.
     *
     * @throws IllegalArgumentException when DATA is neither a file nor a built-in data set (naming
     *     the closest data set), or is a folder
     * @throws CsvException naming the line of a malformed row
     */
    static Loaded table(String data, CsvOptions options) {
        Path file = Path.of(data);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(data + " is a folder; this command reads a table: give a CSV or TSV file, or the"
                    + " name of a built-in data set " + Datasets.tabularNames());
        }
        if (Files.exists(file) || looksLikePath(data)) {
            CsvReport report = CsvReader.load(file, options);
            return new Loaded(report.table(), data, report, null);
        }
        TabularDataset dataset = dataset(data);
        return new Loaded(dataset.table(), dataset.name(), null, dataset);
    }

    /**
     * Reads DATA as a table whose columns have the types a model expects. The file is read with the
     * types inferred first; when a column the model knows was inferred as another type (zip codes
     * that look like numbers, a number column with a stray word), it is read again with those types
     * declared, so that numbers stay text where the model wants categories, and a word in a numeric
     * column is reported with its line, as {@link CsvReader} does. Columns the model does not know,
     * and columns the file lacks, are left to the model's own check.
     */
    static Loaded tableFor(String data, Map<String, ColumnType> expected, boolean skipBadRows) {
        CsvOptions options = CsvOptions.defaults().skipBadRows(skipBadRows);
        Loaded first = table(data, options);
        if (first.report() == null) return first;
        CsvOptions declared = options;
        boolean differs = false;
        for (var column : first.table().columns()) {
            ColumnType want = expected.get(column.name());
            if (want == null) continue;
            declared = declared.type(column.name(), want);
            differs |= want != column.type();
        }
        return differs ? table(data, declared) : first;
    }

    /** A name with a folder separator or a file extension is meant as a file, even when it does not exist. */
    private static boolean looksLikePath(String data) {
        return data.contains("/") || data.contains(java.io.File.separator) || data.contains(".");
    }

    private static TabularDataset dataset(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (Datasets.tabularNames().contains(key)) return Datasets.load(key);
        if (Datasets.imageNames().contains(key)) {
            throw new IllegalArgumentException("'" + name + "' is an image data set; give a folder of images instead (one"
                    + " subfolder per class for evaluate)");
        }
        String near = Names.closest(key, Datasets.tabularNames());
        throw new IllegalArgumentException("'" + name + "' is neither a file nor a built-in data set"
                + (near != null ? "; did you mean '" + near + "'?" : ".") + " Give a CSV or TSV file (no file "
                + Path.of(name).toAbsolutePath() + " exists), or one of the built-in data sets " + Datasets.tabularNames());
    }
}
