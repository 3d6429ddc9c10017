package dev.fathom.data;

import dev.fathom.tensor.Tensor;
import java.nio.file.Path;

final class FloatMatrixReader {
    static Tensor read(Path file, CsvOptions options) {
        return CsvReader.read(file, options).toTensor();
    }
}
