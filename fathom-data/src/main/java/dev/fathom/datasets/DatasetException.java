package dev.fathom.datasets;

import java.io.Serial;

/**
 * A data set could not be found, fetched, verified or read. The message names the file (or URL),
 * says what is wrong, and how to fix it where there is a fix.
 *
 * <pre>{@code
 * try {
 *     ImageDataset data = FashionMnist.load();
 * } catch (DatasetException e) {
 *     System.err.println(e.getMessage());   // where it looked, what failed, what to install
 * }
 * }</pre>
 */
public class DatasetException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public DatasetException(String message) {
        super(message);
    }

    /** An error with its message and the lower-level cause (an I/O error, a bad gzip stream). */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
