package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.layers.Dense;
import dev.fathom.losses.Loss;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.optimizers.SGD;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A two-headed Functional (classification + regression): per-output losses, weights, metrics, targets, saving. */
class MultiOutputTest {
    @TempDir
    Path dir;

    /** x [n, 4]; class [n] = which of the first three features is largest; value [n, 1] = a linear function of x. */
    private static Tensor[] data(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 4];
        int[] cls = new int[n];
        float[] value = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) g.nextNormal();
            int best = 0;
            for (int j = 1; j < 3; j++) if (x[i * 4 + j] > x[i * 4 + best]) best = j;
            cls[i] = best;
            value[i] = 2 * x[i * 4] - x[i * 4 + 3] + 0.5f;
        }
        return new Tensor[] {Tensor.of(x, n, 4), Tensor.of(cls), Tensor.of(value, n, 1)};
    }

    private static Functional twoHeaded(long seed) {
        Input x = Input.of(4).name("features").seed(seed);
        SymbolicTensor h = x.then(new Dense(16, "relu"));
        return new Functional(List.of(x), List.of(h.then(new Dense(3).name("class")), h.then(new Dense(1).name("value"))));
    }

    private static Functional compiled(long seed) {
        Functional m = twoHeaded(seed);
        m.compile(new Adam(0.02),
                Map.of("class", new SparseCategoricalCrossentropy(true), "value", new MeanSquaredError()),
                Map.of("value", 0.5),
                Map.of("class", List.of("accuracy"), "value", List.of("mae")));
        return m;
    }

    @Test
    void fitAndEvaluateReportTheWeightedTotalAndEachOutput() {
        Tensor[] d = data(1, 200);
        Functional m = compiled(3);
        assertEquals(List.of("class", "value"), m.outputNames());
        Map<String, Tensor> targets = Map.of("class", d[1], "value", d[2]);
        Map<String, Double> before = m.evaluate(d[0], targets);
        assertEquals(List.of("loss", "class_loss", "value_loss", "class_accuracy", "value_mae"), List.copyOf(before.keySet()));
        assertEquals(before.get("class_loss") + 0.5 * before.get("value_loss"), before.get("loss"), 1e-5 * before.get("loss"));

        History h = m.fit(List.of(d[0]), targets, Fit.epochs(30).batchSize(32).seed(1).silent()
                .validationData(List.of(data(2, 50)[0]), Map.of("class", data(2, 50)[1], "value", data(2, 50)[2])));
        assertTrue(h.get("val_class_accuracy").length == 30, "validation logs each output");
        Map<String, Double> after = m.evaluate(d[0], targets);
        assertTrue(after.get("class_accuracy") > 0.9, "the classification head learns: " + after);
        assertTrue(after.get("value_mae") < 0.3 * before.get("value_mae"), "the regression head learns: " + after);
        assertEquals(after.get("class_loss") + 0.5 * after.get("value_loss"), after.get("loss"), 1e-5 * after.get("loss"));

        // The list form, in output order, gives the same scores.
        assertEquals(after, m.evaluate(List.of(d[0]), List.of(d[1], d[2])));
    }

    @Test
    void predictOutputsGivesEachOutputByName() {
        Tensor[] d = data(1, 300);   // more than one inference batch
        Functional m = compiled(3);
        Map<String, Tensor> out = m.predictOutputs(d[0]);
        assertEquals(List.of("class", "value"), List.copyOf(out.keySet()));
        assertArrayEquals(new int[] {300, 3}, out.get("class").shape());
        assertArrayEquals(new int[] {300, 1}, out.get("value").shape());
        List<Tensor> direct;
        try (var s = GradMode.noGrad()) {
            direct = m.callOutputs(List.of(d[0]), false);
        }
        assertArrayEquals(direct.get(0).toFloatArray(), out.get("class").toFloatArray(), 1e-6f);
        assertArrayEquals(direct.get(1).toFloatArray(), out.get("value").toFloatArray(), 1e-6f);
        var e = assertThrows(IllegalStateException.class, () -> m.predict(d[0]));
        assertEquals("predict: the model has 2 outputs [class, value]; use predictOutputs(x), which gives each by name",
                e.getMessage());
    }

    @Test
    void saveAndLoadKeepTheOutputsTheirLossesAndTrainingOnExactly() {
        Tensor[] d = data(1, 96);
        Map<String, Tensor> targets = Map.of("class", d[1], "value", d[2]);
        Functional m = compiled(3);
        m.fit(d[0], targets, Fit.epochs(2).batchSize(32).seed(1).silent());
        Path p = dir.resolve("two-headed.fathom");
        m.save(p);
        Map<String, Object> manifest = Json.parse(new String(ZipEntries.read(p).get(ModelFile.MANIFEST),
                StandardCharsets.UTF_8), "manifest");
        assertEquals(3, manifest.get("version"));

        Model back = Model.load(p);
        assertEquals(List.of("class", "value"), back.outputNames());
        assertEquals(Map.of("class", 1.0, "value", 0.5), back.lossWeights());
        assertEquals(List.of("class_accuracy", "value_mae"), back.metricNames());
        Map<String, Tensor> a = m.predictOutputs(d[0]);
        Map<String, Tensor> b = back.predictOutputs(d[0]);
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        assertEquals(m.evaluate(d[0], targets), back.evaluate(d[0], targets));

        m.fit(d[0], targets, Fit.epochs(4).batchSize(32).resume().silent());
        back.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        back.fit(d[0], targets, Fit.epochs(4).batchSize(32).resume().silent());
        Fixtures.assertSameWeights(m, back);
        assertTrue(back.summary().contains("value (Dense)"), back.summary());
        assertTrue(back.toString().contains("[batch, 4] -> ([batch, 3], [batch, 1])"), back.toString());
        assertTrue(back.toString().contains("SparseCategoricalCrossentropy + MeanSquaredError"), back.toString());
    }

    @Test
    void theGradientIsThatOfTheWeightedSumOfTheLosses() {
        // Float64 central differences through the weighted sum of both losses, with respect to each output.
        List<OutputLoss> heads = compiled(3).outputLosses();
        Generator g = new Generator(4);
        Tensor classes = Tensor.of(new int[] {0, 2, 1, 2});
        Tensor values = GradCheck.randn(g, 4, 1);
        GradCheck.checkN("weighted loss sum", p -> Trainer.weightedLoss(heads, List.of(p[0], p[1]),
                List.of(classes, values), new double[3]), GradCheck.randn(g, 4, 3), GradCheck.randn(g, 4, 1));

        // One step of plain SGD on the whole batch moves the weights by the rate times that sum's gradient,
        // which is the classification loss's gradient plus half the regression loss's.
        Tensor[] d = data(5, 16);
        Functional m = twoHeaded(3);
        Map<String, Loss> losses = Map.of("class", new SparseCategoricalCrossentropy(true), "value", new MeanSquaredError());
        m.compile(new SGD(0.1), losses, Map.of("value", 0.5), null);
        List<Tensor> w0 = m.copyWeights();
        List<float[]> gClass = gradients(m, "class", losses.get("class"), d[0], d[1]);
        List<float[]> gValue = gradients(m, "value", losses.get("value"), d[0], d[2]);
        m.fit(d[0], Map.of("class", d[1], "value", d[2]), Fit.epochs(1).batchSize(16).shuffle(false).silent());
        List<Tensor> w1 = m.copyWeights();
        for (int i = 0; i < w0.size(); i++) {
            float[] before = w0.get(i).toFloatArray();
            float[] after = w1.get(i).toFloatArray();
            for (int j = 0; j < before.length; j++) {
                double expected = before[j] - 0.1 * (gClass.get(i)[j] + 0.5 * gValue.get(i)[j]);
                assertEquals(expected, after[j], 1e-6, "weight " + i + " element " + j);
            }
        }
    }

    /** The gradient of one output's loss with respect to every weight (zeros where it does not reach). */
    private static List<float[]> gradients(Functional m, String output, Loss loss, Tensor x, Tensor y) {
        int k = m.outputNames().indexOf(output);
        loss.compute(m.callOutputs(List.of(x), true).get(k), y).backward();
        List<float[]> grads = new ArrayList<>();
        for (var w : m.weights()) {
            Tensor g = w.value().grad();
            grads.add(g == null ? new float[(int) w.value().size()] : g.toFloatArray());
            w.value().zeroGrad();
        }
        return grads;
    }

    @Test
    void oneLossForEveryOutputWhenCompiledWithOne() {
        Input x = Input.of(4).seed(1);
        SymbolicTensor h = x.then(new Dense(8, "relu"));
        Functional m = new Functional(List.of(x), List.of(h.then(new Dense(1).name("a")), h.then(new Dense(1).name("b"))));
        m.compile(new Adam(0.01), new MeanSquaredError(), "mae");
        Tensor[] d = data(1, 40);
        Map<String, Double> s = m.evaluate(d[0], Map.of("a", d[2], "b", d[2].mul(2)));
        assertEquals(List.of("loss", "a_loss", "b_loss", "a_mae", "b_mae"), List.copyOf(s.keySet()));
        assertEquals(s.get("a_loss") + s.get("b_loss"), s.get("loss"), 1e-5 * s.get("loss"));
    }

    @Test
    void errorsNameTheOutputs() {
        Functional m = compiled(3);
        Tensor[] d = data(1, 8);
        var one = assertThrows(IllegalArgumentException.class, () -> m.fit(d[0], d[1], Fit.epochs(1).silent()));
        assertEquals("fit: the model has 2 outputs [class, value] but got one target tensor; pass one per output by name,"
                + " e.g. fit(x, Map.of(\"class\", y1, ...), fit)", one.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> m.fit(d[0], Map.of("class", d[1]), Fit.epochs(1)));
        assertEquals("fit: no targets for output 'value'; pass one tensor per output [class, value]", missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(d[0], Map.of("class", d[1], "value", d[2], "price", d[2])));
        assertEquals("evaluate: the targets name output 'price', which the model does not have; its outputs are [class, value]",
                unknown.getMessage());
        var wrongTarget = assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(d[0], Map.of("class", d[2], "value", d[2])));
        assertTrue(wrongTarget.getMessage().contains("output 'class': "), wrongTarget.getMessage());
        var noLoss = assertThrows(IllegalArgumentException.class,
                () -> twoHeaded(1).compile(new Adam(), Map.of("class", new MeanSquaredError()), null, null));
        assertTrue(noLoss.getMessage().startsWith("compile: output 'value' has no loss"), noLoss.getMessage());
        var sameLayer = assertThrows(IllegalArgumentException.class, () -> {
            Input x = Input.of(2);
            SymbolicTensor y = x.then(new Dense(1));
            new Functional(List.of(x), List.of(y, y));
        });
        assertTrue(sameLayer.getMessage().startsWith("Functional: output 1 comes from Dense (not named yet) like an earlier output"),
                sameLayer.getMessage());
        var output = assertThrows(IllegalStateException.class, m::outputShape);
        assertEquals("Functional: outputShape() is for a model of one output, and this one has 2 (class, value); use"
                + " outputShapes()", output.getMessage());
    }

    @Test
    void aSingleOutputModelIsUnchangedByTheMapForms() {
        Tensor[] d = Fixtures.blobs(1, 60);
        Input x = Input.of(2).seed(2);
        Functional a = new Functional(List.of(x), x.then(new Dense(3).name("label")));
        a.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        Map<String, Double> plain = a.evaluate(d[0], d[1]);
        assertEquals(plain, a.evaluate(d[0], Map.of("label", d[1])));
        assertEquals(List.of("loss", "accuracy"), List.copyOf(plain.keySet()));
        assertArrayEquals(a.predict(d[0]).toFloatArray(), a.predictOutputs(d[0]).get("label").toFloatArray(), 0f);
        assertEquals(DType.FLOAT32, a.predict(d[0]).dtype());
    }
}
