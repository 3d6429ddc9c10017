package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Add;
import dev.fathom.layers.Average;
import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Multiply;
import dev.fathom.layers.Normalization;
import dev.fathom.layers.Rescaling;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionalTest {

    /** Asserts that {@code run} throws {@code type} with every one of {@code parts} in its message. */
    private static <T extends Throwable> String assertMessage(Class<T> type, Executable run, String... parts) {
        T e = assertThrows(type, run);
        for (String part : parts) assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        return e.getMessage();
    }

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape);
    }

    // ---- training -----------------------------------------------------------------------------

    @Test
    void twoInputModelWithAConcatenateBranchLearnsALinearFunction() {
        // y = 2 x1[0] - x1[1] + 0.5 x2[0] + 3 x2[1] - 2 x2[2] + 1
        int n = 256;
        Tensor x1 = randn(1, n, 2);
        Tensor x2 = randn(2, n, 3);
        Tensor y = targets(x1, x2);

        Input a = Input.of(2).name("a").seed(3);
        Input b = Input.of(3).name("b");
        SymbolicTensor h = a.then(new Dense(4));                       // a linear branch on the first input
        SymbolicTensor joined = SymbolicTensor.apply(new Concatenate(), h, b);
        Functional model = new Functional(List.of(a, b), joined.then(new Dense(1)));
        assertArrayEquals(new int[] {7}, joined.shape());
        model.compile(new Adam(0.05), new MeanSquaredError());
        History history = model.fit(List.of(x1, x2), y, Fit.epochs(60).batchSize(32).seed(4).silent());
        assertTrue(history.last("loss") < 1e-4, history.toString());

        // New data: the model computes the function, not a memory of the training set.
        Tensor t1 = randn(5, 20, 2);
        Tensor t2 = randn(6, 20, 3);
        assertArrayEquals(targets(t1, t2).toFloatArray(), model.predict(List.of(t1, t2)).toFloatArray(), 0.02f);
        assertTrue(model.evaluate(List.of(t1, t2), targets(t1, t2)).get("loss") < 1e-3);
    }

    @Test
    void concatenatedInputsIntoOneDenseRecoverTheCoefficients() {
        int n = 128;
        Tensor x1 = randn(7, n, 2);
        Tensor x2 = randn(8, n, 3);
        Input a = Input.of(2);
        Input b = Input.of(3);
        Dense dense = new Dense(1);
        Functional model = new Functional(List.of(a, b), SymbolicTensor.apply(new Concatenate(), a, b).then(dense));
        model.compile(new Adam(0.05), new MeanSquaredError());
        model.fit(List.of(x1, x2), targets(x1, x2), Fit.epochs(80).batchSize(32).silent());
        assertArrayEquals(new float[] {2, -1, 0.5f, 3, -2}, dense.weights().get(0).value().toFloatArray(), 0.01f);
        assertEquals(1, dense.weights().get(1).value().item(), 0.01);
    }

    private static Tensor targets(Tensor x1, Tensor x2) {
        float[] a = x1.toFloatArray();
        float[] b = x2.toFloatArray();
        int n = x1.shape(0);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * a[2 * i] - a[2 * i + 1] + 0.5f * b[3 * i] + 3 * b[3 * i + 1] - 2 * b[3 * i + 2] + 1;
        }
        return Tensor.of(y, n, 1);
    }

    // ---- graphs -------------------------------------------------------------------------------

    /** An identity layer that counts its calls: shows how often the graph runs a node. */
    private static final class Counting extends Layer {
        int calls;

        @Override
        protected int[] computeOutputShape(int[] inputShape, Generator generator) {
            return inputShape;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            calls++;
            return x;
        }
    }

    @Test
    void diamondGraphMatchesAHandComputationAndRunsTheSharedTrunkOnce() {
        Input x = Input.of(3);
        Counting trunk = new Counting();
        SymbolicTensor t = x.then(trunk);
        Dense left = new Dense(2, "tanh");
        Dense right = new Dense(2);
        SymbolicTensor out = SymbolicTensor.apply(new Add(), t.then(left), t.then(right));
        Functional model = new Functional(List.of(x), out);
        assertEquals(List.of(trunk, left, right, out.layer()), model.layers());

        Tensor in = randn(9, 4, 3).asType(DType.FLOAT64);
        double[] y = model.call(in, false).toDoubleArray();
        assertEquals(1, trunk.calls, "the trunk feeds two branches but must run once");
        double[] xv = in.toDoubleArray();
        double[] lk = left.weights().get(0).value().toDoubleArray();
        double[] lb = left.weights().get(1).value().toDoubleArray();
        double[] rk = right.weights().get(0).value().toDoubleArray();
        double[] rb = right.weights().get(1).value().toDoubleArray();
        for (int s = 0; s < 4; s++) {
            for (int u = 0; u < 2; u++) {
                double l = lb[u];
                double r = rb[u];
                for (int i = 0; i < 3; i++) {
                    l += xv[3 * s + i] * lk[2 * i + u];
                    r += xv[3 * s + i] * rk[2 * i + u];
                }
                assertEquals(Math.tanh(l) + r, y[2 * s + u], 1e-6, "sample " + s + ", unit " + u);
            }
        }
    }

    @Test
    void aVeryDeepGraphNeedsNoRecursion() {
        Input x = Input.of(2);
        SymbolicTensor h = x;
        for (int i = 0; i < 20_000; i++) h = h.then(new Rescaling(1, i % 2 == 0 ? 1 : -1));
        Functional model = new Functional(List.of(x), h);
        assertEquals(20_000, model.layers().size());
        assertEquals("rescaling_19999", model.layers().get(19_999).name());
        assertArrayEquals(new float[] {3, 4}, model.predict(Tensor.of(new float[] {3, 4}, 1, 2)).toFloatArray());
    }

    @Test
    void aSharedLayerCountsItsWeightsOnceAndGetsGradientsFromBothUses() {
        Input a = Input.of(3).name("a");
        Input b = Input.of(3).name("b");
        Dense shared = new Dense(2);
        SymbolicTensor sum = SymbolicTensor.apply(new Add(), a.then(shared), b.then(shared));
        Functional model = new Functional(List.of(a, b), sum);
        assertEquals(2, model.layers().size(), "the shared Dense is listed once: " + model.layers());
        assertEquals(3 * 2 + 2, model.parameterCount());
        assertEquals(2, model.trainableWeights().size());

        Tensor xa = randn(10, 5, 3);
        Tensor xb = randn(11, 5, 3);
        model.call(List.of(xa, xb), true).sum().backward();
        // d/dK sum(xa K + xb K + 2 bias) = column sums of (xa + xb), for each unit; d/dbias = 2 per sample.
        float[] va = xa.toFloatArray();
        float[] vb = xb.toFloatArray();
        float[] expected = new float[6];
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 3; i++) {
                for (int u = 0; u < 2; u++) expected[2 * i + u] += va[3 * s + i] + vb[3 * s + i];
            }
        }
        assertArrayEquals(expected, shared.weights().get(0).value().grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {10, 10}, shared.weights().get(1).value().grad().toFloatArray(), 1e-5f);
        assertTrue(model.summary().contains("(shared)"), model.summary());
        assertTrue(model.summary().contains("dense[1][0]"), model.summary());
    }

    @Test
    void gradientsThroughBranchesAndASharedLayerMatchCentralDifferences() {
        Input a = Input.of(3).seed(20);
        Input b = Input.of(3);
        Dense shared = new Dense(3, "tanh");
        SymbolicTensor left = a.then(shared).then(shared);              // the shared layer twice in a row
        SymbolicTensor right = SymbolicTensor.apply(new Multiply(), b.then(shared), a);
        SymbolicTensor out = SymbolicTensor.apply(new Concatenate(), SymbolicTensor.apply(new Average(), left, right), b);
        Functional model = new Functional(List.of(a, b), out.then(new Dense(2)));
        Generator g = new Generator(21);
        GradCheck.checkN("functional graph", xs -> model.call(List.of(xs), false), GradCheck.randn(g, 4, 3),
                GradCheck.randn(g, 4, 3));
    }

    @Test
    void applyingASharedLayerToAnotherShapeNamesBothShapes() {
        Dense shared = (Dense) new Dense(4).name("proj");
        Input.of(3).then(shared);
        assertMessage(ShapeException.class, () -> Input.of(5).name("other").then(shared), "Functional",
                "layer 'proj' (Dense) was built for input [batch, 3]", "now applied to [batch, 5]", "input 'other'",
                "shares its weights", "use a new Dense");
    }

    @Test
    void aLayerBuiltElsewhereKeepsItsWeights() {
        Dense trained = new Dense(2);
        trained.build(new int[] {3}, new Generator(42));
        float[] before = trained.weights().get(0).value().toFloatArray();
        Input x = Input.of(3);
        new Functional(List.of(x), x.then(trained));
        assertArrayEquals(before, trained.weights().get(0).value().toFloatArray());
    }

    // ---- shape and wiring errors -------------------------------------------------------------

    @Test
    void denseOnImagesSaysToAddFlattenAtTheLineThatWiresIt() {
        Input image = Input.of(1, 28, 28).name("image");
        assertMessage(ShapeException.class, () -> image.then(new Dense(10).name("head")), "Functional: layer 'head' (Dense)",
                "got input [batch, 1, 28, 28] but needs [batch, features]", "add Flatten() before this Dense layer",
                "[batch, 784]", "(its input is input 'image')");
        SymbolicTensor h = image.then(new Flatten());
        assertMessage(ShapeException.class, () -> Input.of(1, 28, 28).then(new Dense(10)), "Dense (not named yet)",
                "[batch, 1, 28, 28]", "an Input [batch, 1, 28, 28]");
        assertArrayEquals(new int[] {10}, h.then(new Dense(10)).shape(), "after Flatten the same Dense fits");
    }

    @Test
    void concatenateOfMismatchedShapesNamesEachInput() {
        Input image = Input.of(28, 28).name("image");
        Input meta = Input.of(3).name("meta");
        assertMessage(ShapeException.class, () -> SymbolicTensor.apply(new Concatenate().name("join"), image, meta),
                "Functional: layer 'join' (Concatenate)", "input 0: [batch, 28, 28], input 1: [batch, 3]",
                "Flatten() turns [batch, 28, 28] into [batch, 784]", "(its inputs are input 'image', input 'meta')");
        SymbolicTensor flat = image.then(new Flatten().name("flat"));
        assertMessage(ShapeException.class, () -> SymbolicTensor.apply(new Add(), flat, meta), "Add",
                "input 0: [batch, 784], input 1: [batch, 3]", "the output of 'flat' (Flatten), input 'meta'");
        assertMessage(IllegalArgumentException.class, () -> SymbolicTensor.apply(new Dense(3), flat, meta),
                "Dense (not named yet) takes one input but got 2", "Concatenate");
    }

    @Test
    void wiringErrorsNameTheInputAndTheFix() {
        Input a = Input.of(2).name("a");
        Input b = Input.of(2).name("b");
        SymbolicTensor both = SymbolicTensor.apply(new Add(), a, b);
        assertMessage(IllegalArgumentException.class, () -> new Functional(List.of(a), both),
                "depends on Input 'b' [batch, 2]", "not among the model's inputs", "add it to the inputs list");
        Input unused = Input.of(4).name("unused");
        assertMessage(IllegalArgumentException.class, () -> new Functional(List.of(a, b, unused), both),
                "input 2 (Input 'unused' [batch, 4]) is not used");
        assertMessage(IllegalArgumentException.class, () -> new Functional(List.of(a), a), "the output is an input");
        assertMessage(IllegalArgumentException.class, () -> new Functional(List.of(a, b, a), both), "listed twice");
        SymbolicTensor twin = SymbolicTensor.apply(new Add(), a.then(new Dense(2).name("x")), b.then(new Dense(2).name("x")));
        assertMessage(IllegalArgumentException.class, () -> new Functional(List.of(a, b), twin), "named 'x'", "unique");
    }

    @Test
    void callChecksTheTensorsAgainstTheInputs() {
        Input a = Input.of(2).name("a");
        Input b = Input.of(3).name("b");
        Functional model = new Functional(List.of(a, b), SymbolicTensor.apply(new Concatenate(), a, b).then(new Dense(1)));
        assertMessage(ShapeException.class, () -> model.call(List.of(Tensor.zeros(4, 2)), false),
                "has 2 inputs ('a' [batch, 2], 'b' [batch, 3]) but got 1 tensor");
        assertMessage(ShapeException.class, () -> model.call(List.of(Tensor.zeros(4, 3), Tensor.zeros(4, 2)), false),
                "input 0 'a' takes [batch, 2] but got a tensor of shape [4, 3]", "in the order of the inputs list");
        assertMessage(ShapeException.class, () -> model.call(List.of(Tensor.zeros(4, 2), Tensor.zeros(5, 3)), false),
                "input 1 'b' has 5 samples but input 0 'a' has 4");
        assertMessage(IllegalArgumentException.class, () -> model.call(Tensor.zeros(4, 2), false),
                "has 2 inputs", "pass one per input", "predict(List.of(x1, x2))");
        model.compile(new Adam(0.01), new MeanSquaredError());
        assertMessage(IllegalArgumentException.class, () -> model.fit(Tensor.zeros(4, 2), Tensor.zeros(4, 1), Fit.epochs(1).silent()),
                "2 inputs", "one tensor per input");
    }

    // ---- model contract -----------------------------------------------------------------------

    @Test
    void isBuiltAtConstructionAndRefusesOtherShapes() {
        Input x = Input.of(4);
        Functional model = new Functional(List.of(x), x.then(new Dense(2)));
        assertTrue(model.isBuilt());
        assertSame(model, model.build(4));
        assertArrayEquals(new int[] {4}, model.inputShape());
        assertArrayEquals(new int[] {2}, model.outputShape());
        assertMessage(ShapeException.class, () -> model.build(5), "built for its inputs 'input' [batch, 4]",
                "rebuilt for [batch, 5]", "Input.of(5)");
        assertMessage(IllegalStateException.class, () -> model.seed(3), "Input.of(...).seed(3)");
    }

    @Test
    void namesUnnamedLayersAndInputsInTopologicalOrder() {
        Input a = Input.of(2);
        Input b = Input.of(2).name("dense_1");   // a taken name is skipped
        SymbolicTensor h = a.then(new Dense(2)).then(new Dense(2));
        SymbolicTensor out = SymbolicTensor.apply(new Add(), h, b).then(new Dense(1).name("out"));
        Functional model = new Functional(List.of(a, b), out);
        assertEquals(List.of("dense", "dense_2", "add", "out"), model.layers().stream().map(Layer::name).toList());
        assertEquals("input", a.name());
    }

    @Test
    void inputSeedsFixTheInitialWeights() {
        float[][] kernels = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            Dense d = new Dense(3);
            Input.of(4).seed(seeds[i]).then(new Dense(4)).then(d);
            kernels[i] = d.weights().get(0).value().toFloatArray();
        }
        assertArrayEquals(kernels[0], kernels[1]);
        assertNotEquals(java.util.Arrays.toString(kernels[0]), java.util.Arrays.toString(kernels[2]));
        Input used = Input.of(2);
        used.then(new Dense(1));
        assertMessage(IllegalStateException.class, () -> used.seed(1), "set the seed first");
    }

    @Test
    void layerOutputsFollowTheLayers() {
        Input x = Input.of(3);
        Functional model = new Functional(List.of(x), x.then(new Dense(5, "relu")).then(new Dense(2)));
        Tensor in = randn(12, 4, 3);
        List<Tensor> outs = model.layerOutputs(List.of(in), false);
        assertEquals(2, outs.size());
        assertArrayEquals(new int[] {4, 5}, outs.get(0).shape());
        assertArrayEquals(model.call(in, false).toFloatArray(), outs.get(1).toFloatArray());
    }

    @Test
    void singleInputModelsTrainWithPlainTensorsAndCarryTheirPreprocessing() {
        // y = x0 * 100 - x1 / 100, with features on very different scales: Normalization inside the model.
        Generator g = new Generator(13);
        int n = 200;
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (g.nextNormal() * 0.01);
            x[2 * i + 1] = (float) (g.nextNormal() * 100 + 500);
            y[i] = x[2 * i] * 100 - x[2 * i + 1] / 100;
        }
        Tensor xs = Tensor.of(x, n, 2);
        Normalization norm = new Normalization();
        Input in = Input.of(2);
        Functional model = new Functional(List.of(in), in.then(norm).then(new Dense(1)));
        assertMessage(IllegalStateException.class, () -> model.predict(xs), "has no statistics yet", "adapt(data)");
        norm.adapt(xs);
        model.compile(new Adam(0.05), new MeanSquaredError());
        History h = model.fit(xs, Tensor.of(y, n, 1), Fit.epochs(80).batchSize(25).silent());
        assertTrue(h.last("loss") < 1e-3, h.toString());
        assertEquals(5, model.weights().stream().filter(w -> !w.trainable()).mapToLong(w -> w.value().size()).sum(),
                "Normalization's mean, variance (2 each) and count are non-trainable");
        assertEquals(5 + 3, model.parameterCount());
    }

    // ---- summary and architecture ------------------------------------------------------------

    private static Functional imageAndMeta() {
        Input image = Input.of(28, 28).name("image");
        Input meta = Input.of(3).name("meta");
        SymbolicTensor h = image.then(new Rescaling(1.0 / 255)).then(new Flatten()).then(new Dense(64, "relu"));
        h = h.then(new Dropout(0.25));
        SymbolicTensor m = meta.then(new Normalization()).then(new Dense(8, "relu"));
        Dense shared = new Dense(8);
        SymbolicTensor joined = SymbolicTensor.apply(new Concatenate(), h, m, m.then(shared).then(shared));
        return new Functional(List.of(image, meta), joined.then(new Dense(10)));
    }

    @Test
    void summaryShowsShapesParametersAndConnections() {
        String s = imageAndMeta().summary();
        for (String part : new String[] {"Model: Functional", "Layer (type)", "Output Shape", "Param #", "Connected to",
                "image (Input)", "[batch, 28, 28]", "meta (Input)", "rescaling (Rescaling)", "image[0][0]",
                "flatten (Flatten)", "rescaling[0][0]", "[batch, 784]", "50,240", "normalization (Normalization)",
                "dense_2 (Dense)", "72", "(shared)", "dense_2[0][0]", "dense_2[1][0]", "[batch, 80]", "dense_3 (Dense)", "810",
                "Total params: 51,161", "Trainable params: 51,154", "Non-trainable params: 7"}) {
            assertTrue(s.contains(part), "summary lacks '" + part + "':\n" + s);
        }
        // The Concatenate row lists its three sources, one per line, in order.
        int row = s.indexOf("concatenate (Concatenate)");
        String rows = s.substring(row, s.indexOf("dense_3 (Dense)"));
        assertTrue(rows.indexOf("dropout[0][0]") < rows.indexOf("dense_1[0][0]")
                && rows.indexOf("dense_1[0][0]") < rows.indexOf("dense_2[1][0]"), rows);
        assertEquals(3, rows.split("\n").length, rows);
    }

    @Test
    void architectureRebuildsTheSameModel() {
        Functional model = imageAndMeta();
        ((Normalization) model.layers().get(4)).adapt(randn(14, 10, 3));
        Map<String, Object> architecture = model.architecture();
        assertEquals("Functional", architecture.get("class"));
        assertEquals(List.of(Map.of("name", "image", "shape", List.of(28, 28)), Map.of("name", "meta", "shape", List.of(3))),
                architecture.get("inputs"));
        assertEquals("dense_3[0][0]", architecture.get("output"));
        assertEquals(Map.of("layer", "dense_2", "inputs", List.of("dense_2[0][0]")),
                ((List<?>) architecture.get("nodes")).get(7), "the second application of the shared layer reads its first");

        // Through JSON, as in a file: numbers come back as other Number types.
        Functional again = Functional.fromArchitecture(Json.parse(Json.write(architecture), "test"));
        assertEquals(model.summary(), again.summary());
        assertEquals(Json.write(architecture), Json.write(again.architecture()));

        // With the weights copied over (what loading does), the two compute the same.
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < model.weights().size(); i++) again.weights().get(i).value().assign(model.weights().get(i).value());
        }
        List<Tensor> xs = List.of(randn(15, 2, 28, 28), randn(16, 2, 3));
        assertArrayEquals(model.predict(xs).toFloatArray(), again.predict(xs).toFloatArray(), 0);
    }

    @Test
    void aSavedModelCarriesItsGraphAndPreprocessing(@TempDir Path dir) {
        Functional model = imageAndMeta();
        Normalization norm = (Normalization) model.layers().get(4);
        norm.adapt(randn(17, 10, 3).mul(4).add(2));
        Path file = dir.resolve("two-inputs.fathom");
        model.save(file);
        Model loaded = Model.load(file);
        assertInstanceOf(Functional.class, loaded);
        assertEquals(model.summary(), loaded.summary());
        Normalization back = (Normalization) loaded.layers().get(4);
        assertTrue(back.isAdapted(), "the statistics travel with the model");
        assertArrayEquals(norm.mean().toFloatArray(), back.mean().toFloatArray());
        assertArrayEquals(norm.variance().toFloatArray(), back.variance().toFloatArray());
        List<Tensor> xs = List.of(randn(18, 3, 28, 28), randn(19, 3, 3));
        assertArrayEquals(model.predict(xs).toFloatArray(), loaded.predict(xs).toFloatArray(), 0);
    }

    @Test
    void fromArchitectureNamesWhatIsWrong() {
        Map<String, Object> a = new java.util.LinkedHashMap<>(imageAndMeta().architecture());
        a.put("output", "nothing[0][0]");
        assertMessage(IllegalArgumentException.class, () -> Functional.fromArchitecture(a), "'output' refers to nothing[0][0]");
        a.put("class", "Sequential");
        assertMessage(IllegalArgumentException.class, () -> Functional.fromArchitecture(a), "not Functional");
    }
}
