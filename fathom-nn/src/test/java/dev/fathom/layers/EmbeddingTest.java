package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingTest {

    private static Embedding float64(int vocab, int dims) {
        return new Embedding(vocab, dims).embeddingsInitializer(cast(DType.FLOAT64,
                Initializer.varianceScaling(1.0, "fan_in", "untruncated_normal")));
    }

    @Test
    void looksUpRowsOfTheTable() {
        Embedding e = new Embedding(10, 4);
        assertArrayEquals(new int[] {6, 4}, build(e, 6));
        assertEquals(40, e.parameterCount());
        assertEquals("embeddings", e.weights().get(0).name());
        Tensor table = e.weights().get(0).value();
        Tensor y = e.call(Tensor.of(new int[] {3, 0, 9, 3, 1, 2, 7, 7, 7, 5, 4, 8}, 2, 6), false);
        assertArrayEquals(new int[] {2, 6, 4}, y.shape());
        assertArrayEquals(table.select(0, 9).contiguous().toFloatArray(), y.select(0, 0).select(0, 2).contiguous().toFloatArray());
        assertArrayEquals(table.select(0, 5).contiguous().toFloatArray(), y.select(0, 1).select(0, 3).contiguous().toFloatArray());
        // Any number of axes: each id becomes a vector.
        assertArrayEquals(new int[] {3, 2, 4}, new Embedding(10, 4).build(new int[] {3, 2}, new Generator(1)));
        assertArrayEquals(new int[] {4}, new Embedding(10, 4).build(new int[0], new Generator(1)));
    }

    @Test
    void theDefaultTableIsStandardNormalLikePyTorch() {
        Embedding e = new Embedding(2000, 50);
        build(e, 3);
        double[] v = e.weights().get(0).value().toDoubleArray();
        double mean = 0, sq = 0;
        for (double x : v) mean += x / v.length;
        for (double x : v) sq += (x - mean) * (x - mean) / v.length;
        assertEquals(0, mean, 0.01);
        assertEquals(1, Math.sqrt(sq), 0.01);
    }

    @Test
    void theGradientReachesTheUsedRowsAndMatchesFiniteDifferences() {
        Embedding e = float64(6, 3);
        build(e, 4);
        Tensor table = e.weights().get(0).value();
        Tensor ids = Tensor.of(new int[] {1, 4, 4, 0, 5, 1, 1, 1}, 2, 4);
        double[] r = GradCheck64.normal(new Generator(5), 2 * 4 * 3);
        Tensor rt = Tensor.of(r, 2, 4, 3);
        e.call(ids, true).mul(rt).sum().backward();
        double[] grad = table.grad().toDoubleArray();
        for (int j = 0; j < 3; j++) assertEquals(0, grad[2 * 3 + j], 0, "id 2 is not in the batch: its row gets no gradient");
        double[] values = table.toDoubleArray();
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < values.length; i++) {
                double saved = values[i];
                values[i] = saved + 1e-6;
                table.assign(Tensor.of(values, 6, 3));
                double plus = e.call(ids, true).mul(rt).sum().item();
                values[i] = saved - 1e-6;
                table.assign(Tensor.of(values, 6, 3));
                double minus = e.call(ids, true).mul(rt).sum().item();
                values[i] = saved;
                table.assign(Tensor.of(values, 6, 3));
                assertEquals((plus - minus) / 2e-6, grad[i], 1e-6, "element " + i + " of the table");
            }
        }
    }

    @Test
    void anIdOutsideTheVocabularyIsNamedWithItsPlace() {
        Layer e = new Embedding(100, 8).name("words");
        build(e, 3);
        var big = assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new int[] {5, 7, 9, 12, 100, 3}, 2, 3), false));
        for (String part : new String[] {"Embedding 'words'", "token id 100", "[1, 1]", "vocabulary of 100", "ids 0..99",
                "make inputDim at least 101"}) {
            assertTrue(big.getMessage().contains(part), big.getMessage());
        }
        var negative = assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new int[] {5, -1, 9}, 1, 3), false));
        assertTrue(negative.getMessage().contains("token id -1 at [0, 1]"), negative.getMessage());
        assertTrue(negative.getMessage().contains("must not be negative"), negative.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new float[] {1, 2.5f, 3}, 1, 3), false));
        assertTrue(fraction.getMessage().contains("2.5 at [0, 1], which is not a token id"), fraction.getMessage());
        assertTrue(fraction.getMessage().contains("whole-number ids (int32)"), fraction.getMessage());
        var scaled = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new double[] {0.1049238070845604, 2.0000001}, 1, 2), false));
        assertTrue(scaled.getMessage().contains("holds 0.1049 at [0, 0]"), "4 significant digits: " + scaled.getMessage());
        var nearWhole = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new double[] {3, 2.0000001}, 1, 2), false));
        assertTrue(nearWhole.getMessage().contains("holds 2.0000001 at [0, 1]"), "not rounded to a whole number: "
                + nearWhole.getMessage());
    }

    @Test
    void badSizesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 8));
        assertTrue(e.getMessage().contains("inputDim (the vocabulary size) must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Embedding(10, -2));
        assertTrue(e.getMessage().contains("outputDim (the vector size) must be >= 1, got -2"), e.getMessage());
    }

    @Test
    void configRoundTrips() {
        Embedding e = new Embedding(500, 32).embeddingsInitializer(Initializer.constant(0.5))
                .embeddingsRegularizer(Regularizer.l2(0.01));
        assertEquals("{inputDim=500, outputDim=32, embeddingsInitializer={name=constant, value=0.5},"
                + " embeddingsRegularizer={name=l2, l2=0.01}, maskZero=false}", e.config().toString());
        assertEquals(e.config(), Embedding.fromConfig(e.config()).config());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> Embedding.fromConfig(java.util.Map.of("inputDim", 5, "outputDim", 2, "mask_zero", true)));
        assertTrue(unknown.getMessage().contains("mask_zero"), unknown.getMessage());
    }

    /** Plain normal draws for the fixed weighting of the output. */
    private static final class GradCheck64 {
        static double[] normal(Generator g, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = g.nextNormal();
            return v;
        }
    }
}
