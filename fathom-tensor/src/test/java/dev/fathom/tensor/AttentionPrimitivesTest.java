package dev.fathom.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What attention asks of the engine: the batched matrix product over leading (batch, head) axes on
 * the strided views a head split makes, and the masked softmax, each against its definition and by
 * float64 central differences.
 */
class AttentionPrimitivesTest {

    /** {@code [B, T, H*D]} seen as {@code [B, H, T, D]} without a copy, as multi-head attention splits heads. */
    private static Tensor heads(Tensor x, int h) {
        int[] s = x.shape();
        return x.reshape(s[0], s[1], h, s[2] / h).permute(0, 2, 1, 3);
    }

    @Test
    void batchedMatmulOverHeadsMatchesTheDefinition() {
        Generator g = new Generator(3);
        int b = 2, h = 3, t = 4, s = 5, d = 2;
        Tensor q = GradCheck.randn(g, b, t, h * d);
        Tensor k = GradCheck.randn(g, b, s, h * d);
        // [B, H, T, D] x [B, H, D, S]: the second a permuted view whose last two axes are transposed in memory.
        Tensor scores = heads(q, h).matmul(heads(k, h).transpose(-2, -1));
        assertArrayEquals(new int[] {b, h, t, s}, scores.shape());
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < s; j++) {
                        double sum = 0;
                        for (int p = 0; p < d; p++) sum += q.get(bi, i, hi * d + p) * k.get(bi, j, hi * d + p);
                        assertEquals(sum, scores.get(bi, hi, i, j), 1e-12, "scores[" + bi + ", " + hi + ", " + i + ", " + j + "]");
                    }
                }
            }
        }
        // float32 gives the same numbers to float32 precision.
        Tensor scores32 = heads(q.asType(dev.fathom.backend.DType.FLOAT32), h)
                .matmul(heads(k.asType(dev.fathom.backend.DType.FLOAT32), h).transpose(-2, -1));
        assertArrayEquals(scores.toDoubleArray(), scores32.toDoubleArray(), 1e-5);
    }

    @Test
    void batchedMatmulOverHeadsHasCorrectGradients() {
        Generator g = new Generator(5);
        GradCheck.check("matmul [B, H, T, D] x [B, H, D, S]", Tensor::matmul, GradCheck.randn(g, 2, 3, 4, 2), GradCheck.randn(g, 2, 3, 2, 5));
        GradCheck.check("matmul of head-split views", (q, k) -> heads(q, 2).matmul(heads(k, 2).transpose(-2, -1)),
                GradCheck.randn(g, 2, 4, 6), GradCheck.randn(g, 2, 3, 6));
        GradCheck.check("matmul broadcast over heads", Tensor::matmul, GradCheck.randn(g, 2, 3, 4, 2), GradCheck.randn(g, 2, 1, 2, 5));
        GradCheck.checkN("attention", xs -> heads(xs[0], 2).matmul(heads(xs[1], 2).transpose(-2, -1)).softmax(-1)
                .matmul(heads(xs[2], 2)), GradCheck.randn(g, 2, 4, 6), GradCheck.randn(g, 2, 3, 6), GradCheck.randn(g, 2, 3, 6));
    }

    @Test
    void maskedSoftmaxGivesMaskedPositionsNothing() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 0.5, -1, 2, 7}, 2, 4);
        Tensor mask = Tensor.of(new double[] {1, 1, 0, 1, 0, 1, 1, 0}, 2, 4);
        double[] p = x.softmax(-1, mask).toDoubleArray();
        double z0 = Math.exp(1) + Math.exp(2) + Math.exp(4);
        double z1 = Math.exp(-1) + Math.exp(2);
        assertArrayEquals(new double[] {Math.exp(1) / z0, Math.exp(2) / z0, 0, Math.exp(4) / z0,
                0, Math.exp(-1) / z1, Math.exp(2) / z1, 0}, p, 1e-15);
        // A mask of booleans from a comparison, broadcast over rows; float32 too.
        Tensor keep = Tensor.of(new float[] {1, 0, 1, 1}, 1, 4).gt(0.5);
        double[] p32 = x.asType(dev.fathom.backend.DType.FLOAT32).softmax(1, keep).toDoubleArray();
        double y0 = Math.exp(1) + Math.exp(3) + Math.exp(4);
        assertEquals(Math.exp(3) / y0, p32[2], 1e-7);
        assertEquals(0, p32[1]);
        assertEquals(0, p32[5]);
    }

    @Test
    void aLineWithEveryPositionMaskedSpreadsEvenlyInsteadOfNaN() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        double[] p = x.softmax(-1, Tensor.zeros(1, 3)).toDoubleArray();
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, p, 1e-15);
    }

    @Test
    void maskedSoftmaxHasCorrectGradients() {
        Generator g = new Generator(9);
        Tensor mask = Tensor.of(new double[] {1, 0, 1, 1, 1, 1, 0, 1}, 2, 1, 1, 4);
        GradCheck.check("masked softmax, key padding", x -> x.softmax(-1, mask), GradCheck.randn(g, 2, 3, 2, 4));
        Tensor causal = Tensor.of(new double[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, 3, 3);
        GradCheck.check("masked softmax, causal", x -> x.softmax(-1, causal), GradCheck.randn(g, 2, 3, 3));
        GradCheck.check("masked softmax, other axis", x -> x.softmax(0, causal), GradCheck.randn(g, 3, 3));
    }

    @Test
    void maskedSoftmaxRefusesAMaskThatDoesNotFit() {
        Tensor x = Tensor.zeros(2, 3);
        ShapeException e = assertThrows(ShapeException.class, () -> x.softmax(-1, Tensor.ones(2, 2, 3)));
        assertTrue(e.getMessage().contains("[2, 2, 3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(ShapeException.class, () -> x.softmax(-1, Tensor.ones(2, 4)));
    }
}
