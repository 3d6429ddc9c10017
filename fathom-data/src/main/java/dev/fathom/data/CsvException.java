package dev.fathom.data;

/**
 * A CSV file that cannot be read as it is: a malformed row, a value that does not fit its column,
 * bytes that are not text in the file's encoding, an empty file. The message names the file, the
 * line, the column and the offending text, and says how to fix it; the same parts are available as
 * fields for programs.
 *
 * <pre>{@code
 * try {
 *     Table t = CsvReader.read(Path.of("prices.csv"));
 * } catch (CsvException e) {
 *     System.err.println(e.getMessage());
 *     // prices.csv, line 7, column 3 'price': 'twelve' is not a number; ...
 *     e.line();      // 7
 *     e.text();      // twelve
 * }
 * }</pre>
 */
public final class CsvException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 60;

    private final String source;
    private final long line;
    private final int column;
    private final String columnName;
    private final String text;

    /**
     * An error at a place in a file.
     *
     * @param source     the file or stream name
     * @param line       the 1-based line, or 0 when the error is about the whole file
     * @param column     the 1-based column (field) number, or 0 when the error is about the whole line
     * @param columnName the column's name, or null
     * @param text       the offending text, or null
     * @param problem    what is wrong and how to fix it
     */
    public CsvException(String source, long line, int column, String columnName, String text, String problem) {
        super(oneLine(where(source, line, column, columnName) + ": " + problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.columnName = columnName;
        this.text = text;
    }

    /** The message on one line: a column name or text quoted from the file may hold line breaks. */
    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String where(String source, long line, int column, String columnName) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) sb.append(", line ").append(line);
        if (column > 0) sb.append(", column ").append(column);
        if (columnName != null) sb.append(" '").append(columnName).append('\'');
        return sb.toString();
    }

    /** The text quoted for a message, cut to a readable length. */
    static String quoted(String text) {
        String t = text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // Control characters are shown, not printed: a NUL would end the line in some terminals.
                    if (c < ' ' || c == 0x7F) sb.append(String.format("\\u%04X", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('\'').toString();
    }

    /** The file or stream name. */
    public String source() {
        return source;
    }

    /** The 1-based line where the problem is, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }

    /** The 1-based column (field) number, or 0 when the problem concerns the whole line. */
    public int column() {
        return column;
    }

    /** The column's name, or null when unknown. */
    public String columnName() {
        return columnName;
    }

    /** The offending text, or null. */
    public String text() {
        return text;
    }
}
