package dev.fathom.data;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import dev.fathom.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads CSV and TSV files into a {@link Table}, inferring each column's type (numeric, categorical,
 * boolean, date) as the rows stream by, in one pass. What {@link CsvOptions} leave open (delimiter,
 * quote, decimal comma, encoding) is sniffed from the first 64 KiB ({@link CsvDialect}). A column is
 * numeric when at least 95% of its values are numbers: the few others become missing values, with a
 * warning naming their lines. Parsing (quotes, delimiters, line breaks inside
 * quotes) is FastCSV's; numbers are read by FastDoubleParser. Missing values are empty fields and
 * the texts in {@link CsvOptions#naValues()} (NA, NaN, ?, ...). A malformed row or a value that does
 * not fit a declared type stops the read with a {@link CsvException} naming the file, line, column
 * and text, or is skipped with {@link CsvOptions#skipBadRows(boolean)}. For an all-numeric file,
 * {@link #readTensor} goes straight to a float32 tensor without a table in between.
 *
 * <pre>{@code
 * Table t = CsvReader.read(Path.of("housing.csv"));
 * System.out.println(t.head(5));
 * System.out.println(t.describe());
 * Table u = CsvReader.read(Path.of("scores.tsv"));                     // tab-separated by its name
 * Table v = CsvReader.parse("x,label\n1.5,yes\n2.0,no\n");              // text in memory
 * Tensor x = CsvReader.readTensor(Path.of("features.csv"), CsvOptions.defaults());   // float32 [rows, cols]
 * }</pre>
 */
public final class CsvReader {
    private CsvReader() {}

    /** Reads a CSV (or, by its name, TSV) file with {@link CsvOptions#defaults()}. */
    public static Table read(Path file) {
        return read(file, CsvOptions.defaults());
    }

    /**
     * Reads a CSV file. Warnings (stray words read as missing, a constant column) go to the logger
     * {@code dev.fathom.data}, and so does the dialect (at INFO) when it is not comma-separated UTF-8.
     */
    public static Table read(Path file, CsvOptions options) {
        return log(load(file, options));
    }

    /** Reads CSV text from a stream, named {@code name} in messages; the stream is closed. */
    public static Table read(InputStream in, String name, CsvOptions options) {
        return log(load(in, name, options));
    }

    /**
     * Reads a CSV file on the class path (inside a jar, or under {@code src/main/resources}), e.g.
     * {@code "dev/fathom/datasets/iris.csv"}.
     *
     * @throws IllegalArgumentException when there is no such resource
     */
    public static Table readResource(String resource, CsvOptions options) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(path);
        if (in == null) in = CsvReader.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalArgumentException("no resource '" + path + "' on the class path; resource names are "
                    + "paths inside a jar or a resources folder, separated by '/', without a leading '/'");
        }
        return read(in, path, options);
    }

    /** Reads CSV text held in a string (tests, examples, small tables), with {@link CsvOptions#defaults()}. */
    public static Table parse(String csv) {
        return parse(csv, CsvOptions.defaults());
    }

    /** Reads CSV text held in a string. */
    public static Table parse(String csv, CsvOptions options) {
        return read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "<text>",
                options.charset(StandardCharsets.UTF_8));
    }

    /**
     * Reads a CSV file and says what happened besides the table: skipped rows and warnings.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @throws CsvException             when the file is empty, has only a header, or a bad row is not skipped
     */
    public static CsvReport load(Path file, CsvOptions options) {
        return load(open(file), file.toString(), options);
    }

    /** Reads CSV text from a stream, named {@code name} in messages, with a report; the stream is closed. */
    public static CsvReport load(InputStream in, String name, CsvOptions options) {
        Sniffed s = sniff(in, name, options);
        TableHandler handler = new TableHandler(name, s.options());
        parse(s.in(), name, s.options(), handler, true);
        Table table = handler.finish();
        return new CsvReport(table, name, handler.skipped(), handler.warnings(), s.dialect());
    }

    /**
     * A stream whose first bytes were read to find the dialect and are read again by the parser,
     * with the options resolved to that dialect.
     */
    record Sniffed(InputStream in, CsvDialect dialect, CsvOptions options) {}

    /** Reads the start of {@code in} to find what {@code options} leave open; closes the stream when that read fails. */
    static Sniffed sniff(InputStream in, String name, CsvOptions options) {
        byte[] sample;
        try {
            sample = in.readNBytes(CsvSniffer.SAMPLE_BYTES);
        } catch (IOException | RuntimeException e) {
            throw closedAfter(e, in, name);
        }
        CsvDialect dialect = CsvSniffer.sniff(sample, sample.length, sample.length < CsvSniffer.SAMPLE_BYTES, name, options);
        InputStream again = new java.io.SequenceInputStream(new ByteArrayInputStream(sample), in);
        return new Sniffed(again, dialect, options.resolved(dialect));
    }

    /**
     * Reads an all-numeric CSV file straight into a float32 tensor {@code [rows, columns]}, without a
     * table of doubles in between: the memory it needs is little more than the tensor's. Missing
     * values become NaN. Large files are parsed in line-aligned parts on several threads.
     *
     * @throws CsvException when a value is not a number, naming its line and column (use
     *     {@link #read} for files with text columns)
     */
    public static Tensor readTensor(Path file, CsvOptions options) {
        return FloatMatrixReader.read(file, options);
    }

    /**
     * Closes {@code in} after a failed first read of it (a close that fails too is added as
     * suppressed) and returns the failure to throw: a runtime exception as it is, an I/O error as
     * an {@link UncheckedIOException} naming the stream.
     */
    private static RuntimeException closedAfter(Exception e, InputStream in, String name) {
        try {
            in.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
        if (e instanceof RuntimeException r) return r;
        return new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), (IOException) e);
    }

    static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            Path dir = file.toAbsolutePath().getParent();
            throw new IllegalArgumentException("no file " + file.toAbsolutePath()
                    + (dir != null && !Files.isDirectory(dir) ? " (the folder " + dir + " does not exist either)" : ""), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the parse check at the end needs from a handler: FastCSV takes an unclosed quote at the end of the file silently. */
    interface Ending {
        /** The line where the last record began. */
        long recordLine();

        /** Whether the last field of the last record was quoted. */
        boolean endsQuoted();
    }

    /**
     * Runs FastCSV over the stream with our handler, turning its exceptions into ones that name the
     * place; returns the number of line breaks read.
     */
    static <H extends CsvCallbackHandler<Object> & Ending> long parse(InputStream in, String name, CsvOptions options, H handler, boolean bom) {
        char delimiter = options.delimiterFor(name);
        DecodingReader opened;
        try {
            opened = new DecodingReader(in, name, options.charset(), options.replaceMalformed(), bom, options.hints());
        } catch (IOException | RuntimeException e) {
            // The reader reads the byte-order mark in its constructor; when that fails it does not own the stream yet.
            throw closedAfter(e, in, name);
        }
        try (DecodingReader text = opened;
             var rows = de.siegmar.fastcsv.reader.CsvReader.builder()
                     .fieldSeparator(delimiter)
                     .quoteCharacter(options.quote())
                     .skipEmptyLines(true)
                     .allowExtraFields(true)       // the handler checks field counts, so that bad rows can be skipped
                     .allowMissingFields(true)
                     .allowExtraCharsAfterClosingQuote(false)
                     .build(handler, text)) {
            for (var it = rows.iterator(); it.hasNext(); ) it.next();
            // A closed quoted field at the end leaves the quote as the last character; an unclosed one ran to the end.
            if (handler.endsQuoted() && text.lastChar() != options.quote()) {
                throw new CsvException(name, handler.recordLine(), 0, null, null, "a quoted value that starts on this line is "
                        + "never closed: the quote (" + CsvOptions.show(options.quote()) + ") before it runs to the end of the file. "
                        + "Close it, or double a quote that is part of the text (\"say \"\"hi\"\"\")");
            }
            return text.newlines();
        } catch (CsvParseException e) {
            throw translate(e, name, options);
        } catch (UncheckedIOException e) {
            CsvException inner = find(e);
            if (inner != null) throw inner;
            throw new UncheckedIOException("cannot read " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeException translate(CsvParseException e, String name, CsvOptions options) {
        CsvException inner = find(e);
        if (inner != null) return inner;
        long line = lineOf(e.getMessage());
        String detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        String hint = detail.toLowerCase(java.util.Locale.ROOT).contains("quote")
                ? "a quoted value in the row that starts on this line is not closed where it should be: its closing quote ("
                        + CsvOptions.show(options.quote()) + ") is missing, or a quote inside it is not doubled (\"say \"\"hi\"\"\"),"
                        + " so a later quote ends it and is followed by other characters before the delimiter"
                : "the CSV structure is broken here";
        return new CsvException(name, line, 0, null, null, hint + " (the parser says: " + detail + ")");
    }

    /** The line in FastCSV's "Exception when reading record that started in line 5". */
    private static long lineOf(String message) {
        if (message == null) return 0;
        var m = java.util.regex.Pattern.compile("line (\\d+)").matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : message.contains("first record") ? 1 : 0;
    }

    private static CsvException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof CsvException c) return c;
        return null;
    }

    private static Table log(CsvReport report) {
        System.Logger logger = System.getLogger("dev.fathom.data");
        if (report.dialect() != null && !report.dialect().isUsual(report.source())) {
            logger.log(System.Logger.Level.INFO, "read " + report.source() + ": " + report.dialect().describe());
        }
        if (!report.skippedRows().isEmpty()) logger.log(System.Logger.Level.WARNING, report.summary());
        for (String w : report.warnings()) logger.log(System.Logger.Level.WARNING, report.source() + ": " + w);
        return report.table();
    }
}
