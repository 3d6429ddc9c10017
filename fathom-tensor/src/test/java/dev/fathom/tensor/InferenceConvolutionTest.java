package dev.fathom.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

/**
 * Inference takes the CPU backend's own convolution where it fits, Winograd's for 3x3 windows with stride 1
 * over a vector of channels or more, and im2col with matmul elsewhere. The values must be the convolution's
 * within float32 rounding of the sums, whatever the channels, filters, window, image size and padding, and a
 * sample's values must not depend on its batch.
 */
class InferenceConvolutionTest {

    /** Inference of {@code conv2d} (nothing recorded). */
    private static Tensor infer(Tensor x, Tensor w, Tensor b, int[] pad) {
        try (var scope = GradMode.noGrad()) {
            return Convolution.conv2d(x, w, b, 1, 1, pad, 1, 1);
        }
    }

    @Test
    void matchesTheConvolutionInFloat64() {
        Generator g = new Generator(31);
        // channels, filters, height, width: one channel (a first layer), three, a vector's worth and more,
        // odd and even sizes (a partial last tile row and column), wide rows (several tile blocks).
        int[][] shapes = {{1, 32, 28, 28}, {3, 8, 7, 9}, {32, 64, 13, 13}, {12, 16, 6, 5}, {9, 24, 4, 31}, {2, 8, 3, 3}};
        int[][] paddings = {Convolution.valid(), Convolution.padding(1, 1, 1, 1), Convolution.padding(0, 2, 1, 0),
                Convolution.padding(2, 0, 0, 2)};
        for (int[] q : shapes) {
            Tensor x = Tensor.randn(g, 2, q[0], q[2], q[3]);
            Tensor w = Tensor.randn(g, q[1], q[0], 3, 3);
            Tensor b = Tensor.randn(g, q[1]);
            for (int[] pad : paddings) {
                for (Tensor bias : new Tensor[] {b, null}) {
                    Tensor expected = Convolution.conv2d(x.asType(DType.FLOAT64), w.asType(DType.FLOAT64),
                            bias == null ? null : bias.asType(DType.FLOAT64), 1, 1, pad, 1, 1);
                    Tensor got = infer(x, w, bias, pad);
                    assertArrayEquals(expected.shape(), got.shape());
                    assertEquals(DType.FLOAT32, got.dtype());
                    // Each output sums 9*C products of standard normals: its float32 rounding is a few ulps of
                    // the sum of their magnitudes, about 9*C*0.64.
                    double tolerance = 1e-5 * (9 * q[0]);
                    double[] e = expected.toDoubleArray();
                    double[] a = got.toDoubleArray();
                    for (int i = 0; i < e.length; i++) {
                        assertEquals(e[i], a[i], tolerance, java.util.Arrays.toString(q) + " padding "
                                + java.util.Arrays.toString(pad) + " bias " + (bias != null) + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void fewChannelsAnyWindowMatchTheConvolutionInFloat64() {
        Generator g = new Generator(35);
        // channels, filters, kh, kw, height, width: grey and RGB inputs, odd filter counts, windows other than 3x3,
        // rows wider than a chunk of columns.
        int[][] shapes = {{1, 32, 3, 3, 28, 28}, {3, 5, 5, 5, 9, 11}, {2, 7, 1, 1, 4, 70}, {1, 4, 2, 3, 6, 5}, {3, 16, 3, 3, 17, 40}};
        int[][] paddings = {Convolution.valid(), Convolution.padding(1, 1, 1, 1), Convolution.padding(0, 1, 2, 0)};
        for (int[] q : shapes) {
            Tensor x = Tensor.randn(g, 2, q[0], q[4], q[5]);
            Tensor w = Tensor.randn(g, q[1], q[0], q[2], q[3]);
            Tensor b = Tensor.randn(g, q[1]);
            for (int[] pad : paddings) {
                if (pad[0] >= q[2] || pad[2] >= q[3]) continue;
                Tensor expected = Convolution.conv2d(x.asType(DType.FLOAT64), w.asType(DType.FLOAT64), b.asType(DType.FLOAT64),
                        1, 1, pad, 1, 1);
                Tensor got = infer(x, w, b, pad);
                assertArrayEquals(expected.shape(), got.shape());
                double tolerance = 1e-5 * (q[0] * q[2] * q[3] + 1);
                assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), tolerance,
                        java.util.Arrays.toString(q) + " padding " + java.util.Arrays.toString(pad));
            }
        }
    }

    @Test
    void aSampleGetsTheSameBitsInAnyBatch() {
        Generator g = new Generator(32);
        for (int channels : new int[] {16, 1}) {   // Winograd's, im2col's
            Tensor x = Tensor.randn(g, 5, channels, 11, 11);
            Tensor w = Tensor.randn(g, 32, channels, 3, 3);
            Tensor b = Tensor.randn(g, 32);
            float[] batch = infer(x, w, b, Convolution.valid()).toFloatArray();
            int per = batch.length / 5;
            for (int i = 0; i < 5; i++) {
                float[] alone = infer(x.slice(0, i, i + 1), w, b, Convolution.valid()).toFloatArray();
                for (int k = 0; k < per; k++) {
                    assertEquals(Float.floatToIntBits(alone[k]), Float.floatToIntBits(batch[i * per + k]),
                            channels + " channels, sample " + i + " at " + k);
                }
            }
        }
    }

    @Test
    void trainingThroughWinogradGetsTheConvolutionsGradients() {
        // Recorded, the backend's convolution keeps its gradient rule: the input's gradient is a convolution
        // with the flipped kernel (Winograd's again where it fits), the kernel's a product with im2col's
        // columns. Float64 takes im2col and matmul throughout (and GradCheck checks that path): the reference.
        Generator g = new Generator(36);
        // channels, filters, height, width; 12 channels: the input's gradient (12 filters) is not Winograd's but col2im's
        int[][] shapes = {{8, 16, 9, 7}, {32, 64, 13, 13}, {16, 8, 5, 12}, {12, 16, 6, 6}};
        // padding 3: the input's gradient is no stride-1 convolution, col2im's again
        int[][] paddings = {Convolution.valid(), Convolution.padding(1, 1, 1, 1), Convolution.padding(0, 2, 1, 0),
                Convolution.padding(3, 0, 1, 3)};
        for (int[] q : shapes) {
            for (int[] pad : paddings) {
                Tensor x = Tensor.randn(g, 3, q[0], q[2], q[3]);
                Tensor w = Tensor.randn(g, q[1], q[0], 3, 3);
                Tensor b = Tensor.randn(g, q[1]);
                Tensor[] got = gradients(x, w, b, pad, g.nextLong());
                Tensor[] expected = gradients(x.asType(DType.FLOAT64), w.asType(DType.FLOAT64), b.asType(DType.FLOAT64), pad, 0);
                String where = java.util.Arrays.toString(q) + " padding " + java.util.Arrays.toString(pad);
                assertEquals("conv2d", got[0].gradFn() == null ? null : got[0].gradFn().op(), where);
                double tolerance = 1e-5 * 9 * Math.max(q[0], q[1]) * 3;
                String[] names = {"output", "input's gradient", "kernel's gradient", "bias's gradient"};
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(expected[i].shape(), got[i].shape(), names[i] + " " + where);
                    // The kernel's and bias's gradients sum over samples and positions: scale the tolerance so.
                    double scale = i >= 2 ? q[2] * q[3] : 1;
                    assertArrayEquals(expected[i].toDoubleArray(), got[i].toDoubleArray(), tolerance * scale, names[i] + " " + where);
                }
            }
        }
    }

    /** conv2d's output and the gradients of {@code sum(output * r)} for a fixed random r (the same r for both types). */
    private static Tensor[] gradients(Tensor x, Tensor w, Tensor b, int[] pad, long unused) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor bs = b.detach().requiresGrad(true);
        Tensor y = Convolution.conv2d(xs, ws, bs, 1, 1, pad, 1, 1);
        Tensor r = Tensor.randn(new Generator(99), y.shape()).asType(y.dtype());
        y.mul(r).sum().backward();
        return new Tensor[] {y, xs.grad(), ws.grad(), bs.grad()};
    }

    @Test
    void aKernelChangedInPlaceIsTransformedAgain() {
        // The transformed filters are cached between calls; a kernel whose values changed in place (as an
        // optimizer step does) must not be answered from the cache.
        Generator g = new Generator(34);
        Tensor x = Tensor.randn(g, 1, 16, 6, 6);
        Tensor w = Tensor.randn(g, 16, 16, 3, 3);
        Tensor before = infer(x, w, null, Convolution.valid());
        Tensor changed = Tensor.randn(g, 16, 16, 3, 3);
        try (var scope = GradMode.noGrad()) {
            w.assign(changed);
        }
        Tensor after = infer(x, w, null, Convolution.valid());
        Tensor expected = infer(x, changed, null, Convolution.valid());
        assertArrayEquals(expected.toFloatArray(), after.toFloatArray(), 0f);
        assertTrue(java.util.Arrays.mismatch(before.toFloatArray(), after.toFloatArray()) >= 0);
    }

    @Test
    void otherShapesAndTypesKeepTheirPaths() {
        // Filters that are not whole vectors over many channels, float64, strides: im2col and matmul, as recorded.
        Generator g = new Generator(33);
        Tensor x = Tensor.randn(g, 2, 9, 8, 8);
        Tensor w5 = Tensor.randn(g, 5, 9, 3, 3);
        Tensor recorded = Convolution.conv2d(x, w5.requiresGrad(true), null, 1, 1, Convolution.valid(), 1, 1);
        assertArrayEquals(recorded.toFloatArray(), infer(x, w5, null, Convolution.valid()).toFloatArray(), 1e-5f);
        Tensor strided = Convolution.conv2d(x, w5, null, 2, 2, Convolution.valid(), 1, 1);
        try (var scope = GradMode.noGrad()) {
            assertArrayEquals(strided.toFloatArray(), Convolution.conv2d(x, w5, null, 2, 2, Convolution.valid(), 1, 1).toFloatArray(), 1e-5f);
        }
        x = x.slice(1, 0, 3);
        Tensor x64 = x.asType(DType.FLOAT64);
        Tensor w64 = Tensor.randn(g, 8, 3, 3, 3).asType(DType.FLOAT64);   // few channels, float64
        Tensor r64 = Convolution.conv2d(x64, w64.detach().requiresGrad(true), null, 1, 1, Convolution.valid(), 1, 1);
        assertArrayEquals(r64.toDoubleArray(), infer(x64, w64, null, Convolution.valid()).toDoubleArray(), 1e-12);
        assertTrue(infer(x64, w64, null, Convolution.valid()).dtype() == DType.FLOAT64);
    }
}
