package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.MaskedRecurrentGoldenTest.lengthMask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers that make masks (Masking, Embedding.maskZero) and the global poolings that read them:
 * values worked out by hand, gradients, configs that survive a round trip, teaching errors.
 */
class MaskingTest {
    /** Two sequences of 3 steps of 2 features; sample 0 ends with a padded step, sample 1 has one inside. */
    private static final double[] X = {1, 2, 0, 3, 0, 0, /**/ 0, 0, -1, 0, 4, 5};

    @Test
    void maskingMarksStepsWhoseFeaturesAllEqualTheValueAndZeroesThem() {
        Masking m = new Masking();
        build(m, 3, 2);
        Tensor x = Tensor.of(X, 2, 3, 2);
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 1}, m.computeMask(x, null).toDoubleArray());
        assertEquals(DType.FLOAT32, m.computeMask(x, null).dtype());
        assertArrayEquals(X, m.call(x, false).toDoubleArray(), "masked steps hold the value 0 already");

        Masking minusOne = new Masking(-1);
        build(minusOne, 3, 2);
        Tensor y = Tensor.of(new double[] {-1, -1, 0, 0, -1, 2, /**/ 3, 3, -1, -1, -1, -1}, 2, 3, 2);
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 0}, minusOne.computeMask(y, null).toDoubleArray(),
                "only steps where every feature is -1; all-zero steps are real");
        assertArrayEquals(new double[] {0, 0, 0, 0, -1, 2, /**/ 3, 3, 0, 0, 0, 0}, minusOne.call(y, false).toDoubleArray(),
                "masked steps come out as zeros, as in Keras");
        assertTrue(minusOne.supportsMasking() && minusOne.outputsMask(false) && minusOne.outputsMask(true));
    }

    @Test
    void maskingPassesTheHarnessAndItsConfigRoundTrips() {
        LayerTester.of("Masking(0.5)", t -> new Masking(0.5), 4, 3).outputShape(4, 3).parameters(0).run();
        Map<String, Object> c = new Masking(-1).config();
        assertEquals("{maskValue=-1.0}", c.toString());
        assertEquals(-1.0, Masking.fromConfig(c).maskValue());
        assertEquals(0.0, Masking.fromConfig(Map.of()).maskValue(), "default");
    }

    @Test
    void maskingErrorsTeach() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new Masking(Double.NaN));
        assertTrue(nan.getMessage().contains("no value equals"), nan.getMessage());
        assertShapeError(() -> build(new Masking(), 10), "Masking", "[batch, 10]", "[batch, time, features]",
                "[batch, 10, 1]", "Embedding(...).maskZero(true)");
        assertThrows(IllegalArgumentException.class, () -> Masking.fromConfig(Map.of("value", 1.0)), "unknown key");
    }

    @Test
    void embeddingWithMaskZeroMakesTheMaskOfNonZeroIds() {
        Embedding e = new Embedding(5, 2).maskZero(true);
        build(e, 4);
        Tensor ids = Tensor.of(new int[] {3, 1, 0, 0, /**/ 4, 0, 2, 0}, 2, 4);
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 0, 1, 0}, e.computeMask(ids, null).toDoubleArray());
        Tensor asFloats = Tensor.of(new double[] {3, 1, 0, 0, 4, 0, 2, 0}, 2, 4).asType(DType.FLOAT32);
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 0, 1, 0}, e.computeMask(asFloats, null).toDoubleArray(),
                "ids handed over as float32, as fit does");
        assertArrayEquals(new int[] {2, 4, 2}, e.call(ids, false).shape(), "id 0 is still looked up");
        assertTrue(e.outputsMask(false));

        Embedding plain = new Embedding(5, 2);
        build(plain, 4);
        assertNull(plain.computeMask(ids, null));
        assertFalse(plain.outputsMask(false));
    }

    @Test
    void maskZeroSurvivesTheConfig() {
        Map<String, Object> c = new Embedding(7, 3).maskZero(true).config();
        assertEquals(true, c.get("maskZero"));
        assertTrue(Embedding.fromConfig(c).maskZero());
        Map<String, Object> old = new java.util.HashMap<>(c);
        old.remove("maskZero");
        assertFalse(Embedding.fromConfig(old).maskZero(), "configs saved before masking default to no mask");
    }

    @Test
    void globalAveragePoolingAveragesTheRealStepsOnly() {
        GlobalAveragePooling1D pool = new GlobalAveragePooling1D();
        build(pool, 3, 2);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 100, 100, /**/ 5, 6, 100, 100, 100, 100}, 2, 3, 2);
        Tensor mask = lengthMask(new int[] {2, 1}, 3);
        assertArrayEquals(new double[] {2, 3, 5, 6}, pool.call(x, mask, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, pool.call(x, lengthMask(new int[] {2, 0}, 3), false).slice(0, 1, 2)
                .toDoubleArray(), "a sequence that is all padding pools to zeros");
        GlobalAveragePooling1D kept = new GlobalAveragePooling1D().keepDims(true);
        build(kept, 3, 2);
        assertArrayEquals(new double[] {2, 3, 5, 6}, kept.call(x, mask, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {2, 1, 2}, kept.call(x, mask, false).shape());
        assertFalse(pool.outputsMask(true), "the time axis is gone, and the mask with it");
        assertNull(pool.computeMask(x, mask));
    }

    @Test
    void globalMaxPoolingComparesTheRealStepsOnly() {
        GlobalMaxPooling1D pool = new GlobalMaxPooling1D();
        build(pool, 3, 2);
        Tensor x = Tensor.of(new double[] {-1, -2, -3, 4, 100, 100, /**/ -5, -6, 100, 100, 100, 100}, 2, 3, 2);
        assertArrayEquals(new double[] {-1, 4, -5, -6}, pool.call(x, lengthMask(new int[] {2, 1}, 3), false)
                .toDoubleArray(), 1e-12, "the padded 100s never win");
        assertArrayEquals(new double[] {-1, 4, 0, 0}, pool.call(x, lengthMask(new int[] {2, 0}, 3), false)
                .toDoubleArray(), 1e-12, "a sequence that is all padding pools to zeros, not -infinity");
    }

    @Test
    void maskedPoolingGradientsMatchCentralDifferences() {
        Tensor mask = lengthMask(new int[] {3, 1, 2}, 3);
        Generator g = new Generator(5);
        GradCheck.check("masked GlobalAveragePooling1D", x -> {
            GlobalAveragePooling1D p = new GlobalAveragePooling1D();
            build(p, 3, 4);
            return p.call(x, mask, false);
        }, GradCheck.randn(g, 3, 3, 4));
        GradCheck.check("masked GlobalMaxPooling1D", x -> {
            GlobalMaxPooling1D p = new GlobalMaxPooling1D();
            build(p, 3, 4);
            return p.call(x, mask, false);
        }, GradCheck.distinct(g, 3, 3, 4));
    }
}
