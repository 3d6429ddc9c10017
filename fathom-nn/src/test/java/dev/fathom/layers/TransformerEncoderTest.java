package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.data.sequences.Sequences;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerEncoderTest {
    @TempDir
    Path dir;

    private static Function<DType, Layer> random(Function<TransformerEncoder, TransformerEncoder> options) {
        return t -> options.apply(new TransformerEncoder(8, 2).kernelInitializer(uniform(t, -0.6, 0.6))
                .biasInitializer(uniform(t, -0.5, 0.5)).gammaInitializer(uniform(t, 0.5, 1.5)).betaInitializer(uniform(t, -0.5, 0.5)));
    }

    /** Attention 4 * (6*6 + 6), two layer norms 2 * 12, feed-forward 6*8 + 8 + 8*6 + 6. */
    private static final int PARAMETERS = 168 + 24 + 110;

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("TransformerEncoder", random(e -> e), 4, 6).outputShape(4, 6).parameters(PARAMETERS).run();
        LayerTester.of("TransformerEncoder norm-first gelu", random(e -> e.normalizeFirst(true).activation("gelu")), 4, 6)
                .parameters(PARAMETERS).run();
        LayerTester.of("TransformerEncoder causal", random(e -> e.useCausalMask(true)), 3, 6).run();
        LayerTester.of("TransformerEncoder training", random(e -> e), 3, 6).training(true).batchIndependent(true).run();
    }

    @Test
    void theKeyPaddingMaskHasCorrectGradients() {
        for (boolean first : new boolean[] {false, true}) {
            TransformerEncoder enc = (TransformerEncoder) random(e -> e.normalizeFirst(first)).apply(DType.FLOAT64);
            build(enc, 4, 6);
            Tensor mask = Tensor.of(new double[] {1, 1, 0, 0, 1, 1, 1, 1}, 2, 4);
            GradCheck.check("TransformerEncoder with a key padding mask, normalizeFirst " + first,
                    x -> enc.call(x, mask, false), GradCheck.randn(new Generator(1), 2, 4, 6));
        }
    }

    @Test
    void paddedStepsDoNotReachRealOnes() {
        TransformerEncoder enc = (TransformerEncoder) random(e -> e).apply(DType.FLOAT64);
        build(enc, 5, 6);
        Tensor x = GradCheck.randn(new Generator(2), 1, 5, 6);
        Tensor mask = Tensor.of(new double[] {1, 1, 1, 0, 0}, 1, 5);
        Tensor other = Tensor.concat(1, x.slice(1, 0, 3), GradCheck.randn(new Generator(3), 1, 2, 6));
        double[] a = enc.call(x, mask, false).slice(1, 0, 3).toDoubleArray();
        double[] b = enc.call(other, mask, false).slice(1, 0, 3).toDoubleArray();
        assertArrayEquals(a, b, 1e-12);
        // ... and are what the real steps alone give.
        assertArrayEquals(enc.call(x.slice(1, 0, 3), false).toDoubleArray(), a, 1e-12);
    }

    @Test
    void aMaskingLayersMaskHidesThePaddedSteps() {
        Sequential m = new Sequential(new Masking(0), new TransformerEncoder(8, 2));
        m.seed(1).build(5, 4);
        Tensor real = Tensor.randn(new Generator(4), 1, 3, 4);
        Tensor padded = Tensor.concat(1, real, Tensor.zeros(1, 2, 4));
        double[] withPadding = m.predict(padded).slice(1, 0, 3).toDoubleArray();
        TransformerEncoder enc = (TransformerEncoder) m.layers().get(1);
        assertArrayEquals(enc.call(real, false).toDoubleArray(), withPadding, 1e-5);
    }

    @Test
    void shapeErrorsAndArguments() {
        assertShapeError(() -> build(new TransformerEncoder(8, 4), 5, 6), "6 features", "4 heads", "multiple of numHeads");
        assertShapeError(() -> build(new TransformerEncoder(8, 2), 6), "[batch, 6]", "Embedding");
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(8, 2).activation("swish!"));
        TransformerEncoder e = new TransformerEncoder(32, 4).dropout(0.1).activation("gelu").normalizeFirst(true)
                .layerNormEpsilon(1e-6).useCausalMask(true);
        assertEquals(e.config(), LayerConfigs.fromConfig(LayerConfigs.toConfig(e.name("enc"))).config());
        assertEquals("transformer_encoder", e.defaultName());
    }

    /**
     * {@code [ids, labels]}: right-padded sequences of 4 to {@code maxLength} filler tokens (3..11)
     * holding one token 1 and one token 2; label 1 when 1 comes first. Attention alone sees a set, so
     * only the positions tell the classes apart.
     */
    private static Tensor[] aBeforeB(long seed, int n, int maxLength) {
        Generator g = new Generator(seed);
        List<int[]> sequences = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int length = 4 + (int) (g.nextDouble() * (maxLength - 3));
            int[] s = new int[length];
            for (int t = 0; t < length; t++) s[t] = 3 + (int) (g.nextDouble() * 9);
            int first = (int) (g.nextDouble() * length);
            int second;
            do second = (int) (g.nextDouble() * length); while (second == first);
            labels[i] = i % 2;
            s[Math.min(first, second)] = labels[i] == 1 ? 1 : 2;
            s[Math.max(first, second)] = labels[i] == 1 ? 2 : 1;
            sequences.add(s);
        }
        return new Tensor[] {Sequences.pad(sequences, maxLength, Sequences.Padding.POST, Sequences.Truncating.POST, 0),
                Tensor.of(labels, n)};
    }

    private static Sequential classifier(PositionalEmbedding positions) {
        return new Sequential(new Embedding(12, 16).maskZero(true), positions, new TransformerEncoder(32, 2),
                new GlobalAveragePooling1D(), new Dense(2));
    }

    @Test
    void aTransformerLearnsTokenOrderAndSavesAndLoads() {
        Tensor[] train = aBeforeB(1, 600, 12);
        Tensor[] test = aBeforeB(2, 200, 12);
        Sequential m = classifier(PositionalEmbedding.learned(12));
        m.seed(3).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        m.build(12);
        String summary = m.summary();
        assertTrue(summary.contains("TransformerEncoder") && summary.contains("[batch, 12, 16]"), summary);
        m.fit(train[0], train[1], Fit.epochs(12).batchSize(32).seed(4).silent());
        double accuracy = m.evaluate(test[0], test[1]).get("accuracy");
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " only; the majority baseline is 0.5");

        Path p = dir.resolve("transformer.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertEquals(m.parameterCount(), loaded.parameterCount());
        assertArrayEquals(m.predict(test[0]).toFloatArray(), loaded.predict(test[0]).toFloatArray(), 0f);
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).config(), loaded.layers().get(i).config(), "layer " + i);
        }
    }

    private static Sequential dropoutModel() {
        Sequential m = new Sequential(new Embedding(12, 8).maskZero(true), PositionalEmbedding.sinusoidal(),
                new TransformerEncoder(16, 2).dropout(0.3), new GlobalAveragePooling1D(), new Dense(2));
        m.seed(5).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        m.build(12);
        return m;
    }

    /** The dropouts inside the block get their masks per epoch from the model, as top-level ones: a resumed run repeats an uninterrupted one. */
    @Test
    void resumingWithDropoutInsideTheBlockGivesBitIdenticalWeights() {
        Tensor[] d = aBeforeB(3, 64, 12);
        Sequential straight = dropoutModel();
        var full = straight.fit(d[0], d[1], Fit.epochs(4).batchSize(16).seed(2).silent());
        Sequential first = dropoutModel();
        first.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(2).silent());
        Path p = dir.resolve("checkpoint.fathom");
        first.save(p);
        Model resumed = Model.load(p);
        var rest = resumed.fit(d[0], d[1], Fit.epochs(4).batchSize(16).seed(2).silent().resume());
        assertArrayEquals(new double[] {full.get("loss")[2], full.get("loss")[3]}, rest.get("loss"), 0.0);
        for (int i = 0; i < straight.layers().size(); i++) {
            List<Weight> a = straight.layers().get(i).weights();
            List<Weight> b = resumed.layers().get(i).weights();
            for (int w = 0; w < a.size(); w++) {
                assertArrayEquals(a.get(w).value().toFloatArray(), b.get(w).value().toFloatArray(), 0f, "layer " + i + " " + a.get(w).name());
            }
        }
        // Each epoch draws other masks inside the block: two epochs from one start differ.
        TransformerEncoder block = (TransformerEncoder) straight.layers().get(2);
        assertEquals(8, block.sublayers().size());
    }

    @Test
    void withoutPositionsOrderIsInvisible() {
        // Attention over a set: without positions, swapping tokens 1 and 2 (the label) changes nothing
        // the classifier sees, so the task above needs the PositionalEmbedding; with it, the outputs differ.
        Tensor ab = Tensor.of(new int[] {5, 1, 7, 2, 4, 0, 0, 0, 0, 0, 0, 0}, 1, 12).asType(DType.FLOAT32);
        Tensor ba = Tensor.of(new int[] {5, 2, 7, 1, 4, 0, 0, 0, 0, 0, 0, 0}, 1, 12).asType(DType.FLOAT32);
        Sequential bag = new Sequential(new Embedding(12, 16).maskZero(true), new TransformerEncoder(32, 2),
                new GlobalAveragePooling1D(), new Dense(2));
        bag.seed(3).build(12);
        assertArrayEquals(bag.predict(ab).toFloatArray(), bag.predict(ba).toFloatArray(), 1e-6f);
        Sequential ordered = classifier(PositionalEmbedding.sinusoidal());
        ordered.seed(3).build(12);
        assertFalse(java.util.Arrays.equals(ordered.predict(ab).toFloatArray(), ordered.predict(ba).toFloatArray()));
    }
}
