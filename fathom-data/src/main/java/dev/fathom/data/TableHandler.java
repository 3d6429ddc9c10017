package dev.fathom.data;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Receives the parser's fields one at a time and builds the table's columns as the file streams by.
 * A row is copied into a small buffer first and checked whole (field count, declared types) before
 * any column takes it, so a skipped row leaves no trace. The first row is held back until the end
 * when the header is to be detected, since only the rows below it say whether it is names or data.
 */
final class TableHandler extends CsvCallbackHandler<Object> implements CsvReader.Ending {
    private static final Object ROW = new Object();

    private final String source;
    private final CsvOptions options;
    private final boolean naFirst;
    private final List<CsvException> skipped = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private RecordType type = RecordType.DATA;
    private long line;
    private char[] chars = new char[256];
    private int used;
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private int fields;
    private boolean lastQuoted;
    private int multiline = -1;      // the first quoted field of this record that holds a line break
    private int multilineBreaks;
    private int controlCells;        // cells holding a control character, and the first few of them
    private final List<String> controls = new ArrayList<>();
    private final List<long[]> controlPlaces = new ArrayList<>();
    private long lastControlLine = -1;
    private int lastControlField = -1;

    private String[] first;          // the first row, while it may be the header
    private String[] names;
    private ColumnBuilder[] builders;
    private int rows;

    TableHandler(String source, CsvOptions options) {
        this.source = source;
        this.options = options;
        boolean numericNa = false;
        for (String na : options.naValues()) {
            char[] c = na.toCharArray();
            if (CellText.parseDouble(c, 0, c.length, new double[1], 0, options.decimalComma())
                    && !na.toLowerCase(java.util.Locale.ROOT).contains("nan")) numericNa = true;
        }
        this.naFirst = numericNa;
    }

    @Override protected RecordType getRecordType() { return type; }
    @Override protected int getFieldCount() { return fields; }

    @Override
    protected void beginRecord(long startingLineNumber) {
        line = startingLineNumber;
        type = RecordType.DATA;
        used = 0;
        fields = 0;
        multiline = -1;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            lengths = Arrays.copyOf(lengths, fields * 2);
        }
        if (used + len > chars.length) chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + len));
        System.arraycopy(buf, offset, chars, used, len);
        starts[fields] = used;
        lengths[fields] = len;
        used += len;
        fields++;
        lastQuoted = quoted;
        int breaks = 0;
        for (int i = offset, end = offset + len; i < end; i++) {
            char c = buf[i];
            if (c >= ' ') continue;
            if (c == '\n') breaks++;
            else if (c != '\t' && c != '\r') control(c, fields - 1);
        }
        if (quoted && breaks > 0 && multiline < 0) {
            multiline = fields - 1;
            multilineBreaks = breaks;
        }
    }

    /** Notes a cell with a control character (NUL, ...): text rarely holds one, and Java's number parser would drop it unseen. */
    private void control(char c, int field) {
        if (lastControlLine == line && lastControlField == field) return;   // one note per cell
        lastControlLine = line;
        lastControlField = field;
        controlCells++;
        if (controlPlaces.size() < ColumnBuilder.SHOWN) {
            controlPlaces.add(new long[] {line, field});
            controls.add(String.format("U+%04X", (int) c) + (c == 0 ? " (NUL)" : ""));
        }
    }

    @Override public long recordLine() { return line; }
    @Override public boolean endsQuoted() { return type == RecordType.DATA && fields > 0 && lastQuoted; }

    @Override protected void setComment(char[] buf, int offset, int len) { type = RecordType.COMMENT; }
    @Override protected void setEmpty() { type = RecordType.EMPTY; }

    @Override
    protected Object buildRecord() {
        if (type == RecordType.DATA) row();
        return ROW;
    }

    private String field(int i) {
        return new String(chars, starts[i], lengths[i]);
    }

    private void row() {
        if (builders == null) {
            start();
            return;
        }
        if (fields != builders.length) {
            String what = fields < builders.length ? "too few" : "too many";
            String against = (first == null && options.header() != Boolean.FALSE ? "header" : "first line") + " has " + builders.length;
            CsvHints hints = options.hints();
            if (multiline >= 0) {
                // A quote that is never closed swallows the line breaks after it until the next quote.
                bad(new CsvException(source, line, multiline + 1, names != null && multiline < names.length ? names[multiline] : null,
                        rowText(), "the quoted value that opens on this line runs over " + (multilineBreaks + 1) + " lines, to line "
                        + (line + multilineBreaks) + ", and leaves a row of " + fields + " fields where the " + against
                        + ": its closing quote (" + CsvOptions.show(options.quote()) + ") is probably missing. Close the quote, or double"
                        + " a quote that is part of the text (\"say \"\"hi\"\"\"); " + hints.skipBadRows() + " skips such rows"));
                return;
            }
            char delimiter = options.delimiterFor(source);
            bad(new CsvException(source, line, 0, null, rowText(),
                    "this row has " + fields + " fields but the " + against + " (" + what + "): the file is read as "
                            + (delimiter == '\t' ? "tab" : "'" + delimiter + "'") + "-separated, and a delimiter inside a value needs"
                            + " quotes (\"a" + delimiter + "b\"); if the file uses another delimiter, set it with "
                            + hints.delimiter(otherDelimiter(delimiter)) + ". " + hints.skipBadRows() + " skips such rows"));
            return;
        }
        for (int i = 0; i < fields; i++) {
            String problem = builders[i].check(chars, starts[i], lengths[i]);
            if (problem != null) {
                String text = field(i);
                String column = nameFor(i);
                bad(new CsvException(source, line, i + 1, column, text, CsvException.quoted(text) + " " + problem + " and "
                        + options.hints().declaredBecause(column, options.types().get(column)) + "; fix the value"
                        + (options.hints().declare(column, ColumnType.CATEGORICAL) == null ? "" : ", declare another type")
                        + ", or skip such rows with " + options.hints().skipBadRows()));
                return;
            }
        }
        for (int i = 0; i < fields; i++) builders[i].add(chars, starts[i], lengths[i], line);
        rows++;
    }

    /** The delimiter this row most likely meant, among the usual ones: the one it holds most of, else ';'. */
    private char otherDelimiter(char used) {
        String text = rowText();
        char best = used == ';' ? ',' : ';';
        long bestCount = 0;
        for (char c : new char[] {',', ';', '\t', '|'}) {
            if (c == used) continue;
            long n = text.chars().filter(ch -> ch == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    private String nameFor(int i) {
        return names != null ? names[i] : "column_" + (i + 1);
    }

    private String rowText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields && sb.length() < 80; i++) sb.append(i > 0 ? String.valueOf(options.delimiterFor(source)) : "").append(field(i));
        return sb.toString();
    }

    private void bad(CsvException e) {
        if (!options.skipBadRows()) throw e;
        skipped.add(e);
    }

    /** The first row: names, data, or held back until the rows below tell. */
    private void start() {
        String[] values = new String[fields];
        for (int i = 0; i < fields; i++) values[i] = field(i);
        Boolean header = options.header();
        if (header == null && !options.types().isEmpty()) {
            // A declared column name on the first line settles it.
            for (String v : values) if (options.types().containsKey(v)) header = true;
        }
        boolean blank = fields > 1;
        for (String v : values) blank &= v.isBlank();
        if (blank && header != Boolean.FALSE) {
            // A line of nothing but delimiters is a header whose names were left out, not a row of missing values.
            header = true;
            names = defaultNames(fields);
            warnings.add("the header (line " + line + ") holds no names, only " + (fields - 1) + " delimiters, so the columns are called "
                    + "column_1 to column_" + fields);
        } else if (header == null) {
            first = values;
        } else if (header) {
            names = uniqueNames(values);
        } else {
            names = defaultNames(fields);
        }
        String[] typeNames = names != null ? names : defaultNames(fields);
        checkDeclared(typeNames);
        builders = new ColumnBuilder[fields];
        for (int i = 0; i < fields; i++) {
            builders[i] = new ColumnBuilder(options.types().get(typeNames[i]), options.naValues(), naFirst, options.decimalComma());
        }
        if (header != null && !header) row();
    }

    private void checkDeclared(String[] typeNames) {
        Set<String> known = new HashSet<>(Arrays.asList(typeNames));
        for (String declared : options.types().keySet()) {
            if (!known.contains(declared)) {
                String near = Names.closest(declared, known);
                throw new IllegalArgumentException(source + ": CsvOptions.type names column '" + declared + "', which the file does not have"
                        + (near != null ? "; did you mean '" + near + "'?" : "") + " The columns are " + Arrays.asList(typeNames));
            }
        }
    }

    private static String[] defaultNames(int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = "column_" + (i + 1);
        return s;
    }

    /** Header names made usable: a blank one becomes column_N, a repeated one gets .1, .2 (as pandas does). */
    private String[] uniqueNames(String[] raw) {
        String[] out = new String[raw.length];
        Map<String, Integer> seen = new HashMap<>();
        Set<String> all = new HashSet<>(Arrays.asList(raw));
        for (int i = 0; i < raw.length; i++) {
            String n = raw[i].strip();
            if (n.isEmpty()) {
                n = "column_" + (i + 1);
                warnings.add("column " + (i + 1) + " has no name in the header; it is called '" + n + "'");
            }
            String base = n;
            int k = seen.merge(base, 1, Integer::sum) - 1;
            while (k > 0 && all.contains(n = base + "." + k)) k++;
            if (k > 0) {
                all.add(n);
                warnings.add("the header names '" + base + "' more than once; column " + (i + 1) + " is called '" + n + "'");
            }
            out[i] = n;
        }
        return out;
    }

    /** Decides a held-back first row: a header when one of its values does not fit its column below. */
    private boolean firstIsHeader() {
        int against = 0;
        int forHeader = 0;
        boolean strong = false;
        for (int i = 0; i < first.length; i++) {
            String v = first[i];
            if (v.isEmpty() || options.naValues().contains(v) || builders[i].isNumber(v) || CellText.isDate(v)) {
                against++;      // names are rarely blank, numbers or dates
                continue;
            }
            int fit = builders[i].fits(v);
            if (fit < 0) strong = true;
            else if (fit > 0) against++;
            else forHeader++;
        }
        return strong || (forHeader > 0 && against == 0);
    }

    /** The table, after the last row; throws for an empty or header-only file. */
    Table finish() {
        if (builders == null) {
            throw new CsvException(source, 0, 0, null, null, "the file is empty: it has no header and no rows. "
                    + "Check the path, or whether the file was still being written");
        }
        if (first != null) {
            if (firstIsHeader()) {
                names = uniqueNames(first);
            } else {
                names = defaultNames(first.length);
                for (int i = 0; i < first.length; i++) builders[i].prepend(first[i]);
                rows++;
            }
        }
        if (rows == 0) {
            String lines = skipped.isEmpty() ? "" : " (" + skipped.size() + " bad rows were skipped: lines " + skippedLines() + ")";
            String header = String.join(String.valueOf(options.delimiterFor(source)), first != null ? first : names);
            throw new CsvException(source, 0, 0, null, header, first != null || options.header() == Boolean.TRUE
                    ? "the file has a header (" + CsvException.quoted(header) + ") but no data rows" + lines
                            + (options.header() == null && options.hints().header(false) != null
                                    ? "; if that line is data, read it with " + options.hints().header(false) : "")
                    : "the file has no data rows" + lines);
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < builders.length; i++) {
            builders[i].settle(names[i], options.hints());
            warnings.addAll(builders[i].warnings());
            Column c = builders[i].build(names[i]);
            String note = Description.constantNote(c);
            if (note != null) warnings.add(note);
            columns.put(names[i], c);
        }
        if (controlCells > 0) warnings.add(controlNote());
        return Table.of(List.copyOf(columns.values()));
    }

    /** Where the control characters are: "U+0000 (NUL) at line 3, column 2 'x', ... and 4 more cells". */
    private String controlNote() {
        StringBuilder sb = new StringBuilder(controlCells == 1 ? "1 value holds" : controlCells + " values hold")
                .append(" a control character, which text rarely holds: ");
        for (int i = 0; i < controlPlaces.size(); i++) {
            int field = (int) controlPlaces.get(i)[1];
            sb.append(i > 0 ? ", " : "").append(controls.get(i)).append(" at line ").append(controlPlaces.get(i)[0])
                    .append(", column ").append(field + 1);
            if (names != null && field < names.length) sb.append(" '").append(names[field]).append('\'');
        }
        if (controlCells > controlPlaces.size()) sb.append(" and ").append(controlCells - controlPlaces.size()).append(" more");
        return sb.append(". They are kept in the values (such a value is not a number); a NUL often means the file was cut off while"
                + " being written, is binary, or is UTF-16 read as another encoding").toString();
    }

    private List<Long> skippedLines() {
        return skipped.stream().map(CsvException::line).toList();
    }

    List<CsvException> skipped() {
        return skipped;
    }

    List<String> warnings() {
        return warnings;
    }
}
