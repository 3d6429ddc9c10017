package dev.fathom.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Undefined cases get errors that say why and what to do; tables print aligned with names. */
class MetricsMessagesTest {

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }

    @Test
    void rocAucOfOneClassIsUndefined() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.rocAuc(new int[] {1, 1, 1}, new double[] {0.2, 0.5, 0.9}));
        assertMessage(e, "undefined", "only one class", "no negative sample", "stratified");
    }

    @Test
    void rmsleRefusesNegativeValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> Regression.rmsle(new double[] {1, -2}, new double[] {1, 1}));
        assertMessage(e, "RMSLE needs values >= 0", "sample 1 has true value -2.0");
    }

    @Test
    void adjustedR2NeedsMoreSamplesThanFeatures() {
        var e = assertThrows(IllegalArgumentException.class, () -> Regression.adjustedR2(new double[] {1, 2, 3}, new double[] {1, 2, 2}, 2));
        assertMessage(e, "n = 3 and p = 2");
        assertEquals(1 - (1 - Regression.r2(new double[] {1, 2, 3, 4}, new double[] {1, 2, 2, 4})) * 3 / 2,
                Regression.adjustedR2(new double[] {1, 2, 3, 4}, new double[] {1, 2, 2, 4}, 1), 1e-12);
    }

    @Test
    void binaryAverageOnSeveralClassesNamesTheLabels() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.f1(new int[] {0, 1, 2}, new int[] {0, 1, 1}, Average.BINARY));
        assertMessage(e, "[0, 1, 2]", "Average.MACRO");
    }

    @Test
    void mismatchedLengthsAndMissingClassesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.accuracy(new int[] {0, 1}, new int[] {0}));
        assertMessage(e, "yTrue has 2 values but yPred has 1");
        var p = assertThrows(IllegalArgumentException.class,
                () -> Classification.logLoss(new int[] {0, 3}, new double[][] {{0.5, 0.5}, {0.2, 0.8}}));
        assertMessage(p, "sample 1 is class 3", "classes 0..1");
        var sum = assertThrows(IllegalArgumentException.class, () -> Classification.rocAuc(new int[] {0, 1, 2},
                new double[][] {{2, 1, 0}, {0, 1, 0}, {0, 0, 1}}, Average.MACRO));
        assertMessage(sum, "row 0 sums to 3.0", "softmax");
    }

    @Test
    void logLossClipsCertainMistakesToAFiniteValue() {
        double loss = Classification.logLoss(new int[] {1}, new double[] {0.0});
        assertEquals(-Math.log(Math.ulp(1.0)), loss, 1e-9, "clipped at the float64 epsilon as scikit-learn");
    }

    @Test
    void confusionMatrixPrintsAnAlignedTableWithNames() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}).withNames(List.of("cat", "dog", "bird"));
        String expected = """
                true \\ predicted  cat  dog  bird  total
                cat                 1    0     0      1
                dog                 0    1     1      2
                bird                0    0     1      1
                """;
        assertEquals(expected, cm.toString());
    }

    @Test
    void classificationReportPrintsLikeScikitLearn() {
        ClassificationReport r = ClassificationReport.of(new int[] {0, 1, 2, 2, 1}, new int[] {0, 2, 2, 2, 1}, List.of("a", "b", "c"));
        String text = r.toString();
        assertTrue(text.contains("b                  1.00    0.50      0.67        2"), text);
        assertTrue(text.contains("accuracy                             0.80        5"), text);
        assertEquals(0.8, r.accuracy(), 1e-12);
        assertEquals(Classification.f1(new int[] {0, 1, 2, 2, 1}, new int[] {0, 2, 2, 2, 1}, Average.MACRO), r.macroF1(), 1e-12);
    }

    /** A named report of arrays of different lengths once failed with an ArrayIndexOutOfBoundsException. */
    @Test
    void aNamedReportOfUnequalLengthsIsExplained() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0, 1, 1}, new int[] {0, 1}, java.util.List.of("cat", "dog")));
        assertTrue(e.getMessage().contains("yTrue has 3 values but yPred has 2"), e.getMessage());
    }
}
