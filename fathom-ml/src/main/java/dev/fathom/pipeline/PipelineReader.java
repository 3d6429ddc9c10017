package dev.fathom.pipeline;

import java.nio.file.Path;

/**
 * Reads a model file of another format as a {@link Pipeline}, so that {@link Pipeline#load} (and
 * with it {@code fathom predict}, {@code evaluate} and {@code serve}) takes it like a
 * {@code .fathom} file. Found with {@link java.util.ServiceLoader} ({@code provides} in
 * module-info, {@code META-INF/services} on the class path): fathom-onnx reads {@code .onnx} files
 * this way, and nothing below it names fathom-onnx.
 *
 * <pre>{@code
 * public final class OnnxPipelineReader implements PipelineReader {
 *     public boolean reads(Path file) { return file.getFileName().toString().endsWith(".onnx"); }
 *     public Pipeline read(Path file) { ... }
 * }
 * }</pre>
 */
public interface PipelineReader {
    /** Whether this reader takes {@code file}, from its name alone (its extension). */
    boolean reads(Path file);

    /**
     * The pipeline in {@code file}.
     *
     * @throws dev.fathom.saving.ModelFileException naming the file and what is wrong with it
     */
    Pipeline read(Path file);
}
