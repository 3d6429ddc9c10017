package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminateOnNaNTest {

    /** Outputs sqrt(x - x) = 0: finite forward, but the gradient of sqrt at 0 is infinite. */
    static final class ZeroSqrt extends Layer {
        @Override
        protected int[] computeOutputShape(int[] inputShape, Generator generator) {
            return inputShape;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x.sub(x).sqrt();
        }
    }

    private static Tensor[] regression(int n) {
        Generator g = new Generator(4);
        float[] x = new float[n * 4];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) g.nextNormal();
            y[i] = x[i * 4] - 2 * x[i * 4 + 1];
        }
        return new Tensor[] {Tensor.of(x, n, 4), Tensor.of(y, n, 1)};
    }

    private static Sequential mlp(double lr) {
        var m = new Sequential(new Dense(8, "relu"), new Dense(8, "relu"), new Dense(1)).seed(3);
        m.compile(new SGD(lr), new MeanSquaredError());
        m.build(4);
        return m;
    }

    private static void fill(Model m, int layer, double value) {
        try (var scope = GradMode.noGrad()) {
            Tensor kernel = m.layers().get(layer).weights().get(0).value();
            kernel.assign(Tensor.full(value, kernel.shape()));
        }
    }

    @Test
    void namesTheStepAndTheLayerWhoseWeightsAreNaN() {
        Tensor[] d = regression(64);
        Sequential m = mlp(0.01);
        var out = Fixtures.capture(m);
        History warmup = m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).silent());
        assertEquals(1, warmup.epochs());
        fill(m, 1, Double.NaN);
        var guard = new TerminateOnNaN();
        History h = m.fit(d[0], d[1], Fit.epochs(3).batchSize(16).silent().resume().callbacks(guard));
        assertEquals(0, h.epochs(), "the failing epoch is not logged");
        NonFiniteReport r = guard.report().orElseThrow();
        assertEquals(1, r.epoch());
        assertEquals(0, r.batch());
        assertEquals(NonFiniteReport.Kind.WEIGHTS, r.kind());
        assertEquals(1, r.layerIndex());
        assertEquals("dense_1", r.layerName());
        assertEquals("Dense", r.layerType());
        String printed = out.toString();
        assertTrue(printed.contains("TerminateOnNaN") && printed.contains("epoch 2, batch 1/4")
                && printed.contains("layer 1 'dense_1' (Dense)") && printed.contains("'kernel'"), printed);
        assertEquals(1, m.epochsCompleted());
    }

    @Test
    void namesTheFirstLayerWhoseOutputOverflows() {
        Tensor[] d = regression(32);
        Sequential m = mlp(0.01);
        Fixtures.capture(m);
        fill(m, 1, 3e38); // finite weights, but their products overflow float32
        var guard = new TerminateOnNaN();
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(8).silent().callbacks(guard));
        NonFiniteReport r = guard.report().orElseThrow();
        assertEquals(NonFiniteReport.Kind.OUTPUT, r.kind(), r.message());
        assertEquals(1, r.layerIndex(), r.message());
        assertTrue(r.message().contains("epoch 1, batch 1/4") && r.message().contains("output of layer 1 'dense_1' (Dense)"),
                r.message());
    }

    @Test
    void aHugeLearningRateStopsTrainingWithFiniteWeightsLeft() {
        Tensor[] d = regression(64);
        Sequential m = mlp(1e12);
        Fixtures.capture(m);
        var guard = new TerminateOnNaN();
        m.fit(d[0], d[1], Fit.epochs(20).batchSize(8).silent().callbacks(guard));
        NonFiniteReport r = guard.report().orElseThrow(() -> new AssertionError("a rate of 1e12 must blow up"));
        assertTrue(r.message().contains("epoch " + (r.epoch() + 1) + ", batch " + (r.batch() + 1) + "/8"), r.message());
        assertTrue(r.hasLayer() || r.kind() == NonFiniteReport.Kind.LOSS, r.message());
        // A step that would write a non-finite weight is refused, so no later step can find one.
        assertTrue(r.kind() != NonFiniteReport.Kind.WEIGHTS, r.message());
        for (var w : m.weights()) assertTrue(w.value().allFinite(), "weight " + w.name() + " stays finite");
    }

    @Test
    void aNonFiniteGradientIsCaughtBeforeTheUpdateAndNamesItsLayer() {
        Tensor[] d = regression(16);
        var m = new Sequential(new Dense(4), new ZeroSqrt(), new Dense(1)).seed(1);
        m.compile(new SGD(0.1), new MeanSquaredError());
        Fixtures.capture(m);
        m.build(4);
        var before = m.copyWeights();
        var guard = new TerminateOnNaN();
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).silent().callbacks(guard));
        NonFiniteReport r = guard.report().orElseThrow();
        assertEquals(NonFiniteReport.Kind.GRADIENT, r.kind(), r.message());
        assertEquals(0, r.layerIndex(), r.message());
        assertTrue(Double.isFinite(r.loss()));
        assertTrue(r.message().contains("weight 'kernel' of layer 0 'dense' (Dense)"), r.message());
        var after = m.copyWeights();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).toFloatArray(), after.get(i).toFloatArray(), 0f, "no update was applied");
        }
    }

    @Test
    void withoutTheCallbackFitThrowsNamingTheLayer() {
        Tensor[] d = regression(32);
        Sequential m = mlp(0.01);
        Fixtures.capture(m);
        fill(m, 2, Double.NaN);
        var e = assertThrows(ArithmeticException.class, () -> m.fit(d[0], d[1], Fit.epochs(1).batchSize(8).silent()));
        String msg = e.getMessage();
        assertTrue(msg.contains("the loss became nan at epoch 1, batch 1/4") && msg.contains("layer 2 'dense_2' (Dense)")
                && msg.contains("lower the learning rate") && msg.contains("TerminateOnNaN"), msg);
    }

    @Test
    void nanInputsAreBlamedOnTheData() {
        Tensor[] d = regression(8);
        float[] x = d[0].toFloatArray();
        x[5] = Float.NaN;
        Sequential m = mlp(0.01);
        var guard = new TerminateOnNaN();
        Fixtures.capture(m);
        m.fit(Tensor.of(x, 8, 4), d[1], Fit.epochs(1).batchSize(8).silent().callbacks(guard));
        NonFiniteReport r = guard.report().orElseThrow();
        assertEquals(NonFiniteReport.Kind.INPUT, r.kind());
        assertTrue(r.message().contains("inputs of this batch"), r.message());
    }
}
