package dev.fathom.pipeline;

import java.io.Serial;

/**
 * Data given to a {@link Pipeline} that does not fit its schema: a missing column, a value of the
 * wrong type, an image of the wrong shape. The message says which record (for JSON records) and
 * which field or column, what was expected, what came, and the likely fix; {@link #record()} and
 * {@link #field()} give the place to programs, such as a server answering a bad request.
 *
 * <pre>{@code
 * try {
 *     pipeline.tableOf(records);
 * } catch (PipelineInputException e) {
 *     e.getMessage();   // record 3, field 'age': expected a number, got "abc"
 *     e.record();       // 3
 *     e.field();        // "age"
 * }
 * }</pre>
 */
public final class PipelineInputException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int record;
    private final String field;

    /**
     * An error about {@code field} of {@code record}.
     *
     * @param record the record's index (0-based), or -1 when the error is not about one record
     * @param field  the field or column, or null when the error is not about one
     */
    public PipelineInputException(int record, String field, String message) {
        super(oneLine(message));
        this.record = record;
        this.field = field;
    }

    /** An error about {@code field} of {@code record}, caused by a lower-level error. */
    public PipelineInputException(int record, String field, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.record = record;
        this.field = field;
    }

    /** The message on one line: values quoted from a record (a category, a field name) may hold line breaks. */
    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** The field or column at fault, or null when the error is not about one. */
    public String field() {
        return field;
    }

    /** The index of the record at fault (0-based), or -1 when the error is not about one record. */
    public int record() {
        return record;
    }
}
