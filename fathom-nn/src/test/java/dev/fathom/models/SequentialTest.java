package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    private static Sequential mlp() {
        return new Sequential(new Flatten(), new Dense(256, "relu"), new Dense(128, "relu"), new Dense(10));
    }

    @Test
    void denseOnImagesSaysToAddFlatten() {
        var model = new Sequential(new Dense(128, "relu"), new Dense(10));
        var e = assertThrows(ShapeException.class, () -> model.build(1, 28, 28));
        String m = e.getMessage();
        assertTrue(m.contains("layer 0 'dense' (Dense)"), m);
        assertTrue(m.contains("[batch, 1, 28, 28]") && m.contains("[batch, features]"), m);
        assertTrue(m.contains("add Flatten() before this Dense layer"), m);
        assertTrue(m.contains("[batch, 784]"), m);
    }

    @Test
    void predictInBatchesMatchesOneSampleAtATimeAndLeavesItsInputsOpen() {
        // More samples than one inference batch: predict closes each batch's activations as it goes.
        var model = new Sequential(new Dense(8, "tanh"), new Dense(3)).seed(4).build(5);
        int n = Predictor.INFERENCE_BATCH * 2 + 7;
        Tensor x = Tensor.randn(new dev.fathom.tensor.Generator(9), n, 5);
        Tensor all = model.predict(x);
        assertArrayEquals(new int[] {n, 3}, all.shape());
        for (int i : new int[] {0, Predictor.INFERENCE_BATCH - 1, Predictor.INFERENCE_BATCH, n - 1}) {
            assertArrayEquals(model.predict(x.slice(0, i, i + 1)).toFloatArray(), all.slice(0, i, i + 1).toFloatArray(), 1e-6f);
        }
        assertEquals(n * 5, x.toFloatArray().length, "the caller's input is still open");
        // A model that passes its input through returns the samples themselves, batch by batch.
        var identity = new Sequential(new dev.fathom.layers.Dropout(0.5)).seed(1).build(5);
        assertArrayEquals(x.toFloatArray(), identity.predict(x).toFloatArray());
        assertArrayEquals(x.slice(0, 0, 3).toFloatArray(), identity.predict(x.slice(0, 0, 3)).toFloatArray(), 0f);
    }

    @Test
    void fitLeavesGradientsOfInputsThatRequireThemUsable() {
        // A leaf outside the parameters (inputs that require gradients) owns its gradient: the step must not close it.
        var model = new Sequential(new Dense(4, "relu"), new Dense(1)).seed(2).build(3);
        model.compile(new SGD(0.01), new MeanSquaredError());
        Tensor x = Tensor.randn(new dev.fathom.tensor.Generator(3), 40, 3).requiresGrad(true);
        Tensor y = Tensor.randn(new dev.fathom.tensor.Generator(4), 40, 1);
        model.fit(x, y, Fit.epochs(2).batchSize(40).silent());
        assertEquals(40 * 3, x.grad().toFloatArray().length);
    }

    @Test
    void summaryListsShapesAndParameterCounts() {
        var model = mlp().build(28, 28);
        String s = model.summary();
        assertTrue(s.contains("flatten (Flatten)") && s.contains("[batch, 784]"), s);
        assertTrue(s.contains("dense (Dense)") && s.contains("200,960"), s);
        assertTrue(s.contains("dense_1 (Dense)") && s.contains("32,896"), s);
        assertTrue(s.contains("dense_2 (Dense)") && s.contains("1,290"), s);
        assertTrue(s.contains("Total params: 235,146"), s);
        assertEquals(235_146, model.parameterCount());
    }

    @Test
    void learnsCelsiusToFahrenheit() {
        double[] c = {-40, -10, 0, 8, 15, 22, 38};
        float[] cx = new float[c.length];
        float[] fy = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            cx[i] = (float) c[i];
            fy[i] = (float) (c[i] * 1.8 + 32);
        }
        var model = new Sequential(new Dense(1));
        model.seed(1).compile(new Adam(0.1), new MeanSquaredError());
        History h = model.fit(Tensor.of(cx, 7, 1), Tensor.of(fy, 7, 1), Fit.epochs(1500).batchSize(7).silent());
        var dense = model.layers().get(0);
        double w = dense.weights().get(0).value().item();
        double b = dense.weights().get(1).value().item();
        assertEquals(1.8, w, 0.01, "weight");
        assertEquals(32, b, 0.5, "bias");
        assertTrue(h.last("loss") < h.get("loss")[0] / 100, h.toString());
        assertEquals(212, model.predict(Tensor.of(new float[] {100}, 1, 1)).item(), 1.0);
    }

    @Test
    void classifiesSeparableBlobsAndReportsValidation() {
        Tensor[] d = Fixtures.blobs(3, 300);
        var model = new Sequential(new Dense(16, "relu"), new Dense(3)).seed(5);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        History h = ((Sequential) model).fit(d[0], d[1], Fit.epochs(30).batchSize(32).validationSplit(0.2).silent());
        assertTrue(h.keys().containsAll(java.util.List.of("loss", "accuracy", "val_loss", "val_accuracy")), h.keys().toString());
        assertTrue(h.last("val_accuracy") > 0.95, h.toString());
        Map<String, Double> scores = model.evaluate(d[0], d[1]);
        assertTrue(scores.get("accuracy") > 0.95, scores.toString());
        assertArrayEquals(new int[] {300}, model.predictClasses(d[0]).shape());
        Tensor proba = model.predictProba(d[0].slice(0, 0, 5));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, proba.sum(1, false).toFloatArray(), 1e-5f);
    }

    @Test
    void sameSeedGivesTheSameTraining() {
        Tensor[] d = Fixtures.blobs(4, 120);
        double[][] losses = new double[2][];
        for (int run = 0; run < 2; run++) {
            var model = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(11);
            model.compile(new SGD(0.05, 0.9, false, 0), new SparseCategoricalCrossentropy(true));
            losses[run] = model.fit(d[0], d[1], Fit.epochs(3).batchSize(16).seed(2).silent()).get("loss");
        }
        assertArrayEquals(losses[0], losses[1], 0.0);
    }

    @Test
    void dataErrorsNameShapesAndFixes() {
        var model = mlp();
        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        var count = assertThrows(ShapeException.class, () -> model.fit(Tensor.zeros(10, 28, 28), Tensor.of(new int[9]), Fit.epochs(1).silent()));
        assertTrue(count.getMessage().contains("x has 10 samples") && count.getMessage().contains("y has 9"), count.getMessage());
        model.build(28, 28);
        var shape = assertThrows(ShapeException.class, () -> model.predict(Tensor.zeros(4, 784)));
        assertTrue(shape.getMessage().contains("[784]") && shape.getMessage().contains("[batch, 28, 28]")
                && shape.getMessage().contains("reshape"), shape.getMessage());
        var notCompiled = assertThrows(IllegalStateException.class,
                () -> new Sequential(new Dense(1)).fit(Tensor.zeros(2, 1), Tensor.zeros(2, 1), Fit.epochs(1)));
        assertTrue(notCompiled.getMessage().contains("compile"), notCompiled.getMessage());
    }

    @Test
    void printsOneLinePerEpochWhenNotATerminal() {
        Tensor[] d = Fixtures.blobs(5, 64);
        var buffer = new ByteArrayOutputStream();
        var model = new Sequential(new Dense(3)).seed(1);
        model.output(new PrintStream(buffer, true)).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(d[0], d[1], Fit.epochs(2).batchSize(16));
        String[] lines = buffer.toString().strip().split("\n");
        assertEquals(2, lines.length, buffer.toString());
        assertTrue(lines[0].startsWith("Epoch 1/2 - 4/4 - ") && lines[0].contains("loss: ") && lines[0].contains("accuracy: "), lines[0]);
    }
}
