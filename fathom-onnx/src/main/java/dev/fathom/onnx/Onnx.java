package dev.fathom.onnx;

import dev.fathom.models.Functional;
import dev.fathom.saving.ModelFileException;

import java.nio.file.Path;

/**
 * ONNX files in and out of Fathom. {@link #load(Path)} turns an ONNX graph into a {@link Functional}
 * model whose initializers are trainable weights: it predicts, evaluates, fine-tunes and saves as
 * a {@code .fathom} file like any model built in Fathom.
 *
 * <pre>{@code
 * Functional net = Onnx.load(Path.of("resnet18.onnx"));
 * Tensor logits = net.predict(images);                 // [N, 3, 224, 224] -> [N, 1000]
 * net.save(Path.of("resnet18.fathom"));
 * }</pre>
 */
public final class Onnx {
    private Onnx() {
    }

    /**
     * Reads an ONNX model (opsets 11 to 21) as a Fathom model. Everything is checked before a model
     * is returned: a file that is not ONNX, is truncated, misses its external data, declares tensors
     * larger than its bytes, or uses operators Fathom does not import (all are listed, with node
     * names and counts) is refused whole.
     *
     * @throws ModelFileException naming the file and what is wrong with it
     */
    public static Functional load(Path path) {
        return OnnxImporter.importModel(OnnxFile.read(path), path);
    }
}
