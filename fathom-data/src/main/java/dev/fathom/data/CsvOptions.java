package dev.fathom.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link CsvReader} reads a file: delimiter, quote, header, text encoding, which texts mean a
 * missing value, declared column types and what to do with bad rows. Immutable: each method returns
 * a changed copy, so a set of options can be kept in a constant and varied per file.
 *
 * <pre>{@code
 * CsvOptions semicolons = CsvOptions.defaults()
 *         .delimiter(';')
 *         .charset(StandardCharsets.ISO_8859_1)
 *         .naValues("-", "n/a")                       // added to the defaults ("", NA, NaN, ?, ...)
 *         .type("zip", ColumnType.CATEGORICAL)        // keep "02134" as text
 *         .skipBadRows(true);
 * Table t = CsvReader.read(Path.of("sales.csv"), semicolons);
 * }</pre>
 */
public final class CsvOptions {
    /** The texts read as a missing value unless replaced: what pandas' {@code read_csv} treats as NA, plus "?". */
    public static final List<String> DEFAULT_NA_VALUES = List.of(
            "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "NULL", "null", "None", "#N/A", "<NA>", "?");

    private static final CsvOptions DEFAULTS = new CsvOptions(null, '"', null, StandardCharsets.UTF_8, false,
            Set.copyOf(DEFAULT_NA_VALUES), Map.of(), false);

    private final Character delimiter;
    private final char quote;
    private final Boolean header;
    private final Charset charset;
    private final boolean replaceMalformed;
    private final Set<String> naValues;
    private final Map<String, ColumnType> types;
    private final boolean skipBadRows;

    private CsvOptions(Character delimiter, char quote, Boolean header, Charset charset, boolean replaceMalformed,
                       Set<String> naValues, Map<String, ColumnType> types, boolean skipBadRows) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.header = header;
        this.charset = charset;
        this.replaceMalformed = replaceMalformed;
        this.naValues = naValues;
        this.types = types;
        this.skipBadRows = skipBadRows;
    }

    /**
     * Comma-separated (tab-separated for names ending in {@code .tsv} or {@code .tab}), double quotes,
     * header detected, UTF-8 with an error on bytes that are not UTF-8, {@link #DEFAULT_NA_VALUES},
     * types inferred, an error on the first bad row.
     */
    public static CsvOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Fields are separated by {@code delimiter}: ',', '\t', ';', '|', ...
     *
     * @throws IllegalArgumentException when it is the quote character or a line break
     */
    public CsvOptions delimiter(char delimiter) {
        if (delimiter == '\r' || delimiter == '\n' || delimiter == quote) {
            throw new IllegalArgumentException("the delimiter cannot be " + show(delimiter)
                    + ": it must differ from the quote character (" + show(quote) + ") and from line breaks");
        }
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, types, skipBadRows);
    }

    /** Tab-separated values: the same as {@code delimiter('\t')}. */
    public CsvOptions tsv() {
        return delimiter('\t');
    }

    /**
     * Fields that contain the delimiter or line breaks are enclosed in {@code quote} (a quote inside is
     * written twice, as RFC 4180 says).
     *
     * @throws IllegalArgumentException when it is the delimiter or a line break
     */
    public CsvOptions quote(char quote) {
        if (quote == '\r' || quote == '\n' || (delimiter != null && quote == delimiter)) {
            throw new IllegalArgumentException("the quote character cannot be " + show(quote)
                    + ": it must differ from the delimiter and from line breaks");
        }
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, types, skipBadRows);
    }

    /**
     * Whether the first line holds the column names. Without this call the reader decides: the first
     * line is a header when one of its values does not fit the type of its column below (a name over
     * numbers), or, when every column is text, when none of its values appears again below.
     * Without a header the columns are named {@code column_1}, {@code column_2}, ...
     */
    public CsvOptions header(boolean header) {
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, types, skipBadRows);
    }

    /**
     * The text encoding of the file (default UTF-8). A byte-order mark at the start of the file is
     * skipped, and a UTF-16 mark overrides this.
     */
    public CsvOptions charset(Charset charset) {
        if (charset == null) throw new IllegalArgumentException("charset is null; pass e.g. StandardCharsets.ISO_8859_1");
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, types, skipBadRows);
    }

    /**
     * Whether bytes that are not valid in the charset become U+FFFD ('�') instead of an error naming
     * the line (default false: an error, since a wrong charset usually means every accented name is wrong).
     */
    public CsvOptions replaceMalformed(boolean replace) {
        return new CsvOptions(delimiter, quote, header, charset, replace, naValues, types, skipBadRows);
    }

    /** Adds texts that mean a missing value (compared exactly, after the quotes are removed). */
    public CsvOptions naValues(String... more) {
        Set<String> s = new LinkedHashSet<>(naValues);
        for (String v : more) s.add(checkNa(v));
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, Collections.unmodifiableSet(s), types, skipBadRows);
    }

    /** Replaces the texts that mean a missing value (an empty field is always missing). */
    public CsvOptions onlyNaValues(String... values) {
        Set<String> s = new LinkedHashSet<>();
        s.add("");
        for (String v : values) s.add(checkNa(v));
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, Collections.unmodifiableSet(s), types, skipBadRows);
    }

    /**
     * Declares the type of the column named {@code column} instead of inferring it. A value that does
     * not fit a declared numeric, boolean or date column is a bad row ({@link CsvException}).
     */
    public CsvOptions type(String column, ColumnType type) {
        Table.checkName(column);
        if (type == null) throw new IllegalArgumentException("the type of column '" + column + "' is null");
        Map<String, ColumnType> t = new LinkedHashMap<>(types);
        t.put(column, type);
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, Collections.unmodifiableMap(t), skipBadRows);
    }

    /**
     * Whether a malformed row (wrong number of fields, a value that does not fit a declared type) is
     * left out, and listed in {@link CsvReport#skippedRows()}, instead of stopping the read with a
     * {@link CsvException} (default false).
     */
    public CsvOptions skipBadRows(boolean skip) {
        return new CsvOptions(delimiter, quote, header, charset, replaceMalformed, naValues, types, skip);
    }

    /** The delimiter for a source of this name: the one set, else tab for .tsv/.tab names, else comma. */
    public char delimiterFor(String sourceName) {
        if (delimiter != null) return delimiter;
        String n = sourceName == null ? "" : sourceName.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tsv") || n.endsWith(".tab") || n.endsWith(".tsv.txt") ? '\t' : ',';
    }

    /** The quote character. */
    public char quote() {
        return quote;
    }

    /** Whether the first line is a header: true, false, or null to detect it. */
    public Boolean header() {
        return header;
    }

    /** The text encoding. */
    public Charset charset() {
        return charset;
    }

    /** Whether undecodable bytes become U+FFFD instead of an error. */
    public boolean replaceMalformed() {
        return replaceMalformed;
    }

    /** The texts that mean a missing value. */
    public Set<String> naValues() {
        return naValues;
    }

    /** The declared column types, by column name. */
    public Map<String, ColumnType> types() {
        return types;
    }

    /** Whether bad rows are skipped instead of stopping the read. */
    public boolean skipBadRows() {
        return skipBadRows;
    }

    private static String checkNa(String v) {
        if (v == null) throw new IllegalArgumentException("a missing-value text is null; use \"\" for empty fields");
        return v;
    }

    static String show(char c) {
        return switch (c) {
            case '\t' -> "'\\t' (tab)";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }

    @Override
    public String toString() {
        return "CsvOptions[delimiter=" + (delimiter == null ? "auto" : show(delimiter)) + ", quote=" + show(quote)
                + ", header=" + (header == null ? "auto" : header) + ", charset=" + charset
                + ", replaceMalformed=" + replaceMalformed + ", naValues=" + naValues + ", types=" + types
                + ", skipBadRows=" + skipBadRows + "]";
    }
}
