package dev.fathom.onnx;

import dev.fathom.models.Model;
import dev.fathom.models.ModelReader;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An {@code .onnx} file as a {@link Model} ({@link Onnx#load}), so {@link Model#load} and
 * {@code fathom train --base} take ONNX files (found by {@link java.util.ServiceLoader}).
 *
 * <pre>{@code
 * Model net = Model.load(Path.of("net.onnx"));   // a Functional, as Onnx.load gives
 * }</pre>
 */
public final class OnnxModelReader implements ModelReader {
    @Override
    public boolean reads(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Model read(Path file) {
        return Onnx.load(file);
    }
}
