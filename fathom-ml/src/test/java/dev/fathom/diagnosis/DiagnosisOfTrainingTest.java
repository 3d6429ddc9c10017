package dev.fathom.diagnosis;

import dev.fathom.layers.Dense;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diagnosis of real training runs that over- and underfit by construction (fixed seeds). */
class DiagnosisOfTrainingTest {

    /** Two overlapping Gaussian classes in 2-D (means ±0.5, sd 1): x [n, 2], y [n]. */
    private static Tensor[] overlapping(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double shift = y[i] == 0 ? -0.5 : 0.5;
            x[2 * i] = (float) (shift + g.nextNormal());
            x[2 * i + 1] = (float) (shift + g.nextNormal());
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y)};
    }

    /** y = cos(πx) for x uniform in [-3, 3]: three periods, which no monotone function of x follows. */
    private static Tensor[] waves(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (6 * g.nextDouble() - 3);
            y[i] = (float) Math.cos(Math.PI * x[i]);
        }
        return new Tensor[] {Tensor.of(x, n, 1), Tensor.of(y, n, 1)};
    }

    @Test
    void aWideNetworkOnTwentySamplesForManyEpochsOverfits() {
        Tensor[] train = overlapping(1, 20);
        Tensor[] val = overlapping(2, 400);
        var model = new Sequential(new Dense(64, "relu"), new Dense(64, "relu"), new Dense(2)).seed(3);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        History h = model.fit(train[0], train[1], Fit.epochs(150).batchSize(20).validationData(val[0], val[1]).silent());

        Diagnosis d = new Diagnoser().baseline(Baseline.crossEntropy(2)).diagnose(h);
        assertEquals(Verdict.OVERFITTING, d.verdict(), d + "\n" + h);
        double[] valLoss = h.get("val_loss");
        assertEquals(valLoss[d.bestEpoch()], java.util.Arrays.stream(valLoss).min().orElseThrow(), 0);
        assertTrue(d.bestEpoch() < 100, "validation loss should bottom out early, got epoch " + (d.bestEpoch() + 1));
        assertTrue(d.finalTrain() < 0.2 * d.finalValidation(), "memorized: " + d);
        assertEquals("accuracy", d.metric().name(), "the history's metric is reported");
        assertTrue(d.toString().startsWith("Overfitting: val_loss "), d.toString());
        assertTrue(d.toString().contains("val_accuracy"), d.toString());
    }

    @Test
    void oneUnitOnAWavyTargetUnderfits() {
        Tensor[] train = waves(4, 300);
        Tensor[] val = waves(5, 100);
        var model = new Sequential(new Dense(1, "tanh"), new Dense(1)).seed(6);
        model.compile(new Adam(0.05), new MeanSquaredError());
        History h = model.fit(train[0], train[1], Fit.epochs(40).batchSize(32).validationData(val[0], val[1]).silent());

        float[] yf = train[1].toFloatArray();
        double[] y = new double[yf.length];
        for (int i = 0; i < y.length; i++) y[i] = yf[i];
        Diagnosis d = new Diagnoser().baseline(Baseline.meanSquaredError(y)).diagnose(h);
        assertEquals(Verdict.UNDERFITTING, d.verdict(), d + "\n" + h);
        assertTrue(d.loss().trainSkill() < 0.2, "training R² " + d.loss().trainSkill());
        assertTrue(d.toString().contains("the target variance"), d.toString());
        assertTrue(d.advice().getFirst().startsWith("more capacity"), d.advice().toString());
    }

    @Test
    void fitsWarningAboutASortedValidationSplitLeadsTheDiagnosis() {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) y[i] = i / 30;   // sorted: the last 12 rows are all class 1
        var model = new Sequential(new Dense(2)).seed(1);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        History h = model.fit(Tensor.randn(new Generator(2), 60, 2), Tensor.of(y, 60), Fit.epochs(3).validationSplit(0.2).silent());
        assertEquals(1, h.warnings().size());
        Diagnosis d = Diagnosis.of(h);
        assertEquals(h.warnings().getFirst() + ".", d.findings().getFirst());
        assertTrue(d.toString().contains(": missing from validation: class 0 (30 in training); over-represented in validation: class 1"
                + " (100% of validation, 38% of training). Shuffle"), d.toString());
    }

    @Test
    void aMetricTheHistoryLacksIsNamedWithTheKeysItHas() {
        Tensor[] train = overlapping(1, 20);
        var model = new Sequential(new Dense(2)).seed(1);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        History h = model.fit(train[0], train[1], Fit.epochs(2).silent());
        var e = assertThrows(IllegalArgumentException.class, () -> new Diagnoser().metric("accuracy").diagnose(h));
        assertTrue(e.getMessage().contains("metric 'accuracy' is not in the history; it has [loss, lr]"), e.getMessage());
        Diagnosis d = Diagnosis.of(h);
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
        assertTrue(d.toString().contains("Only 2 epochs"), d.toString());
        assertTrue(d.toString().contains("Fit.validationSplit(0.2)"), d.toString());
    }
}
