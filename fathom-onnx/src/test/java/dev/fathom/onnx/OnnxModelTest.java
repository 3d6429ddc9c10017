package dev.fathom.onnx;

import dev.fathom.backend.DType;
import dev.fathom.layers.Weight;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.models.Fit;
import dev.fathom.models.Functional;
import dev.fathom.models.Model;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An imported network is a Fathom model like any other: it saves, loads back and fine-tunes. */
class OnnxModelTest {
    @TempDir
    Path dir;

    static Golden.Case golden(String name) {
        return Golden.load("/onnx/golden.txt").stream().filter(c -> c.toString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyFixtureSavesAsFathomAndLoadsBackWithTheSamePredictions() {
        for (Golden.Case c : Golden.load("/onnx/golden.txt")) {
            Functional imported = Onnx.load(OnnxImportTest.fixture(c.str("file")));
            Path saved = dir.resolve(c + ".fathom");
            imported.save(saved);
            Model back = Model.load(saved);
            Tensor x = c.tensor("x", "x.shape", DType.FLOAT32);
            assertArrayEquals(imported.predict(x).toDoubleArray(), back.predict(x).toDoubleArray(), c + ": predictions after load");
        }
    }

    @Test
    void initializersAreTrainableAndFineTuningUpdatesThem() {
        Golden.Case c = golden("cnn_batchnorm");
        Functional model = Onnx.load(OnnxImportTest.fixture(c.str("file")));
        long trainable = model.layers().stream().flatMap(l -> l.weights().stream()).filter(Weight::trainable)
                .mapToLong(w -> w.value().size()).sum();
        // Conv 1x6x3x3+6, conv 6x8x3x3+8 (BatchNorm folded in by the exporter), Linear 72x4+4.
        assertTrue(trainable == 6 * 9 + 6 + 8 * 6 * 9 + 8 + 72 * 4 + 4, "trainable weights: " + trainable);
        Tensor x = Tensor.randn(new Generator(1), 8, 1, 12, 12);
        Tensor target = Tensor.randn(new Generator(2), 8, 4);
        double[] before = model.predict(x).toDoubleArray();
        model.compile(new SGD(0.05), new MeanSquaredError());
        double first = model.evaluate(x, target).get("loss");
        model.fit(x, target, Fit.epochs(20).batchSize(8).shuffle(false));
        double last = model.evaluate(x, target).get("loss");
        assertFalse(Arrays.equals(before, model.predict(x).toDoubleArray()), "fit changed nothing");
        assertTrue(last < first, "loss went from " + first + " to " + last);
    }
}
