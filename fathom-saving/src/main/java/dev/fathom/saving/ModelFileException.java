package dev.fathom.saving;

import dev.fathom.backend.DeviceUnavailableException;

import java.io.Serial;

/**
 * A model file could not be written, read or trusted. The message names the file, says what is
 * wrong (truncated, not a zip, a checksum that does not match, a weight of the wrong shape, a
 * format version this Fathom cannot read...) and how to fix it where there is a fix. A load that
 * throws has changed nothing: no model is returned half-loaded.
 *
 * <pre>{@code
 * try {
 *     Model model = Model.load(Path.of("mnist.fathom"));
 * } catch (ModelFileException e) {
 *     System.err.println(e.getMessage());
 *     // cannot load model file 'mnist.fathom': weights.safetensors fails its SHA-256 check ...
 * }
 * }</pre>
 */
public class ModelFileException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public ModelFileException(String message) {
        super(oneLine(message));
    }

    /** An error with its message and the lower-level cause (an I/O error, a JSON syntax error). */
    public ModelFileException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** The message on one line: names and texts quoted from a hostile file may hold line breaks. */
    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
    }

    /**
     * Runs {@code read}, a load of a saved file, and reports what it refuses as this exception:
     * an {@code IllegalArgumentException} or {@code IllegalStateException} from the checks along the
     * way (a bad config, a shape that does not fit) becomes {@code where + ": " + its message}.
     */
    public static <T> T whileLoading(String where, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ModelFileException e) {
            throw e;
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
    }
}
