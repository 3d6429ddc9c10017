package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {

    /** Rows of three features with means near 5, -2, 0 and spreads 2, 0.5, 10. */
    private static Tensor features(long seed, int n) {
        Generator g = new Generator(seed);
        double[] v = new double[n * 3];
        for (int i = 0; i < n; i++) {
            v[3 * i] = 5 + 2 * g.nextNormal();
            v[3 * i + 1] = -2 + 0.5 * g.nextNormal();
            v[3 * i + 2] = 10 * g.nextNormal();
        }
        return Tensor.of(v, n, 3);
    }

    @Test
    void adaptLearnsThePerFeatureMeanAndBiasedVariance() {
        Tensor x = Tensor.of(new double[] {1, 10, 3, 20, 5, 60, 7, 30}, 4, 2);
        Normalization norm = new Normalization().adapt(x);
        // feature 0: 1, 3, 5, 7 -> mean 4, variance (9 + 1 + 1 + 9) / 4 = 5
        // feature 1: 10, 20, 60, 30 -> mean 30, variance (400 + 100 + 900 + 0) / 4 = 350
        assertArrayEquals(new float[] {4, 30}, norm.mean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {5, 350}, norm.variance().toFloatArray(), 1e-4f);
        assertEquals(DType.FLOAT32, norm.mean().dtype());
        assertTrue(norm.isAdapted());
        assertArrayEquals(new int[] {2}, norm.inputShape(), "adapt builds the layer from the data");

        Tensor y = norm.call(Tensor.of(new double[] {4, 30, 9, 30 + Math.sqrt(350)}, 2, 2), false);
        assertArrayEquals(new double[] {0, 0, 5 / Math.sqrt(5), 1}, y.toDoubleArray(), 1e-6);
    }

    @Test
    void normalizedDataHasZeroMeanAndUnitVariance() {
        Tensor x = features(1, 500);
        Normalization norm = new Normalization().adapt(x);
        double[] y = norm.call(x, false).toDoubleArray();
        for (int f = 0; f < 3; f++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < 500; i++) mean += y[3 * i + f] / 500;
            for (int i = 0; i < 500; i++) sq += (y[3 * i + f] - mean) * (y[3 * i + f] - mean) / 500;
            assertEquals(0, mean, 1e-5, "feature " + f);
            assertEquals(1, sq, 1e-5, "feature " + f);
        }
    }

    @Test
    void perChannelStatisticsOfImagesAlongAxisOne() {
        // [n=2, channels=2, 1, 2]: channel 0 holds 0, 2 | 4, 6; channel 1 holds 1, 1 | 1, 5.
        Tensor x = Tensor.of(new double[] {0, 2, 1, 1, 4, 6, 1, 5}, 2, 2, 1, 2);
        Normalization norm = new Normalization(1).adapt(x);
        assertArrayEquals(new float[] {3, 2}, norm.mean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {5, 3}, norm.variance().toFloatArray(), 1e-6f);
        assertEquals(4, norm.weights().get(2).value().item(), "count: values per statistic");
        double[] y = norm.call(x, false).toDoubleArray();
        assertEquals(-3 / Math.sqrt(5), y[0], 1e-6);
        assertEquals(3 / Math.sqrt(3), y[7], 1e-6);
    }

    @Test
    void statisticsAreNonTrainableWeightsWithoutGradients() {
        Normalization norm = new Normalization();
        build(norm, 3);
        assertEquals(7, norm.parameterCount(), "mean, variance (3 each) and count, as Keras");
        assertEquals("mean", norm.weights().get(0).name());
        assertEquals("variance", norm.weights().get(1).name());
        assertEquals("count", norm.weights().get(2).name());
        for (Weight w : norm.weights()) assertFalse(w.trainable(), w.name());
        norm.adapt(features(2, 50));
        Tensor x = features(3, 4).requiresGrad(true);
        norm.call(x, true).sum().backward();
        assertNull(norm.mean().grad());
        assertNull(norm.variance().grad());
        assertEquals(4 * 3, x.grad().size());
    }

    @Test
    void gradientMatchesCentralDifferencesAndSamplesAreIndependent() {
        Normalization norm = new Normalization().adapt(features(4, 40));
        LayerTester.gradCheck("Normalization", norm, GradCheck.randn(new Generator(5), 3, 3), false);
        Normalization images = new Normalization(1).adapt(GradCheck.randn(new Generator(6), 10, 2, 3, 3).mul(3).add(1));
        LayerTester.gradCheck("Normalization(1)", images, GradCheck.randn(new Generator(7), 2, 2, 3, 3), true);
        Tensor batch = features(8, 5);
        double[] whole = norm.call(batch, false).toDoubleArray();
        double[] alone = norm.call(batch.slice(0, 4, 5), false).toDoubleArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 12, 15), alone, 1e-12);
    }

    @Test
    void callingBeforeAdaptSaysToAdapt() {
        Normalization norm = new Normalization();
        build(norm, 3);
        norm.name("norm");
        var e = assertThrows(IllegalStateException.class, () -> norm.call(Tensor.zeros(2, 3), false));
        assertTrue(e.getMessage().contains("Normalization 'norm' has no statistics yet"), e.getMessage());
        assertTrue(e.getMessage().contains("adapt(data)"), e.getMessage());
        assertFalse(norm.isAdapted());
    }

    @Test
    void rebuildingKeepsTheStatisticsForTheSameShapeAndRefusesAnother() {
        Normalization norm = new Normalization().adapt(features(9, 30));
        float[] mean = norm.mean().toFloatArray();
        build(norm, 3); // what a Sequential model does to every layer when it is built
        assertTrue(norm.isAdapted());
        assertArrayEquals(mean, norm.mean().toFloatArray());
        assertShapeError(() -> build(norm, 4), "Normalization", "adapted to data with 3 features", "[batch, 4]",
                "adapt it again");
        assertShapeError(() -> norm.adapt(Tensor.zeros(5, 4)), "Normalization", "[batch, 4]", "takes [batch, 3]");
    }

    @Test
    void shapeErrorsNameTheAxisAndInput() {
        assertShapeError(() -> build(new Normalization(2), 3), "Normalization", "axis 2 is out of range", "[batch, 3]",
                "from 1 to 1");
        assertShapeError(() -> build(new Normalization()), "Normalization", "[batch]", "[batch, 1]");
        var batch = assertThrows(IllegalArgumentException.class, () -> new Normalization(0));
        assertTrue(batch.getMessage().contains("axis 0 is the batch axis"), batch.getMessage());
    }

    @Test
    void configRoundTripsAndLoadedWeightsCarryTheStatistics() {
        assertEquals(Map.of("axis", -1), new Normalization().config());
        Normalization norm = new Normalization(-1).adapt(features(10, 20));
        Normalization back = Normalization.fromConfig(norm.config());
        assertEquals(norm.config(), back.config());
        assertEquals(1, Normalization.fromConfig(Map.of("axis", 1.0)).axis());
        // What loading a saved model does: build from the config, then write each saved weight.
        build(back, 3);
        assertFalse(back.isAdapted());
        for (int i = 0; i < 3; i++) back.weights().get(i).value().assign(norm.weights().get(i).value());
        Tensor x = features(11, 4);
        assertArrayEquals(norm.call(x, false).toDoubleArray(), back.call(x, false).toDoubleArray(), 0);
    }
}
