package dev.fathom.models;

import java.nio.file.Path;

/**
 * Reads a network file of another format as a {@link Model}, so that {@link Model#load(Path)} (and
 * with it {@code fathom train --base}) takes it like a {@code .fathom} file. Found with
 * {@link java.util.ServiceLoader} ({@code provides} in module-info, {@code META-INF/services} on the
 * class path): fathom-onnx reads {@code .onnx} files this way, and nothing below it names fathom-onnx.
 *
 * <pre>{@code
 * public final class OnnxModelReader implements ModelReader {
 *     public boolean reads(Path file) { return file.getFileName().toString().endsWith(".onnx"); }
 *     public Model read(Path file) { return Onnx.load(file); }
 * }
 * }</pre>
 */
public interface ModelReader {
    /** Whether this reader takes {@code file}, from its name alone (its extension). */
    boolean reads(Path file);

    /**
     * The model in {@code file}.
     *
     * @throws dev.fathom.saving.ModelFileException naming the file and what is wrong with it
     */
    Model read(Path file);
}
