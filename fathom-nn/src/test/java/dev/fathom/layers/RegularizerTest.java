package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularizerTest {
    private static final Tensor W = Tensor.of(new double[] {0.5, -2, 3}, 3);

    private static double penalty(Regularizer r) {
        return r.penalty(W).item();
    }

    @Test
    void everyBuiltInDescribesItselfAndComesBackEqual() {
        Map<Regularizer, Map<String, Object>> expected = new LinkedHashMap<>();
        expected.put(Regularizer.l1(0.3), Map.of("name", "l1", "l1", 0.3));
        expected.put(Regularizer.l2(1e-4), Map.of("name", "l2", "l2", 1e-4));
        expected.put(Regularizer.l1l2(1e-5, 7e-3), Map.of("name", "l1l2", "l1", 1e-5, "l2", 7e-3));
        expected.put(Regularizer.l1l2(0, 0.25), Map.of("name", "l1l2", "l1", 0.0, "l2", 0.25));
        for (var e : expected.entrySet()) {
            Regularizer r = e.getKey();
            assertEquals(e.getValue(), r.config(), r.name());
            Regularizer back = Regularizer.fromConfig(r.config());
            assertEquals(r, back, "recreated " + r.name() + " with its factors");
            assertEquals(r.config(), back.config());
            assertEquals(Double.doubleToLongBits(penalty(r)), Double.doubleToLongBits(penalty(back)),
                    r.name() + " computes the same penalty once recreated");
        }
    }

    @Test
    void thePenaltiesAreTheKerasOnes() {
        // |w| sums to 5.5, w² to 13.25
        assertEquals(0.3 * 5.5, penalty(Regularizer.l1(0.3)), 1e-12);
        assertEquals(0.5 * 13.25, penalty(Regularizer.l2(0.5)), 1e-12);
        assertEquals(0.1 * 5.5 + 0.01 * 13.25, penalty(Regularizer.l1l2(0.1, 0.01)), 1e-12);
        assertEquals(0, penalty(Regularizer.l1l2(0, 0)));
    }

    @Test
    void l1l2TakesEitherFactorAndMissingOnesAreZero() {
        assertEquals(Regularizer.l1l2(0, 0.2), Regularizer.fromConfig(Map.of("name", "l1l2", "l2", 0.2)));
        assertEquals(Regularizer.l1l2(0.2, 0), Regularizer.fromConfig(Map.of("name", "l1l2", "l1", 0.2)));
        assertEquals(Regularizer.l1(2), Regularizer.fromConfig(Map.of("name", "l1", "l1", 2)), "an Integer from JSON is a factor too");
    }

    @Test
    void aCustomRegularizerHasNoSavedForm() {
        Regularizer mine = w -> w.abs().max();
        assertEquals(Regularizer.CUSTOM, mine.name());
        assertEquals(Map.of("name", "custom"), mine.config());
        var e = assertThrows(IllegalArgumentException.class, () -> Regularizer.fromConfig(mine.config()));
        assertTrue(e.getMessage().contains("custom Regularizer") && e.getMessage().contains("Regularizer.l1, l2 or l1l2"), e.getMessage());
        // the same lambda as l2(0.5) is still custom: only what a regularizer says about itself counts
        Regularizer lookalike = w -> w.square().sum().mul(0.5);
        assertEquals(Regularizer.CUSTOM, lookalike.name());
    }

    @Test
    void badConfigsAreRefusedWithTheReason() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Regularizer.fromConfig(Map.of("name", "orthogonal")));
        assertTrue(unknown.getMessage().contains("unknown regularizer \"orthogonal\"") && unknown.getMessage().contains("\"l1l2\""),
                unknown.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> Regularizer.fromConfig(Map.of("name", "l2")));
        assertTrue(missing.getMessage().contains("'l2' is missing"), missing.getMessage());
        var misplaced = assertThrows(IllegalArgumentException.class,
                () -> Regularizer.fromConfig(Map.of("name", "l1", "l2", 0.1)));
        assertTrue(misplaced.getMessage().contains("unexpected key [l2]"), misplaced.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> Regularizer.fromConfig(Map.of("name", "l2", "l2", -1)));
        assertTrue(negative.getMessage().contains(">= 0"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizer.l1(Double.NaN));

        var inLayer = assertThrows(IllegalArgumentException.class, () -> Conv2D.fromConfig(
                Map.of("filters", 2, "kernelSize", java.util.List.of(3, 3), "biasRegularizer", Map.of("name", "l3"))));
        assertTrue(inLayer.getMessage().startsWith("Conv2D config: 'biasRegularizer': unknown regularizer \"l3\""), inLayer.getMessage());
        assertNull(Regularizer.read(new ConfigMap("Dense", Map.of()), "kernelRegularizer"), "absent means no regularizer");
    }
}
