package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    private static Dropout built(Dropout d, long modelSeed, int... shape) {
        d.build(shape, new Generator(modelSeed));
        return d;
    }

    @Test
    void passesTheLayerHarness() {
        // The harness checks gradients in inference mode (identity); training is checked below.
        LayerTester.of("Dropout(0.5)", t -> new Dropout(0.5), 3, 4).outputShape(3, 4).parameters(0).run();
    }

    @Test
    void isTheIdentityAtInference() {
        Dropout d = built(new Dropout(0.9), 1, 10);
        Tensor x = Tensor.randn(new Generator(1), 4, 10);
        assertSame(x, d.call(x, false));
        Dropout none = built(new Dropout(0), 1, 10);
        assertSame(x, none.call(x, true));
    }

    @Test
    void dropsTheRateAndPreservesTheMeanInTraining() {
        double rate = 0.3;
        Dropout d = built(new Dropout(rate, 11), 1, 1000);
        Tensor x = Tensor.full(2, 100, 1000);
        float[] y = d.call(x, true).toFloatArray();
        int zeros = 0;
        double sum = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(2 / (1 - rate), v, 1e-5, "kept values are scaled by 1 / (1 - rate)");
            sum += v;
        }
        // 100k Bernoulli(0.3) draws: the standard error of the fraction is 0.0015; allow 4 of them.
        assertEquals(rate, zeros / 1e5, 0.006);
        assertEquals(2, sum / 1e5, 2 * 0.006 / (1 - rate));
    }

    @Test
    void sameSeedSameMasks() {
        Tensor x = Tensor.ones(8, 50);
        float[] a = built(new Dropout(0.5, 42), 1, 50).call(x, true).toFloatArray();
        float[] b = built(new Dropout(0.5, 42), 2, 50).call(x, true).toFloatArray();
        assertArrayEquals(a, b, "an explicit seed fixes the masks whatever the model seed");
        float[] c = built(new Dropout(0.5, 43), 1, 50).call(x, true).toFloatArray();
        assertFalse(java.util.Arrays.equals(a, c), "another seed, another mask");

        // No seed: the masks follow the generator given to build.
        float[] m1 = built(new Dropout(0.5), 7, 50).call(x, true).toFloatArray();
        float[] m2 = built(new Dropout(0.5), 7, 50).call(x, true).toFloatArray();
        float[] m3 = built(new Dropout(0.5), 8, 50).call(x, true).toFloatArray();
        assertArrayEquals(m1, m2);
        assertFalse(java.util.Arrays.equals(m1, m3));

        // Each call draws a new mask.
        Dropout d = built(new Dropout(0.5, 42), 1, 50);
        assertFalse(java.util.Arrays.equals(d.call(x, true).toFloatArray(), d.call(x, true).toFloatArray()));
    }

    @Test
    void reseedRestartsTheMaskSequence() {
        // Models reseed at each epoch start; the same seed must give the same masks, another seed others.
        Tensor x = Tensor.ones(8, 50);
        Dropout d = built(new Dropout(0.5, 42), 1, 50);
        assertEquals(42L, d.seed());
        d.reseed(7);
        float[] first = d.call(x, true).toFloatArray();
        float[] second = d.call(x, true).toFloatArray();
        d.reseed(7);
        assertArrayEquals(first, d.call(x, true).toFloatArray());
        assertArrayEquals(second, d.call(x, true).toFloatArray());
        d.reseed(8);
        assertFalse(java.util.Arrays.equals(first, d.call(x, true).toFloatArray()));
        assertEquals(null, new Dropout(0.5).seed(), "no seed of its own: the model's is used");
    }

    @Test
    void aSeedDoesNotChangeTheOtherLayersWeights() {
        Generator g1 = new Generator(3);
        new Dropout(0.5).build(new int[] {4}, g1);
        Generator g2 = new Generator(3);
        new Dropout(0.5, 99).build(new int[] {4}, g2);
        assertEquals(g1.nextLong(), g2.nextLong());
    }

    @Test
    void gradientIsTheScaledMask() {
        double rate = 0.25;
        Dropout d = built(new Dropout(rate, 5), 1, 6);
        Tensor x = Tensor.randn(new Generator(4), 3, 6).asType(DType.FLOAT64).requiresGrad(true);
        Tensor y = d.call(x, true);
        assertEquals(DType.FLOAT64, y.dtype());
        y.sum().backward();
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] grad = x.grad().toDoubleArray();
        for (int i = 0; i < xv.length; i++) {
            boolean kept = yv[i] != 0;
            assertEquals(kept ? xv[i] / (1 - rate) : 0, yv[i], 1e-15);
            assertEquals(kept ? 1 / (1 - rate) : 0, grad[i], 1e-15);
        }
    }

    @Test
    void rateMustBeAFraction() {
        for (double bad : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(bad));
            assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5).build(new int[] {3}, null));
        assertEquals("{rate=0.5, seed=3}", new Dropout(0.5, 3).config().toString());
        assertEquals("{rate=0.1}", new Dropout(0.1).config().toString());
    }
}
