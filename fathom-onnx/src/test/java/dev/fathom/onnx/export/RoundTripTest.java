package dev.fathom.onnx.export;

import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GRU;
import dev.fathom.layers.GlobalAveragePooling2D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerNormalization;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Padding;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.models.Functional;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.onnx.Onnx;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Fathom → ONNX → Fathom: a network exported with {@code Onnx.save} and read back with
 * {@code Onnx.load} predicts exactly what the original predicts, bit for bit: the imported graph
 * runs the same Fathom primitives in the same order.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    private record Case(String name, int[] shape, Layer[] layers) {}

    @TestFactory
    Stream<DynamicTest> exportedNetworksLoadBackWithTheSamePredictions() {
        return Stream.of(
                new Case("MLP", new int[] {6}, new Layer[] {new Dense(8, "relu"), new Dropout(0.3), new Dense(3, "softmax")}),
                new Case("CNN with BatchNormalization", new int[] {1, 8, 8}, new Layer[] {new Conv2D(4, 3, "relu").padding(Padding.SAME),
                        new BatchNormalization(), new MaxPool2D(2), new Conv2D(3, 3).strides(2), new GlobalAveragePooling2D(), new Dense(2)}),
                new Case("CNN with Flatten", new int[] {2, 6, 6}, new Layer[] {new Conv2D(3, 2).dilation(2), new Flatten(), new Dense(4)}),
                new Case("LSTM classifier", new int[] {5, 3}, new Layer[] {new LSTM(6).returnSequences(true), new LSTM(4), new Dense(2)}),
                new Case("GRU with LayerNormalization", new int[] {4, 3}, new Layer[] {new GRU(5), new LayerNormalization(), new Dense(3)}),
                new Case("backwards LSTM and Bidirectional GRU", new int[] {5, 3}, new Layer[] {new LSTM(4).goBackwards(true)
                        .returnSequences(true), new Bidirectional(new GRU(3)), new Dense(2)}),
                new Case("Transformer encoder", new int[] {4, 6}, new Layer[] {PositionalEmbedding.sinusoidal(),
                        new TransformerEncoder(8, 2), new Dense(2)}),
                new Case("causal Transformer encoder, learned positions", new int[] {5, 6}, new Layer[] {PositionalEmbedding.learned(7),
                        new TransformerEncoder(8, 3).useCausalMask(true).normalizeFirst(true), new Dense(2)})
        ).map(c -> DynamicTest.dynamicTest(c.name, () -> roundTrip(c)));
    }

    private void roundTrip(Case c) {
        Model model = new Sequential(c.layers).seed(4).build(c.shape);
        ModelExportTest.perturb(model);
        Path file = dir.resolve(c.name.replace(' ', '_') + ".onnx");
        Onnx.save(model, file);
        Functional back = Onnx.load(file);
        int[] shape = new int[c.shape.length + 1];
        shape[0] = 5;
        System.arraycopy(c.shape, 0, shape, 1, c.shape.length);
        Tensor x = Tensor.rand(new Generator(9), shape).mul(2).sub(1);
        Tensor expected = model.predict(x);
        Tensor actual = back.predict(x);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), c.name + ": loaded back, the same predictions to the bit");
    }

}
