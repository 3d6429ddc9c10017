package dev.fathom.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of {@link Diagnoser} on planted learning curves of known shape. */
class DiagnoserTest {

    static double[] curve(int epochs, IntToDoubleFunction f) {
        return IntStream.range(0, epochs).mapToDouble(f).toArray();
    }

    /** Small deterministic wiggle, as real validation curves have. */
    static double noise(int e) {
        return 0.004 * Math.sin(e * 2.7);
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), "expected '" + p + "' in: " + text);
    }

    @Test
    void validationRisingWhileTrainingFallsIsOverfitting() {
        // training loss falls all the way; validation bottoms out at epoch 7 (index 6) and climbs
        double[] train = curve(20, e -> 0.05 + 0.9 * Math.exp(-0.15 * e));
        double[] val = curve(20, e -> 0.31 + 0.0025 * (e - 6) * (e - 6) + noise(e) * (e == 6 ? 0 : 1));
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.OVERFITTING, d.verdict(), d.toString());
        assertEquals(6, d.bestEpoch());
        assertEquals(val[19], d.finalValidation(), 0);
        assertEquals(train[19], d.finalTrain(), 0);
        assertEquals(val[19] - train[19], d.gap(), 1e-12);
        // the rise is measured on the mean of the last three epochs
        double tail = (val[17] + val[18] + val[19]) / 3;
        assertEquals((tail - val[6]) / val[6], d.loss().validationRise(), 1e-12);
        assertContains(d.toString(), "Overfitting: val_loss was lowest at epoch 7 (0.31)", "by epoch 20 while loss kept falling",
                "Try: EarlyStopping(\"val_loss\", 3, true) to keep epoch 7's weights", "Dropout(0.3)", "Regularizer.l2", "more training data");
    }

    @Test
    void validationStalledWhileTrainingFallsIsOverfitting() {
        double[] train = curve(30, e -> 0.08 + 0.6 * Math.exp(-0.1 * e));
        double[] val = curve(30, e -> e <= 8 ? 0.9 - 0.05 * e : 0.502 + Math.abs(noise(e)));
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.OVERFITTING, d.verdict(), d.toString());
        assertTrue(d.loss().validationRise() < 0.10, "validation did not rise 10%: the plateau rule decided");
        assertContains(d.toString(), "val_loss has not improved on 0.5 (epoch 9) for 21 epochs while loss fell");
        assertTrue(d.gap() > d.loss().gapAtBest());
    }

    @Test
    void lossNoBetterThanTheBaselineIsUnderfitting() {
        // a binary task: loss stays near log(2) = 0.693 on training and validation data
        double[] train = curve(25, e -> 0.66 + 0.03 * Math.exp(-0.5 * e));
        double[] val = curve(25, e -> 0.67 + 0.03 * Math.exp(-0.5 * e) + noise(e) / 4);
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(2)).diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.UNDERFITTING, d.verdict(), d.toString());
        assertEquals(1 - train[24] / Math.log(2), d.loss().trainSkill(), 1e-12);
        assertContains(d.toString(), "Underfitting: loss ends at 0.66", "of the way from the baseline (log(2) = 0.693, the loss of guessing uniformly over 2 classes) to a perfect score",
                "cannot fit even its training data", "Try: more capacity");
        // without the baseline the same flat curves look like a fit: the baseline is what shows they are poor
        assertEquals(Verdict.GOOD_FIT, new Diagnoser().diagnose(EpochCurves.of("loss", train, val)).verdict());
    }

    @Test
    void lossStillFallingSteeplyIsUnderfitting() {
        double[] train = curve(10, e -> 2.0 - 0.08 * e);
        double[] val = curve(10, e -> 2.05 - 0.075 * e);
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.UNDERFITTING, d.verdict(), d.toString());
        assertTrue(d.trend() > 0.05, "the loss falls about 6% per epoch at the end: " + d.trend());
        assertContains(d.toString(), "loss was still falling", "per epoch over the last 2 epochs", "Try: more epochs, e.g. Fit.epochs(20)");
    }

    @Test
    void settledCurvesWithValidationNearItsBestAreAGoodFit() {
        double[] train = curve(30, e -> 0.2 + 0.8 * Math.exp(-0.4 * e));
        double[] val = curve(30, e -> 0.23 + 0.8 * Math.exp(-0.4 * e) + noise(e));
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(3)).diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.GOOD_FIT, d.verdict(), d.toString());
        assertTrue(d.loss().validationRise() < 0.05);
        assertEquals(1 - train[29] / Math.log(3), d.loss().trainSkill(), 1e-12);
        assertContains(d.toString(), "Good fit: val_loss reached its best", "of 30", "of the way from the baseline (log(3) = 1.1",
                "Gap val_loss − loss:", "Try: keeping this setup");
    }

    @Test
    void aNanLossIsDivergenceAtTheEpochItAppeared() {
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", new double[] {1.0, 0.8, Double.NaN, Double.NaN},
                new double[] {1.1, 0.9, Double.NaN, Double.NaN}));
        assertEquals(Verdict.DIVERGED, d.verdict());
        assertEquals(2, d.loss().finiteEpochs());
        assertContains(d.toString(), "Diverged: loss became NaN at epoch 3 (last finite loss 0.8 at epoch 2)",
                "a learning rate 10x lower", "TerminateOnNaN");
    }

    @Test
    void aNanValidationLossPointsAtTheValidationData() {
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", new double[] {1.0, 0.8, 0.7},
                new double[] {1.1, Double.POSITIVE_INFINITY, 0.9}));
        assertEquals(Verdict.DIVERGED, d.verdict());
        assertContains(d.toString(), "val_loss became Infinity at epoch 2", "the validation data may hold NaN");
        Diagnosis first = new Diagnoser().diagnose(EpochCurves.of("loss", new double[] {Double.NaN}, null));
        assertEquals(Verdict.DIVERGED, first.verdict());
        assertContains(first.toString(), "loss became NaN at epoch 1, the first epoch.");
    }

    @Test
    void aTrainingLossFarAboveItsBestIsDivergence() {
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", new double[] {1.0, 0.5, 0.4, 0.9, 2.0}, null));
        assertEquals(Verdict.DIVERGED, d.verdict());
        assertContains(d.toString(), "loss rose 400% from its lowest 0.4 at epoch 3 to 2 at epoch 5");
    }

    @Test
    void oneEpochIsInconclusiveAndSaysWhy() {
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(10))
                .diagnose(EpochCurves.of("loss", new double[] {1.2}, new double[] {1.3}));
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
        assertEquals(0, d.loss().trendWindow());
        assertTrue(Double.isNaN(d.trend()));
        assertContains(d.toString(), "Only 1 epoch: too few to read a trend (loss 1.2, val_loss 1.3).",
                "of the way from the baseline (log(10) = 2.3", "Try: more epochs, e.g. Fit.epochs(20)");
    }

    @Test
    void withoutValidationItTellsUnderfittingButNotOverfitting() {
        double[] settled = curve(20, e -> 0.1 + Math.exp(-0.6 * e));
        Diagnosis d = new Diagnoser().diagnose(EpochCurves.of("loss", settled, null));
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
        assertEquals(-1, d.bestEpoch());
        assertTrue(Double.isNaN(d.gap()));
        assertContains(d.toString(), "loss settled at 0.1", "Without validation data this cannot tell whether the model overfits.",
                "Try: validation data, e.g. Fit.validationSplit(0.2)");
        Diagnosis falling = new Diagnoser().diagnose(EpochCurves.of("loss", curve(8, e -> 3 - 0.3 * e), null));
        assertEquals(Verdict.UNDERFITTING, falling.verdict(), falling.toString());
        assertFalse(falling.toString().contains("EarlyStopping"), "no validation: no val_loss to monitor");
    }

    @Test
    void aMetricIsReportedAndItsBaselineCanFlagUnderfitting() {
        double[] loss = curve(15, e -> 0.5 + 0.5 * Math.exp(-0.7 * e));
        double[] acc = curve(15, e -> 0.36 + 0.02 * (1 - Math.exp(-0.7 * e)));
        EpochCurves accuracy = EpochCurves.of("accuracy", acc, acc);
        Diagnosis plain = new Diagnoser().diagnose(EpochCurves.of("loss", loss, loss), accuracy);
        assertEquals(Verdict.GOOD_FIT, plain.verdict());
        assertContains(plain.toString(), "accuracy 0.38, val_accuracy 0.38 (best 0.38 at epoch 15).");
        Diagnosis judged = new Diagnoser().baseline(Baseline.of("accuracy", 1 / 3.0, "1/3, guessing"))
                .diagnose(EpochCurves.of("loss", loss, loss), accuracy);
        assertEquals(Verdict.UNDERFITTING, judged.verdict());
        assertEquals((acc[14] - 1 / 3.0) / (2 / 3.0), judged.metric().trainSkill(), 1e-12);
        assertContains(judged.toString(), "accuracy ends at 0.38, only 7% of the way from the baseline (1/3, guessing) to a perfect score");
    }

    @Test
    void thresholdsCanBeTightened() {
        // training has settled; validation creeps up 0.5% per epoch after epoch 12: about 4% in all
        double[] train = curve(20, e -> 0.05 + 0.9 * Math.exp(-0.4 * e));
        double[] val = curve(20, e -> e <= 11 ? 0.1 + 0.9 * Math.exp(-0.4 * e) : (0.1 + 0.9 * Math.exp(-4.4)) * (1 + 0.005 * (e - 11)));
        EpochCurves c = EpochCurves.of("loss", train, val);
        assertTrue(c.validation()[19] > c.validation()[11]);
        assertEquals(Verdict.GOOD_FIT, new Diagnoser().diagnose(c).verdict());
        // a 4% rise of a loss near 0.1 is 0.5% of the loss scale (the first epoch's 1.0): a drift until that bar is lowered too
        Diagnosis drift = new Diagnoser().overfitRise(0.01).diagnose(c);
        assertEquals(Verdict.GOOD_FIT, drift.verdict(), drift.toString());
        assertContains(drift.toString(), "Good fit: val_loss drifted slightly", "of the loss scale (the first epoch's loss, 1)");
        assertEquals(Verdict.OVERFITTING, new Diagnoser().overfitRise(0.01).materialChange(0.001).diagnose(c).verdict());
    }

    /** The iris run of issue 25: val_loss 0.0055 → 0.0136 at val_accuracy 1.0 against log(3) is a drift, not overfitting. */
    @Test
    void aTinyRiseOfANearZeroValidationLossIsADriftNotOverfitting() {
        double[] train = curve(20, e -> 0.0050 + 0.6 * Math.exp(-0.5 * e));
        double[] val = curve(20, e -> e <= 6 ? 0.0055 + 0.5 * Math.exp(-0.5 * e) - 0.5 * Math.exp(-3) : 0.0055 + 0.000405 * (e - 6) * (e - 6) / 8.45);
        val[19] = 0.0136;
        double[] acc = curve(20, e -> Math.min(1, 0.6 + 0.1 * e));
        EpochCurves accuracy = EpochCurves.of("accuracy", acc, acc);
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(3)).diagnose(EpochCurves.of("loss", train, val), accuracy);
        assertTrue(d.loss().validationRise() > 0.10, "the relative rise alone would say overfitting: " + d.loss().validationRise());
        assertEquals(Verdict.GOOD_FIT, d.verdict(), d.toString());
        assertEquals(6, d.bestEpoch());
        assertContains(d.toString(), "Good fit: val_loss drifted slightly: it rose from its lowest 0.0055 at epoch 7 to 0.0136 at epoch 20;"
                + " the mean of its last 3 epochs is 0.00693 above the lowest, only 0.6% of the loss scale (log(3) = 1.1, the loss of"
                + " guessing uniformly over 3 classes),", "below the 2% that counts as overfitting; val_accuracy ended at 1 (best 1).");
        assertFalse(d.toString().contains("Overfitting"), d.toString());
    }

    @Test
    void theSameSmallRiseIsOverfittingWhenTheValidationScoreFellWithIt() {
        double[] train = curve(20, e -> 0.0050 + 0.6 * Math.exp(-0.5 * e));
        double[] val = curve(20, e -> e <= 6 ? 0.0055 + 0.5 * Math.exp(-0.5 * e) - 0.5 * Math.exp(-3) : 0.0055 + 0.0006 * (e - 6));
        double[] acc = curve(20, e -> Math.min(1, 0.6 + 0.1 * e));
        double[] valAcc = curve(20, e -> e <= 10 ? Math.min(1, 0.6 + 0.1 * e) : 0.9);
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(3))
                .diagnose(EpochCurves.of("loss", train, val), EpochCurves.of("accuracy", acc, valAcc));
        assertEquals(Verdict.OVERFITTING, d.verdict(), d.toString());
        assertContains(d.toString(), "val_accuracy fell from its best 1 at epoch 5 to 0.9.");
    }

    @Test
    void aNearZeroTrainingLossThatStillFallsIsNotUnderfitting() {
        // the loss halves every 8 epochs down to 0.0056: 8% per epoch, steep, but nothing is left to learn
        double[] train = curve(30, e -> 0.0056 * Math.pow(2, (29 - e) / 8.0));
        double[] val = curve(30, e -> 0.02 + 0.0056 * Math.pow(2, (29 - e) / 8.0));
        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(3)).diagnose(EpochCurves.of("loss", train, val));
        assertTrue(d.trend() > 0.05, "steep: " + d.trend());
        assertEquals(Verdict.GOOD_FIT, d.verdict(), d.toString());
        assertContains(d.toString(), "loss 0.0056 is near zero (0.5% of the loss scale):",
                "it still falls 8.6% per epoch, but little is left to learn on the training data.");
        assertFalse(d.toString().contains("Underfitting"), d.toString());
        // far from zero, the same steep fall is unfinished training
        double[] high = curve(30, e -> 0.56 * Math.pow(2, (29 - e) / 8.0));
        assertEquals(Verdict.UNDERFITTING, new Diagnoser().baseline(Baseline.crossEntropy(3))
                .diagnose(EpochCurves.of("loss", high, curve(30, e -> 0.02 + high[e]))).verdict());
    }

    @Test
    void badInputIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> EpochCurves.of("loss", new double[0], null));
        assertContains(e.getMessage(), "learning curve 'loss' has no epochs");
        e = assertThrows(IllegalArgumentException.class, () -> EpochCurves.of("loss", new double[3], new double[2]));
        assertContains(e.getMessage(), "3 training values but 2 validation values");
        e = assertThrows(IllegalArgumentException.class,
                () -> new Diagnoser().diagnose(EpochCurves.of("accuracy", new double[3], null)));
        assertContains(e.getMessage(), "must be a loss", "got 'accuracy'", "pass it as the metric");
        e = assertThrows(IllegalArgumentException.class, () -> Baseline.of("val_loss", 1, "x"));
        assertContains(e.getMessage(), "give the training key 'loss'");
        e = assertThrows(IllegalArgumentException.class, () -> new Diagnoser().overfitRise(0));
        assertContains(e.getMessage(), "overfitRise must be > 0, got 0.0");
        e = assertThrows(IllegalArgumentException.class, () -> new Diagnoser().materialChange(1));
        assertContains(e.getMessage(), "materialChange must be in (0, 1), got 1.0");
        e = assertThrows(IllegalArgumentException.class, () -> new Diagnoser().metric("val_accuracy"));
        assertContains(e.getMessage(), "training metric key such as \"accuracy\"");
        e = assertThrows(IllegalArgumentException.class, () -> new Diagnoser().diagnose(EpochCurves.of("loss", new double[3], null),
                EpochCurves.of("accuracy", new double[4], null)));
        assertContains(e.getMessage(), "loss has 3 epochs but accuracy has 4");
    }
}
