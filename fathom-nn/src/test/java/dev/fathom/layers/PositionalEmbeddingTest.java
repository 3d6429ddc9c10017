package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionalEmbeddingTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("PositionalEmbedding learned", t -> PositionalEmbedding.learned(4).embeddingsInitializer(uniform(t, -1, 1)), 4, 3)
                .outputShape(4, 3).parameters(12).run();
        LayerTester.of("PositionalEmbedding learned, shorter input", t -> PositionalEmbedding.learned(7)
                .embeddingsInitializer(uniform(t, -1, 1)), 4, 3).outputShape(4, 3).parameters(21).run();
        LayerTester.of("PositionalEmbedding sinusoidal", t -> PositionalEmbedding.sinusoidal(), 5, 4).outputShape(5, 4).parameters(0).run();
    }

    @Test
    void sinusoidalIsTheTransformersEncoding() {
        PositionalEmbedding p = PositionalEmbedding.sinusoidal();
        build(p, 6, 4);
        double[] y = p.call(Tensor.zeros(DType.FLOAT64, 1, 6, 4), false).toDoubleArray();
        assertArrayEquals(new double[] {0, 1, 0, 1}, java.util.Arrays.copyOfRange(y, 0, 4), 1e-7);
        // Position 3, features 2 and 3: frequency 1 / 10000^(2/4) = 0.01.
        assertEquals(Math.sin(0.03), y[3 * 4 + 2], 1e-7);
        assertEquals(Math.cos(0.03), y[3 * 4 + 3], 1e-7);
        assertEquals(Math.sin(5), y[5 * 4], 1e-7);
    }

    @Test
    void learnedAddsTheFirstRowsOfItsTable() {
        PositionalEmbedding p = PositionalEmbedding.learned(5);
        build(p, 3, 2);
        Tensor table = p.weights().get(0).value();
        assertArrayEquals(new int[] {5, 2}, table.shape());
        Tensor x = Tensor.randn(new Generator(1), 2, 3, 2);
        Tensor y = p.call(x, false);
        double[] t = table.toDoubleArray();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 6; i++) assertEquals(x.get(b, i / 2, i % 2) + t[i], y.get(b, i / 2, i % 2), 1e-6);
        }
    }

    @Test
    void shapeErrorsAndConfig() {
        assertShapeError(() -> build(PositionalEmbedding.learned(4), 6, 3), "6 steps", "PositionalEmbedding.learned(6)");
        assertShapeError(() -> build(PositionalEmbedding.sinusoidal(), 6), "[batch, 6]", "Embedding");
        assertThrows(IllegalArgumentException.class, () -> PositionalEmbedding.learned(0));
        for (PositionalEmbedding p : new PositionalEmbedding[] {PositionalEmbedding.learned(9), PositionalEmbedding.sinusoidal()}) {
            assertEquals(p.config(), LayerConfigs.fromConfig(LayerConfigs.toConfig(p.name("pos"))).config());
        }
        assertTrue(PositionalEmbedding.sinusoidal().supportsMasking());
    }
}
