package dev.fathom.models;

import dev.fathom.backend.DType;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.MultiHeadAttention;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MultiHeadAttention applied across inputs of a Functional model (Keras' {@code mha(query, value,
 * key)}): the masks of the value and key sides hide their padding, the query's mask passes to the
 * output, gradients are right in float64, and the model saves and loads. PyTorch's values for the
 * same models are checked in {@code AttentionGoldenTest}.
 */
class CrossAttentionTest {
    @TempDir
    Path dir;

    /** Right-padded question ids [3, 4] (lengths 4, 2, 3) and passage ids [3, 6] (lengths 6, 3, 5). */
    private static final Tensor QUESTION = Tensor.of(new int[] {3, 1, 4, 1, /**/ 5, 9, 0, 0, /**/ 2, 6, 5, 0}, 3, 4);
    private static final Tensor PASSAGE = Tensor.of(new int[] {3, 5, 8, 9, 7, 9, /**/ 3, 2, 3, 0, 0, 0, /**/ 8, 4, 6, 2, 6, 0}, 3, 6);
    /** Other ids for a key input of its own, padded elsewhere than the passage (lengths 6, 5, 4). */
    private static final Tensor KEYS = Tensor.of(new int[] {3, 5, 8, 9, 7, 9, /**/ 3, 2, 3, 7, 1, 0, /**/ 8, 4, 6, 2, 0, 0}, 3, 6);

    private static Initializer uniform64(double lo, double hi) {
        return (shape, fanIn, fanOut, g) -> GradCheck.uniform(g, lo, hi, shape).asType(DType.FLOAT64);
    }

    private static MultiHeadAttention random64(MultiHeadAttention mha) {
        return mha.kernelInitializer(uniform64(-0.6, 0.6)).biasInitializer(uniform64(-0.5, 0.5));
    }

    private static MultiHeadAttention named(MultiHeadAttention mha, String name) {
        mha.name(name);
        return mha;
    }

    /** Row 0 (the padding id's) of an embedding table set to large values. */
    private static void scrambleRowZero(Embedding e) {
        Tensor table = e.weights().getFirst().value();
        try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
            table.slice(0, 0, 1).assign(Tensor.full(5, 1, e.outputDim()));
        }
        assertEquals(5, table.toDoubleArray()[e.outputDim() - 1], "row 0 is written");
    }

    @Test
    void theMultiInputCallHasCorrectGradientsWithEveryMask() {
        MultiHeadAttention mha = random64(new MultiHeadAttention(2, 3).valueDim(2));
        assertArrayEquals(new int[] {4, 5}, mha.build(List.of(new int[] {4, 5}, new int[] {6, 3}, new int[] {6, 2}), new Generator(1)));
        Generator g = new Generator(2);
        Tensor queryMask = Tensor.of(new double[] {1, 1, 1, 0, 1, 1, 0, 0}, 2, 4);
        Tensor valueMask = Tensor.of(new double[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1}, 2, 6);
        Tensor keyMask = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1}, 2, 6);
        GradCheck.checkN("query, value and key with a mask each",
                xs -> mha.call(List.of(xs[0], xs[1], xs[2]), List.of(queryMask, valueMask, keyMask), false),
                GradCheck.randn(g, 2, 4, 5), GradCheck.randn(g, 2, 6, 3), GradCheck.randn(g, 2, 6, 2));

        MultiHeadAttention two = random64(new MultiHeadAttention(3, 2));
        two.build(List.of(new int[] {4, 5}, new int[] {6, 3}), new Generator(3));
        List<Tensor> masks = Arrays.asList(null, valueMask);
        GradCheck.checkN("query and value (the key) with the value's mask",
                xs -> two.call(List.of(xs[0], xs[1]), masks, false), GradCheck.randn(g, 2, 4, 5), GradCheck.randn(g, 2, 6, 3));
    }

    @Test
    void keyMasksCombineByAndAsKeras() {
        MultiHeadAttention mha = random64(new MultiHeadAttention(2, 3));
        mha.build(List.of(new int[] {4, 5}, new int[] {6, 3}, new int[] {6, 3}), new Generator(4));
        Generator g = new Generator(5);
        Tensor q = GradCheck.randn(g, 2, 4, 5);
        Tensor v = GradCheck.randn(g, 2, 6, 3);
        Tensor k = GradCheck.randn(g, 2, 6, 3);
        Tensor valueMask = Tensor.of(new double[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1}, 2, 6);
        Tensor keyMask = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1}, 2, 6);
        Tensor both = valueMask.mul(keyMask);
        double[] expected = mha.attend(q, v, k, null, both, null, false).output().toDoubleArray();
        assertArrayEquals(expected, mha.call(List.of(q, v, k), Arrays.asList(null, valueMask, keyMask), false).toDoubleArray(), 1e-12);
        assertFalse(Arrays.equals(expected, mha.call(List.of(q, v, k), Arrays.asList(null, valueMask, null), false).toDoubleArray()),
                "the key's mask must count");
        assertArrayEquals(expected, mha.call(List.of(q, v, k), Arrays.asList(null, null, both), false).toDoubleArray(), 1e-12);
    }

    /** question -> Embedding, passage -> Embedding (both maskZero), attention of the question over the passage, pooled, classified. */
    private static Functional reader(MultiHeadAttention attention) {
        Input question = Input.of(4).name("question").seed(7);
        Input passage = Input.of(6).name("passage");
        SymbolicTensor q = question.then(new Embedding(10, 8).maskZero(true).name("question_embedding"));
        SymbolicTensor p = passage.then(new Embedding(10, 8).maskZero(true).name("passage_embedding"));
        SymbolicTensor attended = SymbolicTensor.apply(attention, q, p);
        assertTrue(attended.isMasked(), "the output carries the question's mask");
        return new Functional(List.of(question, passage), attended.then(new GlobalAveragePooling1D()).then(new Dense(3)));
    }

    @Test
    void inAFunctionalModelTheMasksComeFromEachSidesEmbedding() {
        MultiHeadAttention attention = new MultiHeadAttention(2, 4);
        attention.name("attention");
        Functional m = reader(attention);
        Tensor out = m.predict(List.of(QUESTION, PASSAGE));
        // Only padded steps read row 0 of the embeddings: what it holds must change nothing.
        scrambleRowZero((Embedding) m.layer("question_embedding"));
        scrambleRowZero((Embedding) m.layer("passage_embedding"));
        assertArrayEquals(out.toFloatArray(), m.predict(List.of(QUESTION, PASSAGE)).toFloatArray(), 1e-6f,
                "padded steps are hidden from the question and left out of the pooling");

        // The same as the layer's own attend with the masks the embeddings make, pooled over the real question steps.
        Embedding qe = (Embedding) m.layer("question_embedding");
        Embedding pe = (Embedding) m.layer("passage_embedding");
        Tensor qx = qe.call(QUESTION, false);
        Tensor px = pe.call(PASSAGE, false);
        Tensor qMask = qe.computeMask(QUESTION, null);
        Tensor attended = attention.attend(qx, px, null, qMask, pe.computeMask(PASSAGE, null), null, false).output();
        Tensor pooled = m.layer("global_average_pooling1d").call(attended, qMask, false);
        assertArrayEquals(m.layer("dense").call(pooled, false).toFloatArray(), out.toFloatArray(), 1e-5f);

        String summary = m.summary();
        assertTrue(summary.contains("question_embedding[0][0]") && summary.contains("passage_embedding[0][0]"), summary);
    }

    @Test
    void anOutputWithoutTheQuerysMaskReachesLayersThatKnowNoMasks() {
        Input query = Input.of(3, 5).name("query");
        Input passage = Input.of(6).name("passage");
        Embedding embedding = new Embedding(10, 4).maskZero(true);
        SymbolicTensor p = passage.then(embedding);
        SymbolicTensor attended = SymbolicTensor.apply(new MultiHeadAttention(2, 2), query, p);
        assertFalse(attended.isMasked(), "an unmasked query gives an unmasked output");
        Functional m = new Functional(List.of(query, passage), attended.then(new Flatten()).then(new Dense(2)));
        Tensor x = GradCheck.randn(new Generator(8), 3, 3, 5).asType(DType.FLOAT32);
        float[] before = m.predict(List.of(x, PASSAGE)).toFloatArray();
        scrambleRowZero(embedding);
        assertArrayEquals(before, m.predict(List.of(x, PASSAGE)).toFloatArray(), 1e-6f, "the passage's padding is hidden");
    }

    @Test
    void savesAndLoadsAModelWithCrossAttentionAndAKeyOfItsOwn() {
        Input question = Input.of(4).name("question").seed(3);
        Input passage = Input.of(6).name("passage");
        Input keys = Input.of(6).name("keys");
        SymbolicTensor q = question.then(new Embedding(10, 8).maskZero(true));
        SymbolicTensor v = passage.then(new Embedding(10, 6).maskZero(true));
        SymbolicTensor k = keys.then(new Embedding(10, 5).maskZero(true));
        SymbolicTensor attended = SymbolicTensor.apply(named(new MultiHeadAttention(2, 4).valueDim(3), "attention"), q, v, k);
        Functional m = new Functional(List.of(question, passage, keys), attended.then(new GlobalAveragePooling1D()).then(new Dense(3)));
        m.compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true), "accuracy");
        List<Tensor> xs = List.of(QUESTION, PASSAGE, KEYS);
        Tensor y = Tensor.of(new int[] {0, 2, 1}, 3);
        double before = m.evaluate(xs, y).get("loss");
        m.fit(xs, y, Fit.epochs(5).batchSize(3).seed(1).silent());
        assertTrue(m.evaluate(xs, y).get("loss") < before, "training lowers the loss");

        Path file = dir.resolve("reader.fathom");
        m.save(file);
        Model back = Model.load(file);
        assertArrayEquals(m.predict(xs).toFloatArray(), back.predict(xs).toFloatArray(), 0f);
        Fixtures.assertSameWeights(m, back);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) back.architecture().get("nodes");
        Map<String, Object> attentionNode = nodes.stream().filter(n -> n.get("layer").equals("attention")).findFirst().orElseThrow();
        assertEquals(List.of("embedding[0][0]", "embedding_1[0][0]", "embedding_2[0][0]"), attentionNode.get("inputs"));
        List<int[]> shapes = ((MultiHeadAttention) back.layer("attention")).inputShapes();
        assertEquals(3, shapes.size());
        assertArrayEquals(new int[] {4, 8}, shapes.get(0));
        assertArrayEquals(new int[] {6, 6}, shapes.get(1));
        assertArrayEquals(new int[] {6, 5}, shapes.get(2));
    }

    @Test
    void wrongInputCountsAreRefusedWithTheFix() {
        Input a = Input.of(4, 6);
        Input b = Input.of(5, 6);
        List<SymbolicTensor> four = new ArrayList<>(List.of(a, b, b, b));
        MultiHeadAttention mha = new MultiHeadAttention(2, 3);
        ShapeException e = assertThrows(ShapeException.class, () -> SymbolicTensor.apply(mha, four.toArray(SymbolicTensor[]::new)));
        assertTrue(e.getMessage().contains("takes a query, a value and optionally a key (1 to 3 inputs: one for self-attention) but got 4"),
                e.getMessage());
        SymbolicTensor.apply(mha, a, b);
        ShapeException again = assertThrows(ShapeException.class, () -> SymbolicTensor.apply(mha, a));
        assertTrue(again.getMessage().contains("was built for input [batch, 4, 6] and [batch, 5, 6] but is now applied to [batch, 4, 6]"),
                again.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> SymbolicTensor.apply(new Dense(2), a, b));
        assertTrue(one.getMessage().contains("takes one input but got 2"), one.getMessage());
    }
}
