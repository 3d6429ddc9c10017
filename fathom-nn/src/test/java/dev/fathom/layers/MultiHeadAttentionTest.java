package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.models.Sequential;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiHeadAttentionTest {

    private static Function<DType, Layer> random(Function<MultiHeadAttention, MultiHeadAttention> options) {
        return t -> options.apply(new MultiHeadAttention(2, 3).kernelInitializer(uniform(t, -0.6, 0.6))
                .biasInitializer(uniform(t, -0.5, 0.5)));
    }

    private static MultiHeadAttention random64(MultiHeadAttention mha) {
        return mha.kernelInitializer(uniform(DType.FLOAT64, -0.6, 0.6)).biasInitializer(uniform(DType.FLOAT64, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarness() {
        // Four projections of 6 -> 6 with biases.
        LayerTester.of("MultiHeadAttention", random(m -> m), 4, 6).outputShape(4, 6).parameters(4 * 42).run();
        // Value 6 -> 2*2, output 4 -> 5.
        LayerTester.of("MultiHeadAttention valueDim outputDim", random(m -> m.valueDim(2).outputDim(5)), 4, 6)
                .outputShape(4, 5).parameters(42 + 42 + 28 + 25).run();
        LayerTester.of("MultiHeadAttention causal", random(m -> m.useCausalMask(true)), 5, 6).parameters(168).run();
        LayerTester.of("MultiHeadAttention no bias", random(m -> m.useBias(false)), 3, 6).parameters(4 * 36).run();
        LayerTester.of("MultiHeadAttention training", random(m -> m), 3, 6).training(true).batchIndependent(true).run();
    }

    @Test
    void masksHaveCorrectGradients() {
        MultiHeadAttention mha = random64(new MultiHeadAttention(2, 2).valueDim(3).useCausalMask(true));
        mha.build(new int[] {4, 5}, new int[] {6, 3}, null, new Generator(1));
        Generator g = new Generator(2);
        Tensor queryMask = Tensor.of(new double[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4);
        Tensor valueMask = Tensor.of(new double[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1}, 2, 6);
        Tensor attention = Tensor.of(new double[] {1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1}, 4, 6);
        GradCheck.checkN("attention with query, value, explicit and causal masks",
                xs -> mha.attend(xs[0], xs[1], xs[2], queryMask, valueMask, attention, false).output(),
                GradCheck.randn(g, 2, 4, 5), GradCheck.randn(g, 2, 6, 3), GradCheck.randn(g, 2, 6, 3));
        GradCheck.checkN("attention scores", xs -> mha.attend(xs[0], xs[1], null, null, valueMask, null, false).scores(),
                GradCheck.randn(g, 2, 4, 5), GradCheck.randn(g, 2, 6, 3));
    }

    @Test
    void aStepSeesNoLaterStepUnderTheCausalMask() {
        MultiHeadAttention mha = random64(new MultiHeadAttention(2, 3).useCausalMask(true));
        build(mha, 5, 6);
        Tensor x = GradCheck.randn(new Generator(3), 2, 5, 6);
        Tensor later = x.slice(1, 0, 3).contiguousCopy();
        Tensor changed = Tensor.concat(1, later, GradCheck.randn(new Generator(4), 2, 2, 6));
        MultiHeadAttention.Output a = mha.attend(x, x, null, null, null, null, false);
        MultiHeadAttention.Output b = mha.attend(changed, changed, null, null, null, null, false);
        assertArrayEquals(a.output().slice(1, 0, 3).toDoubleArray(), b.output().slice(1, 0, 3).toDoubleArray(), 1e-12);
        assertFalse(java.util.Arrays.equals(a.output().toDoubleArray(), b.output().toDoubleArray()));
        // Scores: a lower triangle per head, each row summing to 1.
        double[] s = a.scores().toDoubleArray();
        for (int row = 0; row < 2 * 2 * 5; row++) {
            int i = row % 5;
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                if (j > i) assertEquals(0, s[row * 5 + j], "score of a later step");
                sum += s[row * 5 + j];
            }
            assertEquals(1, sum, 1e-12);
        }
    }

    @Test
    void paddedKeyStepsChangeNothing() {
        MultiHeadAttention mha = random64(new MultiHeadAttention(2, 3));
        build(mha, 5, 6);
        Tensor x = GradCheck.randn(new Generator(5), 1, 5, 6);
        Tensor mask = Tensor.of(new double[] {1, 1, 1, 0, 0}, 1, 5);
        Tensor other = Tensor.concat(1, x.slice(1, 0, 3), GradCheck.randn(new Generator(6), 1, 2, 6));
        double[] a = mha.attend(x, x, null, null, mask, null, false).output().toDoubleArray();
        double[] b = mha.attend(x, other, null, null, mask, null, false).output().toDoubleArray();
        assertArrayEquals(a, b, 1e-12);
        // Every key masked: attention spreads evenly, with no NaN.
        Tensor none = Tensor.zeros(1, 5);
        MultiHeadAttention.Output o = mha.attend(x, x, null, null, none, null, false);
        for (double v : o.scores().toDoubleArray()) assertEquals(0.2, v, 1e-12);
        for (double v : o.output().toDoubleArray()) assertTrue(Double.isFinite(v));
    }

    @Test
    void inAModelTheEmbeddingsMaskHidesPaddingAsKerasDoes() {
        Embedding embedding = new Embedding(10, 6).maskZero(true);
        MultiHeadAttention mha = new MultiHeadAttention(2, 3);
        Sequential m = new Sequential(embedding, mha);
        m.seed(1).build(5);
        Tensor ids = Tensor.of(new int[] {3, 4, 5, 0, 0, 7, 1, 0, 0, 0}, 2, 5);
        Tensor x = embedding.call(ids, false);
        Tensor mask = embedding.computeMask(ids, null);
        double[] expected = mha.attend(x, x, x, mask, mask, null, false).output().toDoubleArray();
        assertArrayEquals(expected, m.predict(ids.asType(DType.FLOAT32)).toDoubleArray(), 1e-6);
        // Real steps as without padding at all: the first sequence alone, three steps long.
        Tensor short3 = embedding.call(Tensor.of(new int[] {3, 4, 5}, 1, 3), false);
        double[] alone = mha.attend(short3, short3, null, null, null, null, false).output().toDoubleArray();
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(expected, 0, 18), 1e-5);
        assertTrue(mha.supportsMasking() && mha.outputsMask(true));
    }

    @Test
    void crossAttentionTakesAnotherLengthAndWidth() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 8).valueDim(5).outputDim(7);
        MultiHeadAttention.Output o = mha.attend(Tensor.ones(2, 3, 16), Tensor.ones(2, 9, 10), null, null, null, null, false);
        assertArrayEquals(new int[] {2, 3, 7}, o.output().shape());
        assertArrayEquals(new int[] {2, 4, 3, 9}, o.scores().shape());
        assertEquals("[query.kernel, query.bias, key.kernel, key.bias, value.kernel, value.bias, output.kernel, output.bias]",
                mha.weights().stream().map(Weight::name).toList().toString());
        assertArrayEquals(new int[] {10, 20}, mha.weights().get(4).value().shape());
    }

    @Test
    void shapeErrorsAndArguments() {
        assertShapeError(() -> build(new MultiHeadAttention(2, 3), 6), "MultiHeadAttention", "[batch, 6]", "[batch, steps, features]",
                "Embedding");
        assertShapeError(() -> build(new MultiHeadAttention(2, 3), 4, 6, 2), "[batch, 4, 6, 2]", "Reshape");
        MultiHeadAttention mha = new MultiHeadAttention(2, 3);
        build(mha, 4, 6);
        assertShapeError(() -> mha.call(Tensor.ones(2, 4, 5), false), "6 features", "[2, 4, 5]");
        assertShapeError(() -> mha.attend(Tensor.ones(2, 4, 6), Tensor.ones(2, 4, 6), null, null, null, Tensor.ones(4, 5), false),
                "attention mask of shape [4, 5]", "[2, 4, 4]", "[4, 4]");
        assertShapeError(() -> mha.attend(Tensor.ones(2, 4, 6), Tensor.ones(2, 4, 6), null, null, Tensor.ones(2, 3), null, false),
                "mask of shape [2, 3]", "[batch, time]");
        assertShapeError(() -> new MultiHeadAttention(1, 2).attend(Tensor.ones(1, 2, 4), Tensor.ones(1, 3, 4),
                Tensor.ones(1, 2, 4), null, null, null, false), "same number of steps");
        IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class,
                () -> build(new MultiHeadAttention(1 << 16, 1 << 16), 4, 6));
        assertTrue(tooWide.getMessage().contains("too large"), tooWide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 3).dropout(1));
    }

    @Test
    void configRoundTrips() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 16).valueDim(8).outputDim(32).dropout(0.1).useCausalMask(true)
                .useBias(false).kernelRegularizer(Regularizer.l2(1e-4));
        Layer copy = LayerConfigs.fromConfig(LayerConfigs.toConfig(mha.name("attn")));
        assertEquals(mha.config(), copy.config());
        assertEquals("attn", copy.name());
        assertEquals("multi_head_attention", new MultiHeadAttention(1, 1).defaultName());
    }

    @Test
    void dropsAttentionWeightsOnlyInTraining() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).dropout(0.5);
        build(mha, 6, 6);
        Tensor x = Tensor.randn(new Generator(8), 2, 6, 6);
        assertArrayEquals(mha.call(x, false).toFloatArray(), mha.call(x, false).toFloatArray());
        assertFalse(java.util.Arrays.equals(mha.call(x, false).toFloatArray(), mha.call(x, true).toFloatArray()));
    }
}
