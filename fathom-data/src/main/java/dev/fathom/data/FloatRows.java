package dev.fathom.data;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receives one part of an all-numeric CSV file from the parser and writes each field as a float
 * straight into chunks of rows. A row is written in place and only counted when it is whole and
 * good, so a bad row costs nothing to drop. The first part reads the header and sizes its first
 * array from the file's length; later parts fill fixed-size chunks that are copied after it.
 */
final class FloatRows extends CsvCallbackHandler<Object> implements CsvReader.Ending {
    private static final Object ROW = new Object();
    private static final int FIRST_ROWS = 4096;      // rows read before the size of the whole is estimated
    private static final int CHUNK_ROWS = 1 << 16;

    /** A bad row, with its line counted from the start of this part. */
    record Bad(long line, int column, String columnName, String text, String problem) {}

    private final String source;
    private final CsvOptions options;
    private final boolean firstPart;
    private final long bytes;
    private final boolean naFirst;
    private final boolean comma;      // decimal comma

    final List<float[]> chunks = new ArrayList<>();
    final List<Bad> bad = new ArrayList<>();
    int cols = -1;
    int rows;
    long newlines;

    private String[] names;
    private float[] chunk;
    private int base;          // where the current row starts in the chunk
    private int field;
    private long line;
    private boolean lastQuoted;
    private Bad rowProblem;
    private long chars;        // characters of the rows read, to estimate how many rows the file holds
    private RecordType type = RecordType.DATA;
    private final List<Integer> fills = new ArrayList<>();

    FloatRows(String source, CsvOptions options, boolean firstPart, long bytes) {
        this.source = source;
        this.options = options;
        this.firstPart = firstPart;
        this.bytes = bytes;
        this.comma = options.decimalComma();
        boolean numericNa = false;
        for (String na : options.naValues()) if (!na.isEmpty() && CellText.isNumber(na, options.decimalComma()) && !na.toLowerCase(java.util.Locale.ROOT).contains("nan")) numericNa = true;
        this.naFirst = numericNa;
    }

    @Override protected RecordType getRecordType() { return type; }
    @Override protected int getFieldCount() { return field; }
    @Override public long recordLine() { return line; }
    @Override public boolean endsQuoted() { return type == RecordType.DATA && field > 0 && lastQuoted; }
    @Override protected void setComment(char[] buf, int offset, int len) { type = RecordType.COMMENT; }
    @Override protected void setEmpty() { type = RecordType.EMPTY; }

    @Override
    protected void beginRecord(long startingLineNumber) {
        line = startingLineNumber;
        type = RecordType.DATA;
        field = 0;
        rowProblem = null;
        if (cols > 0) ensureRoom();
    }

    @Override
    protected void addField(char[] buf, int off, int len, boolean quoted) {
        int i = field++;
        lastQuoted = quoted;
        chars += len + 1;
        if (cols < 0) {
            header(buf, off, len, i);
            return;
        }
        if (i >= cols || rowProblem != null) return;
        int at = base + i;
        if (len == 0) {
            chunk[at] = Float.NaN;
        } else if (naFirst && options.naValues().contains(new String(buf, off, len))) {
            chunk[at] = Float.NaN;
        } else if (!CellText.parseFloat(buf, off, len, chunk, at, comma)) {
            String text = new String(buf, off, len);
            if (options.naValues().contains(text)) {
                chunk[at] = Float.NaN;
            } else {
                rowProblem = new Bad(line, i + 1, names != null ? names[i] : null, text, CsvException.quoted(text)
                        + " is not a number; CsvReader.readTensor reads files whose columns are all numeric: read this one with "
                        + "CsvReader.read(...) and encode its text columns, or skip such rows with " + options.hints().skipBadRows());
            }
        }
    }

    /** The first record of the first part: a header, or the first row (whose values are then re-read as data). */
    private List<String> pending;

    private void header(char[] buf, int off, int len, int i) {
        if (pending == null) pending = new ArrayList<>();
        pending.add(new String(buf, off, len));
    }

    @Override
    protected Object buildRecord() {
        if (type != RecordType.DATA) return ROW;
        if (cols < 0) {
            startWith(pending);
            pending = null;
            return ROW;
        }
        if (field != cols) {
            rowProblem = new Bad(line, 0, null, null, "this row has " + field + " fields but the first line has " + cols
                    + ": every row needs one value per column (an empty field is a missing value). "
                    + options.hints().skipBadRows() + " skips such rows");
        }
        if (rowProblem != null) {
            if (!options.skipBadRows()) throw exception(rowProblem, 0);
            bad.add(rowProblem);
            return ROW;
        }
        rows++;
        base += cols;
        return ROW;
    }

    private void startWith(List<String> first) {
        cols = first.size();
        Boolean header = options.header();
        if (header == null) {
            // Without a declared header, a first line that is not all numbers or missing values is the header.
            header = false;
            for (String v : first) if (!v.isEmpty() && !options.naValues().contains(v) && !CellText.isNumber(v, comma)) header = true;
        }
        if (!firstPart) header = false;
        chunk = new float[Math.max(1, cols) * (firstPart ? FIRST_ROWS : CHUNK_ROWS)];
        if (header) {
            names = first.toArray(String[]::new);
            return;
        }
        // The first line is data: run it through the same path as every other row.
        beginRecord(line);
        for (String v : first) {
            char[] c = v.toCharArray();
            addField(c, 0, c.length, false);
        }
        buildRecord();
    }

    /** Makes room for one more row; the first part's first array grows to the estimated size of the whole file. */
    private void ensureRoom() {
        if (base + cols <= chunk.length) return;
        if (firstPart && chunks.isEmpty()) {
            long estimate = rows == 0 ? 2L * rows : (long) (bytes / ((double) chars / rows) * 1.02) + 1024;
            long grown = Math.max(estimate, (long) rows * 5 / 4 + 1024) * cols;
            if (grown <= Integer.MAX_VALUE - 8) {
                chunk = Arrays.copyOf(chunk, (int) grown);
                return;
            }
        }
        fills.add(base);
        chunks.add(chunk);
        chunk = new float[cols * CHUNK_ROWS];
        base = 0;
    }

    @Override
    protected void terminate() {
        if (chunk != null) {
            fills.add(base);
            chunks.add(chunk);
            chunk = null;
        }
    }

    /** How many floats of the chunk at {@code index} hold rows. */
    int fill(int index) {
        return fills.get(index);
    }

    CsvException exception(Bad b, long linesBefore) {
        return new CsvException(source, b.line() + linesBefore, b.column(), b.columnName(), b.text(), b.problem());
    }
}
