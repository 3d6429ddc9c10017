package dev.fathom.plots;

import dev.fathom.metrics.PrecisionRecallCurve;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The drawn precision-recall steps enclose exactly the average precision. */
class PrecisionRecallStepsTest {

    @Test
    void theAreaUnderTheDrawnStepsIsTheAveragePrecision() {
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(new int[] {0, 0, 1, 1, 0, 1, 0, 0},
                new double[] {0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.05});
        double[][] steps = PrecisionRecallPlot.steps(pr.recall(), pr.precision());
        double area = 0;
        for (int i = 1; i < steps[0].length; i++) area += (steps[0][i - 1] - steps[0][i]) * steps[1][i];
        assertEquals(pr.averagePrecision(), area, 1e-12);
        // recall in (2/3, 1] is drawn at precision 0.6 (three of five predicted positives), not 0.5
        assertEquals(0.6, steps[1][7], 1e-12);
        assertArrayEquals(new double[] {1, 2 / 3.0}, new double[] {steps[0][6], steps[0][7]}, 1e-12);
    }
}
