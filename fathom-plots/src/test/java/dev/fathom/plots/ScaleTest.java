package dev.fathom.plots;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.metrics.RocCurve;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Axis ranges on nice numbers, zero where it belongs, a metric's own range kept, and labels that read alike. */
class ScaleTest {
    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, Scale.niceStep(0.204), 1e-15);
        assertEquals(0.05, Scale.niceStep(0.04), 1e-15);
        assertEquals(1, Scale.niceStep(1.4), 1e-15);
        assertEquals(5, Scale.niceStep(4.1), 1e-15);
        assertEquals(10, Scale.niceStep(7.5), 1e-15);
        assertEquals(2000, Scale.niceStep(2345), 1e-12);
    }

    @Test
    void aLossStartsAtZeroAndAnAccuracyStopsAtOne() {
        assertEquals(new Scale(0, 1.2, 0.2), Scale.of(0.05, 1.02, Scale.Bounds.NON_NEGATIVE, true));
        // 0.72..1.04 (a band above 1): the axis stops at 1 and, the data being far from 0, starts near it.
        Scale accuracy = Scale.of(0.72, 1.04, Scale.Bounds.FRACTION, false);
        assertEquals(1.0, accuracy.max());
        assertEquals(0.7, accuracy.min(), 1e-12);
        // Near zero beside its spread: zero is shown.
        assertEquals(0, Scale.of(0.3, 0.95, Scale.Bounds.FRACTION, false).min());
        assertEquals(0, Scale.of(-3, 5, Scale.Bounds.NONE, false).min() % 1, 1e-12);
        assertEquals(new Scale(40, 180, 20), Scale.tight(52, 170), "predictions are read against each other, not against 0");
    }

    @Test
    void oneValueGetsARangeAroundIt() {
        Scale s = Scale.of(1, 1, Scale.Bounds.FRACTION, false);
        assertTrue(s.min() < 1 && s.max() == 1, s.toString());
        Scale zero = Scale.of(0, 0, Scale.Bounds.NONE, false);
        assertTrue(zero.min() < 0 && zero.max() > 0, zero.toString());
    }

    @Test
    void labelsHaveTheStepsDecimalsAndALeadingZero() {
        Scale s = new Scale(0, 0.2, 0.05);
        assertEquals("0.05", s.label(0.05));
        assertEquals("0.00", s.label(-1e-17), "no -0");
        assertEquals("0.10", s.label(0.1));
        assertEquals(Scale.BLANK, new Scale(10, 15, 1).label(10.5), "a finer tick than the scale's gets no label, not a second '10'");
        assertEquals("11", new Scale(10, 15, 1).label(11.00000001));
    }

    @Test
    void boundsFollowTheMetric() {
        assertEquals(Scale.Bounds.FRACTION, Scale.boundsOf("accuracy"));
        assertEquals(Scale.Bounds.FRACTION, Scale.boundsOf("val_accuracy"));
        assertEquals(Scale.Bounds.FRACTION, Scale.boundsOf("roc_auc"));
        assertEquals(Scale.Bounds.NON_NEGATIVE, Scale.boundsOf("loss"));
        assertEquals(Scale.Bounds.NON_NEGATIVE, Scale.boundsOf("log_loss"));
        assertEquals(Scale.Bounds.NON_NEGATIVE, Scale.boundsOf("RMSE"));
        assertEquals(Scale.Bounds.AT_MOST_ONE, Scale.boundsOf("r2"));
        assertEquals(Scale.Bounds.NONE, Scale.boundsOf("neg_mean_squared_error"));
    }

    @Test
    void aPerfectRocCurveIsTickedEveryFifth() {
        // Its points are 0 and 1 only: XChart alone would tick those two values and nothing between.
        Plot roc = RocPlot.of("perfect", RocCurve.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.8, 0.9}));
        roc.toImage();
        List<String> rates = List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertEquals(List.of(rates, rates), roc.ticks());
        assertTrue(roc.description().contains("x axis: false positive rate (ticks 0.0, 0.2, 0.4, 0.6, 0.8, 1.0)"), roc.description());
    }

    @Test
    void aLossCurveIsReadAgainstZero() {
        Plot loss = LearningCurvePlot.of(EpochCurves.of("loss", new double[] {0.9, 0.3, 0.1, 0.06, 0.05}, null));
        loss.toImage();
        List<String> y = loss.ticks().get(1);
        assertEquals("0.0", y.getFirst(), y.toString());
        for (String label : y) assertFalse(label.startsWith("."), label);
    }

    @Test
    void anAccuracyBandIsClippedToOne() {
        Plot p = LearningCurvePlot.trainingSizes("accuracy", new int[] {10, 20}, new double[] {0.99, 0.98}, new double[] {0.05, 0.05},
                new double[] {0.8, 0.9}, new double[] {0.1, 0.2});
        for (var s : ((org.knowm.xchart.XYChart) p.chart()).getSeriesCollection()) {
            for (double v : s.getYData()) assertTrue(v >= 0 && v <= 1, s.getName() + " reaches " + v);
        }
        assertEquals(1.0, ((org.knowm.xchart.XYChart) p.chart()).getStyler().getYAxisMax());
    }
}
