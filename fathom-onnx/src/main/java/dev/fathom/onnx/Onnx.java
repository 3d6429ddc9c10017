package dev.fathom.onnx;

import dev.fathom.models.Functional;
import dev.fathom.models.Model;
import dev.fathom.onnx.export.OnnxExport;
import dev.fathom.pipeline.Pipeline;
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

    /**
     * Writes {@code model} as an ONNX file (opset {@value OnnxExport#OPSET}, dynamic batch axis
     * {@code N}) that computes what {@code model.predict} does, atomically. Inputs keep their names
     * ({@code input} for a Sequential); the output is {@code output}. Every built-in layer is
     * written, masks of padded steps included; a layer ONNX cannot say (a user's own) is refused,
     * named, before anything is written.
     *
     * <pre>{@code
     * Onnx.save(model, Path.of("net.onnx"));   // then, in Python: onnxruntime.InferenceSession("net.onnx")
     * }</pre>
     *
     * @throws ModelFileException naming the file and the layer that cannot be exported, or the I/O error
     */
    public static void save(Model model, Path path) {
        String where = "cannot export the model to '" + path + "'";
        var proto = exporting(where, () -> OnnxExport.model(model));
        OnnxExport.write(proto, path, "the model");
    }

    /**
     * Writes {@code pipeline} as one ONNX file that turns raw columns into predictions: its
     * preprocessing as ONNX-ML operators, then its estimator. When every column is numeric the file
     * takes one float32 input {@code input [N, columns]} in the schema's column order, otherwise one
     * input per column (strings for categorical columns). A classifier outputs {@code label} and
     * {@code probabilities [N, classes]}, a regressor {@code prediction}; the class names and the
     * schema are in the file's metadata_props. See {@code docs/onnx.md}.
     *
     * <pre>{@code
     * Pipeline p = Pipeline.fit(train, "species", prep, new LogisticRegression());
     * Onnx.save(p, Path.of("iris.onnx"));
     * }</pre>
     *
     * @throws ModelFileException naming the file and the step or estimator that cannot be exported
     *     (nearest neighbours, ensembles, ...), or the I/O error
     */
    public static void save(Pipeline pipeline, Path path) {
        String where = "cannot export the pipeline to '" + path + "'";
        var proto = exporting(where, () -> OnnxExport.pipeline(pipeline));
        OnnxExport.write(proto, path, "the pipeline");
    }

    private static <T> T exporting(String where, java.util.function.Supplier<T> export) {
        try {
            return export.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(where + ": " + e.getMessage(), e);
        }
    }
}
