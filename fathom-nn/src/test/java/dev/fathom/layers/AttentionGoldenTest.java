package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MultiHeadAttention and TransformerEncoder against PyTorch's nn.MultiheadAttention and
 * nn.TransformerEncoderLayer (batch_first) with the same weights, with and without key padding and
 * causal masks: outputs, per-head attention scores and the gradient of the input, and cross-attention
 * between inputs of a Functional model with the masks of their Embeddings, from
 * {@code src/test/python/make_golden_attention.py}. PyTorch's [out, in] weights are transposed into
 * Fathom's [in, out] kernels here.
 */
class AttentionGoldenTest {
    private static final double TOL = 1e-11;
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/attention.txt");

    @Test
    void multiHeadAttentionMatchesPyTorch() {
        int checked = 0;
        for (Golden.Case c : CASES) {
            if (!c.name().startsWith("mha")) continue;
            multiHeadAttention(c);
            checked++;
        }
        assertEquals(6, checked, "mha cases in attention.txt");
    }

    @Test
    void transformerEncoderMatchesPyTorch() {
        int checked = 0;
        for (Golden.Case c : CASES) {
            if (!c.name().startsWith("encoder")) continue;
            encoder(c);
            checked++;
        }
        assertEquals(5, checked, "encoder cases in attention.txt");
    }

    private static void multiHeadAttention(Golden.Case c) {
        int[] s = c.ints("sizes");
        int batch = s[0], t = s[1], steps = s[2], embed = s[3], features = s[4], heads = s[5];
        boolean self = c.str("self_attention").equals("true");
        boolean bias = c.str("bias").equals("true");
        MultiHeadAttention mha = new MultiHeadAttention(heads, embed / heads).useBias(bias)
                .useCausalMask(c.str("causal").equals("true"))
                .kernelInitializer(cast(DType.FLOAT64, Initializer.zeros())).biasInitializer(cast(DType.FLOAT64, Initializer.zeros()));
        int[] out = mha.build(new int[] {t, embed}, new int[] {steps, features}, null, new dev.fathom.tensor.Generator(0));
        assertArrayEquals(new int[] {t, embed}, out, c.name());
        setAttention(mha, c, "", embed, features);
        Tensor query = Tensor.of(c.nums("query"), batch, t, embed).requiresGrad(true);
        Tensor value = self ? query : Tensor.of(c.nums("value"), batch, steps, features);
        Tensor key = self ? query : Tensor.of(c.nums("key"), batch, steps, features);
        Tensor valueMask = c.has("value_mask") ? Tensor.of(c.nums("value_mask"), batch, steps) : null;
        MultiHeadAttention.Output o = mha.attend(query, value, key, null, valueMask, null, false);
        assertArrayEquals(new int[] {batch, t, embed}, o.output().shape(), c.name());
        assertArrayEquals(new int[] {batch, heads, t, steps}, o.scores().shape(), c.name());
        assertArrayEquals(c.nums("output"), o.output().toDoubleArray(), TOL, c.name() + ": output");
        assertArrayEquals(c.nums("scores"), o.scores().toDoubleArray(), TOL, c.name() + ": scores");
        o.output().mul(Tensor.of(c.nums("r"), batch, t, embed)).sum().backward();
        assertArrayEquals(c.nums("grad_query"), query.grad().toDoubleArray(), TOL, c.name() + ": gradient of the query");
    }

    @Test
    void crossAttentionInAFunctionalModelMatchesPyTorch() {
        int checked = 0;
        for (Golden.Case c : CASES) {
            if (!c.name().startsWith("functional_cross")) continue;
            functionalCross(c);
            checked++;
        }
        assertEquals(2, checked, "functional_cross cases in attention.txt");
    }

    /**
     * MultiHeadAttention applied to a query and a value (and a key) in a Functional model, each from
     * an Embedding whose padding makes the mask: the real query steps' outputs, their scores and the
     * gradients of every embedding table. PyTorch has no query mask, so padded query steps (which
     * Keras and Fathom spread evenly over all keys) are left out, and the script's r is 0 there.
     */
    private static void functionalCross(Golden.Case c) {
        int[] s = c.ints("sizes");
        int batch = s[0], t = s[1], steps = s[2], vocab = s[3], embed = s[4], features = s[5], heads = s[6];
        boolean withKey = c.str("with_key").equals("true");
        Initializer zeros = cast(DType.FLOAT64, Initializer.zeros());
        Embedding queryEmbedding = new Embedding(vocab, embed).maskZero(true).embeddingsInitializer(zeros);
        Embedding valueEmbedding = new Embedding(vocab, features).maskZero(true).embeddingsInitializer(zeros);
        Embedding keyEmbedding = new Embedding(vocab, features).maskZero(true).embeddingsInitializer(zeros);
        MultiHeadAttention mha = new MultiHeadAttention(heads, embed / heads).kernelInitializer(zeros).biasInitializer(zeros);
        Input query = Input.of(t).name("query");
        Input value = Input.of(steps).name("value");
        Input key = Input.of(steps).name("key");
        SymbolicTensor out = withKey
                ? SymbolicTensor.apply(mha, query.then(queryEmbedding), value.then(valueEmbedding), key.then(keyEmbedding))
                : SymbolicTensor.apply(mha, query.then(queryEmbedding), value.then(valueEmbedding));
        Functional model = new Functional(withKey ? List.of(query, value, key) : List.of(query, value), out);
        assertTrue(out.isMasked(), c.name() + ": the output carries the query's mask");
        setAttention(mha, c, "", embed, features);
        set(queryEmbedding, "embeddings", Tensor.of(c.nums("query_embeddings"), vocab, embed));
        set(valueEmbedding, "embeddings", Tensor.of(c.nums("value_embeddings"), vocab, features));
        List<Tensor> ids = new java.util.ArrayList<>(List.of(Tensor.of(c.ints("query_ids"), batch, t),
                Tensor.of(c.ints("value_ids"), batch, steps)));
        if (withKey) {
            set(keyEmbedding, "embeddings", Tensor.of(c.nums("key_embeddings"), vocab, features));
            ids.add(Tensor.of(c.ints("key_ids"), batch, steps));
        }
        Tensor y = model.call(ids, false);
        assertArrayEquals(new int[] {batch, t, embed}, y.shape(), c.name());
        int[] queryIds = c.ints("query_ids");
        double[] expected = c.nums("output");
        double[] got = y.toDoubleArray();
        int compared = 0;
        for (int step = 0; step < batch * t; step++) {
            if (queryIds[step] == 0) continue;
            for (int e = 0; e < embed; e++) {
                assertEquals(expected[step * embed + e], got[step * embed + e], TOL, c.name() + ": output of query step " + step);
            }
            compared++;
        }
        assertTrue(compared > 0 && compared < batch * t, c.name() + ": real and padded query steps both present");
        y.mul(Tensor.of(c.nums("r"), batch, t, embed)).sum().backward();
        assertArrayEquals(c.nums("grad_query_embeddings"), grad(queryEmbedding), TOL, c.name() + ": gradient of the query's embeddings");
        assertArrayEquals(c.nums("grad_value_embeddings"), grad(valueEmbedding), TOL, c.name() + ": gradient of the value's embeddings");
        if (withKey) {
            assertArrayEquals(c.nums("grad_key_embeddings"), grad(keyEmbedding), TOL, c.name() + ": gradient of the key's embeddings");
        }
    }

    private static double[] grad(Layer layer) {
        return layer.weights().getFirst().value().grad().toDoubleArray();
    }

    private static void encoder(Golden.Case c) {
        int[] s = c.ints("sizes");
        int batch = s[0], t = s[1], embed = s[2], heads = s[3], ff = s[4];
        TransformerEncoder enc = new TransformerEncoder(ff, heads).useCausalMask(c.str("causal").equals("true"))
                .normalizeFirst(c.str("norm_first").equals("true")).activation(c.str("activation"))
                .kernelInitializer(cast(DType.FLOAT64, Initializer.zeros())).biasInitializer(cast(DType.FLOAT64, Initializer.zeros()))
                .gammaInitializer(cast(DType.FLOAT64, Initializer.zeros())).betaInitializer(cast(DType.FLOAT64, Initializer.zeros()));
        assertArrayEquals(new int[] {t, embed}, LayerTester.build(enc, t, embed), c.name());
        setAttention(enc, c, "self_attn.", embed, embed);
        set(enc, "feedforward_intermediate.kernel", Tensor.of(c.nums("linear1.weight"), ff, embed).t());
        set(enc, "feedforward_intermediate.bias", Tensor.of(c.nums("linear1.bias"), ff));
        set(enc, "feedforward_output.kernel", Tensor.of(c.nums("linear2.weight"), embed, ff).t());
        set(enc, "feedforward_output.bias", Tensor.of(c.nums("linear2.bias"), embed));
        set(enc, "attention_norm.gamma", Tensor.of(c.nums("norm1.weight"), embed));
        set(enc, "attention_norm.beta", Tensor.of(c.nums("norm1.bias"), embed));
        set(enc, "feedforward_norm.gamma", Tensor.of(c.nums("norm2.weight"), embed));
        set(enc, "feedforward_norm.beta", Tensor.of(c.nums("norm2.bias"), embed));
        Tensor x = Tensor.of(c.nums("x"), batch, t, embed).requiresGrad(true);
        Tensor mask = c.has("mask") ? Tensor.of(c.nums("mask"), batch, t) : null;
        // Training mode with dropout 0 is what the script ran.
        Tensor y = enc.call(x, mask, true);
        assertArrayEquals(new int[] {batch, t, embed}, y.shape(), c.name());
        assertArrayEquals(c.nums("output"), y.toDoubleArray(), TOL, c.name() + ": output");
        y.mul(Tensor.of(c.nums("r"), batch, t, embed)).sum().backward();
        assertArrayEquals(c.nums("grad_x"), x.grad().toDoubleArray(), TOL, c.name() + ": gradient of the input");
    }

    /** PyTorch's attention weights (under {@code prefix}) into the layer's projections; in [out, in], kernels [in, out]. */
    private static void setAttention(Layer layer, Golden.Case c, String prefix, int embed, int features) {
        String to = layer instanceof TransformerEncoder ? "attention." : "";
        if (c.has(prefix + "in_proj_weight")) {
            Tensor w = Tensor.of(c.nums(prefix + "in_proj_weight"), 3 * embed, embed);
            set(layer, to + "query.kernel", w.slice(0, 0, embed).t());
            set(layer, to + "key.kernel", w.slice(0, embed, 2 * embed).t());
            set(layer, to + "value.kernel", w.slice(0, 2 * embed, 3 * embed).t());
        } else {
            set(layer, to + "query.kernel", Tensor.of(c.nums(prefix + "q_proj_weight"), embed, embed).t());
            set(layer, to + "key.kernel", Tensor.of(c.nums(prefix + "k_proj_weight"), embed, features).t());
            set(layer, to + "value.kernel", Tensor.of(c.nums(prefix + "v_proj_weight"), embed, features).t());
        }
        set(layer, to + "output.kernel", Tensor.of(c.nums(prefix + "out_proj.weight"), embed, embed).t());
        if (c.has(prefix + "in_proj_bias")) {
            Tensor b = Tensor.of(c.nums(prefix + "in_proj_bias"), 3 * embed);
            set(layer, to + "query.bias", b.slice(0, 0, embed));
            set(layer, to + "key.bias", b.slice(0, embed, 2 * embed));
            set(layer, to + "value.bias", b.slice(0, 2 * embed, 3 * embed));
            set(layer, to + "output.bias", Tensor.of(c.nums(prefix + "out_proj.bias"), embed));
        }
    }

    private static void set(Layer layer, String name, Tensor value) {
        for (Weight w : layer.weights()) {
            if (w.name().equals(name)) {
                try (var scope = GradMode.noGrad()) {
                    w.value().assign(value);
                }
                return;
            }
        }
        throw new AssertionError(layer.typeName() + " has no weight " + name + "; it has "
                + layer.weights().stream().map(Weight::name).toList());
    }
}
