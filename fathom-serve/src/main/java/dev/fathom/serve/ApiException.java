package dev.fathom.serve;

/**
 * A request the server refuses, with the HTTP status and the reason the client is told. Thrown
 * anywhere below {@link Routes}, which turns it into {@code {"error": ..., "record": ..., "field": ...}}.
 *
 * <p>It carries no stack trace: it is the expected answer to bad input, not a fault of the server,
 * so it is never logged and costs nothing to throw.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final int record;
    private final String field;

    /** A refusal about the request as a whole. */
    ApiException(int status, String message) {
        this(status, message, -1, null);
    }

    /**
     * A refusal about one record and field of a {@code POST /predict} body.
     *
     * @param record the record's index in the request, or -1 when the error is not about one record
     * @param field the field's name, or null when the error is not about one field
     */
    ApiException(int status, String message, int record, String field) {
        // One line whatever the client sent: texts quoted from the body (jackson's source excerpt, a field's value) may hold line breaks.
        super(message.replace("\r", "\\r").replace("\n", "\\n"), null, false, false);
        this.status = status;
        this.record = record;
        this.field = field;
    }

    int status() {
        return status;
    }

    /** The index of the record at fault, or -1. */
    int record() {
        return record;
    }

    /** The field at fault, or null. */
    String field() {
        return field;
    }
}
