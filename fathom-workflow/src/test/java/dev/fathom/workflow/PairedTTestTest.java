package dev.fathom.workflow;

import dev.fathom.saving.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedTTestTest {

    @Test
    void matchesScipyOnEveryGoldenCase() throws IOException {
        // ttest_golden.json is written by make_ttest_golden.py (NumPy + SciPy) beside it.
        String text;
        try (InputStream in = PairedTTestTest.class.getResourceAsStream("ttest_golden.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<?> cases = (List<?>) Json.parse(text, "ttest_golden.json").get("cases");
        assertEquals(5, cases.size());
        for (Object o : cases) {
            Map<?, ?> c = (Map<?, ?>) o;
            PairedTTest.Result r = PairedTTest.corrected(doubles(c.get("a")), doubles(c.get("b")), num(c.get("ratio")));
            String name = (String) c.get("name");
            assertEquals(num(c.get("mean")), r.meanDifference(), 1e-12, name);
            assertEquals(num(c.get("t")), r.t(), 1e-9, name);
            assertEquals(((Number) c.get("df")).intValue(), r.degreesOfFreedom(), name);
            assertEquals(num(c.get("p")), r.pValue(), 1e-9, name);
        }
    }

    @Test
    void theCorrectionWidensTheVarianceSoTheSameScoresAreLessSignificant() {
        double[] a = {0.97, 0.98, 0.96, 0.97, 0.99};
        double[] b = {0.96, 0.97, 0.96, 0.95, 0.97};
        PairedTTest.Result naive = PairedTTest.corrected(a, b, 0);
        PairedTTest.Result corrected = PairedTTest.corrected(a, b, 0.25);
        assertTrue(corrected.pValue() > naive.pValue(), corrected + " vs " + naive);
        assertTrue(naive.significant(0.05));
        assertFalse(corrected.significant(0.05));
    }

    @Test
    void identicalDifferencesLeaveNoDoubt() {
        PairedTTest.Result same = PairedTTest.corrected(new double[] {0.9, 0.8, 0.7}, new double[] {0.9, 0.8, 0.7}, 0.5);
        assertEquals(0, same.t());
        assertEquals(1, same.pValue());
        PairedTTest.Result shifted = PairedTTest.corrected(new double[] {0.5, 0.25, 0.75}, new double[] {0.25, 0, 0.5}, 0.5);   // exact binary fractions
        assertEquals(0, shifted.pValue());
        assertTrue(shifted.t() > 0 && Double.isInfinite(shifted.t()));
    }

    @Test
    void badInputIsExplained() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> PairedTTest.corrected(new double[] {1, 2}, new double[] {1, 2, 3}, 0.25));
        assertTrue(lengths.getMessage().contains("same folds") && lengths.getMessage().contains("2 and 3"), lengths.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> PairedTTest.corrected(new double[] {1}, new double[] {1}, 0.25));
        assertTrue(one.getMessage().contains("at least 2 folds"), one.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> PairedTTest.corrected(new double[] {1, Double.NaN}, new double[] {1, 2}, 0.25));
        assertTrue(nan.getMessage().contains("fold 1"), nan.getMessage());
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double[] doubles(Object o) {
        List<?> l = (List<?>) o;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = num(l.get(i));
        return out;
    }
}
