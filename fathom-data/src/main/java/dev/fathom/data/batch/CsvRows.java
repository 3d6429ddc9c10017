package dev.fathom.data.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a numeric CSV file one line at a time, for converting files larger than memory: a header
 * line of column names, then rows of numbers. Fields may be quoted ({@code "1.5"}, with {@code ""}
 * for a quote inside); a field cannot span lines. Errors name the file, the line, the column and
 * the offending text.
 */
final class CsvRows {
    private final Path path;
    private final BufferedReader reader;
    private final char delimiter;
    private final List<String> header;
    private int line;

    CsvRows(Path path, BufferedReader reader, char delimiter) throws IOException {
        this.path = path;
        this.reader = reader;
        this.delimiter = delimiter;
        String first = nextLine();
        if (first == null) throw new IllegalArgumentException(path + " is empty; a CSV file needs a header line of column names");
        if (!first.isEmpty() && first.charAt(0) == '\uFEFF') first = first.substring(1);   // a byte-order mark
        this.header = List.copyOf(fields(first));
    }

    /** The column names of the header line. */
    List<String> header() {
        return header;
    }

    /** The next data row's values, or null at the end of the file. Blank lines are skipped. */
    double[] next() throws IOException {
        String text;
        do {
            text = nextLine();
            if (text == null) return null;
        } while (text.isBlank());
        List<String> cells = fields(text);
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(path + " line " + line + ": " + cells.size() + " fields but the header has "
                    + header.size() + " columns " + header + "; check the delimiter ('" + delimiter + "') and quoting");
        }
        double[] values = new double[cells.size()];
        for (int c = 0; c < values.length; c++) {
            String cell = cells.get(c).strip();
            String where = path + " line " + line + ", column " + (c + 1) + " ('" + header.get(c) + "')";
            if (cell.isEmpty()) {
                throw new IllegalArgumentException(where + ": the value is missing; the streaming conversion takes complete"
                        + " numeric rows, so impute or drop missing values first (read the file as a Table to do that)");
            }
            try {
                values[c] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + cell + "' is not a number; the streaming conversion takes"
                        + " numeric columns only, so encode text columns first (read the file as a Table and use an encoder)"
                        + " or leave them out of the file");
            }
        }
        return values;
    }

    /** The line number of the row {@link #next()} returned last (1 is the header). */
    int line() {
        return line;
    }

    private String nextLine() throws IOException {
        String s = reader.readLine();
        if (s != null) line++;
        return s;
    }

    private List<String> fields(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(path + " line " + line + ": a quoted field is not closed; close it with \""
                    + " (fields spanning several lines are not supported)");
        }
        out.add(cell.toString());
        return out;
    }
}
