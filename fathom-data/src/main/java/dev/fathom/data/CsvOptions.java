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
 * How {@link CsvReader} reads a file: delimiter, quote, decimal separator, header, text encoding,
 * which texts mean a missing value, declared column types and what to do with bad rows. Immutable:
 * each method returns a changed copy, so a set of options can be kept in a constant and varied per file.
 *
 * <p>What is not set is sniffed from the start of the file ({@link CsvDialect}): the delimiter among
 * ',', ';', tab and '|'; the quote (double or single); a decimal comma where another character
 * separates the fields and numbers are written {@code 1,5}; the encoding from a byte-order mark, or
 * UTF-16 from its zero bytes, else UTF-8. {@link CsvReport#dialect()} says what was found.
 *
 * <pre>{@code
 * CsvOptions semicolons = CsvOptions.defaults()
 *         .delimiter(';')
 *         .decimal(',')                               // 1,5 is one and a half
 *         .charset(StandardCharsets.ISO_8859_1)
 *         .naValues("-", "n/a")                       // added to the defaults ("", NA, NaN, ?, ...)
 *         .type("zip", ColumnType.CATEGORICAL)        // keep "02134" as text
 *         .skipBadRows(true);
 * Table t = CsvReader.read(Path.of("sales.csv"), semicolons);
 * }</pre>
 */
public final class CsvOptions {
    /**
     * The texts read as a missing value unless replaced: pandas' {@code read_csv} default
     * {@code na_values}, plus "?".
     */
    public static final List<String> DEFAULT_NA_VALUES = List.of(
            "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "NULL", "null", "None", "#N/A", "#N/A N/A", "#NA", "<NA>",
            "-1.#IND", "1.#IND", "-1.#QNAN", "1.#QNAN", "?");

    private static final CsvOptions DEFAULTS = new CsvOptions();

    private Character delimiter;
    private Character quote;
    private Character decimal;
    private Boolean header;
    private Charset charset;
    private boolean replaceMalformed;
    private Set<String> naValues = Set.copyOf(DEFAULT_NA_VALUES);
    private Map<String, ColumnType> types = Map.of();
    private boolean skipBadRows;
    private CsvHints hints = CsvHints.JAVA;

    private CsvOptions() {}

    private CsvOptions copy() {
        CsvOptions c = new CsvOptions();
        c.delimiter = delimiter;
        c.quote = quote;
        c.decimal = decimal;
        c.header = header;
        c.charset = charset;
        c.replaceMalformed = replaceMalformed;
        c.naValues = naValues;
        c.types = types;
        c.skipBadRows = skipBadRows;
        c.hints = hints;
        return c;
    }

    /**
     * Everything sniffed: the delimiter (',' unless the file shows another; tab for names ending in
     * {@code .tsv} or {@code .tab} when tabs fit), the quote, the decimal separator and the encoding
     * (UTF-8 unless a byte-order mark or UTF-16's zero bytes say otherwise, with an error on bytes
     * that are not text); header detected, {@link #DEFAULT_NA_VALUES}, types inferred, an error on
     * the first bad row.
     */
    public static CsvOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Fields are separated by {@code delimiter}: ',', '\t', ';', '|', ... (not sniffed then).
     *
     * @throws IllegalArgumentException when it is the quote character, the decimal comma or a line break
     */
    public CsvOptions delimiter(char delimiter) {
        if (delimiter == '\r' || delimiter == '\n' || delimiter == quote()) {
            throw new IllegalArgumentException("the delimiter cannot be " + show(delimiter)
                    + ": it must differ from the quote character (" + show(quote()) + ") and from line breaks");
        }
        if (decimal != null && delimiter == decimal) {
            throw new IllegalArgumentException("the delimiter cannot be " + show(delimiter) + " while it is also the decimal separator;"
                    + " files with decimal commas separate their fields with ';' (or tabs)");
        }
        CsvOptions c = copy();
        c.delimiter = delimiter;
        return c;
    }

    /** Tab-separated values: the same as {@code delimiter('\t')}. */
    public CsvOptions tsv() {
        return delimiter('\t');
    }

    /**
     * Fields that contain the delimiter or line breaks are enclosed in {@code quote} (a quote inside is
     * written twice, as RFC 4180 says). Not sniffed then.
     *
     * @throws IllegalArgumentException when it is the delimiter or a line break
     */
    public CsvOptions quote(char quote) {
        if (quote == '\r' || quote == '\n' || (delimiter != null && quote == delimiter)) {
            throw new IllegalArgumentException("the quote character cannot be " + show(quote)
                    + ": it must differ from the delimiter and from line breaks");
        }
        CsvOptions c = copy();
        c.quote = quote;
        return c;
    }

    /**
     * The decimal separator of numbers: '.' ({@code 1.5}) or ',' ({@code 1,5}, as Excel writes in
     * much of Europe, with ';' between fields). Not sniffed then.
     *
     * @throws IllegalArgumentException for other characters, or ',' while ',' is the delimiter
     */
    public CsvOptions decimal(char decimal) {
        if (decimal != '.' && decimal != ',') {
            throw new IllegalArgumentException("the decimal separator must be '.' or ',', got " + show(decimal));
        }
        if (delimiter != null && decimal == delimiter) {
            throw new IllegalArgumentException("the decimal separator cannot be " + show(decimal) + " while it is also the delimiter;"
                    + " set another delimiter first (files with decimal commas use ';')");
        }
        CsvOptions c = copy();
        c.decimal = decimal;
        return c;
    }

    /**
     * Whether the first line holds the column names. Without this call the reader decides: the first
     * line is a header when one of its values does not fit the type of its column below (a name over
     * numbers), when it holds nothing but delimiters, or, when every column is text, when none of its
     * values appears again below. Without a header the columns are named {@code column_1}, {@code column_2}, ...
     */
    public CsvOptions header(boolean header) {
        CsvOptions c = copy();
        c.header = header;
        return c;
    }

    /**
     * The text encoding of the file (not sniffed then). A byte-order mark at the start of the file
     * is skipped, and a UTF-16 mark overrides this.
     */
    public CsvOptions charset(Charset charset) {
        if (charset == null) throw new IllegalArgumentException("charset is null; pass e.g. StandardCharsets.ISO_8859_1");
        CsvOptions c = copy();
        c.charset = charset;
        return c;
    }

    /**
     * Whether bytes that are not valid in the charset become U+FFFD ('\uFFFD') instead of an error naming
     * the line (default false: an error, since a wrong charset usually means every accented name is wrong).
     */
    public CsvOptions replaceMalformed(boolean replace) {
        CsvOptions c = copy();
        c.replaceMalformed = replace;
        return c;
    }

    /** Adds texts that mean a missing value (compared exactly, after the quotes are removed). */
    public CsvOptions naValues(String... more) {
        Set<String> s = new LinkedHashSet<>(naValues);
        for (String v : more) s.add(checkNa(v));
        CsvOptions c = copy();
        c.naValues = Collections.unmodifiableSet(s);
        return c;
    }

    /** Replaces the texts that mean a missing value (an empty field is always missing). */
    public CsvOptions onlyNaValues(String... values) {
        Set<String> s = new LinkedHashSet<>();
        s.add("");
        for (String v : values) s.add(checkNa(v));
        CsvOptions c = copy();
        c.naValues = Collections.unmodifiableSet(s);
        return c;
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
        CsvOptions c = copy();
        c.types = Collections.unmodifiableMap(t);
        return c;
    }

    /**
     * Whether a malformed row (wrong number of fields, a value that does not fit a declared type) is
     * left out, and listed in {@link CsvReport#skippedRows()}, instead of stopping the read with a
     * {@link CsvException} (default false).
     */
    public CsvOptions skipBadRows(boolean skip) {
        CsvOptions c = copy();
        c.skipBadRows = skip;
        return c;
    }

    /**
     * How messages name the options that fix a problem (default {@link CsvHints#JAVA}, the methods of
     * this class); a command line passes its flags' names.
     */
    public CsvOptions hints(CsvHints hints) {
        if (hints == null) throw new IllegalArgumentException("hints is null; the default is CsvHints.JAVA");
        CsvOptions c = copy();
        c.hints = hints;
        return c;
    }

    /** The delimiter for a source of this name when none is set or sniffed: tab for .tsv/.tab names, else comma. */
    public char delimiterFor(String sourceName) {
        if (delimiter != null) return delimiter;
        String n = sourceName == null ? "" : sourceName.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tsv") || n.endsWith(".tab") || n.endsWith(".tsv.txt") ? '\t' : ',';
    }

    /** The delimiter set, or null when it is sniffed. */
    public Character delimiter() {
        return delimiter;
    }

    /** The quote character: the one set, else the double quote. */
    public char quote() {
        return quote != null ? quote : '"';
    }

    /** The decimal separator set ('.' or ','), or null when it is sniffed. */
    public Character decimal() {
        return decimal;
    }

    /** Whether the first line is a header: true, false, or null to detect it. */
    public Boolean header() {
        return header;
    }

    /** The text encoding: the one set, else UTF-8 (a byte-order mark or UTF-16's zero bytes override UTF-8 when none is set). */
    public Charset charset() {
        return charset != null ? charset : StandardCharsets.UTF_8;
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

    /** How messages name the options that fix a problem. */
    public CsvHints hints() {
        return hints;
    }

    boolean quoteSet() {
        return quote != null;
    }

    boolean charsetSet() {
        return charset != null;
    }

    /** These options with everything the sniffer found set, so that the parser reads exactly that dialect. */
    CsvOptions resolved(CsvDialect d) {
        CsvOptions c = copy();
        c.delimiter = d.delimiter();
        c.quote = d.quote();
        c.decimal = d.decimal();
        c.charset = d.charset();
        return c;
    }

    /** Whether numbers are written with a decimal comma (after sniffing). */
    boolean decimalComma() {
        return decimal != null && decimal == ',';
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
        return "CsvOptions[delimiter=" + (delimiter == null ? "auto" : show(delimiter)) + ", quote=" + (quote == null ? "auto" : show(quote))
                + ", decimal=" + (decimal == null ? "auto" : show(decimal)) + ", header=" + (header == null ? "auto" : header)
                + ", charset=" + (charset == null ? "auto" : charset) + ", replaceMalformed=" + replaceMalformed + ", naValues=" + naValues
                + ", types=" + types + ", skipBadRows=" + skipBadRows + "]";
    }
}
