package dev.fathom.tensor;

import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvolutionTest {

    /** Direct convolution, straight from the definition. */
    private static double[] naiveConv(double[] x, int n, int c, int h, int w, double[] k, int f, int kh, int kw,
                                      double[] bias, int sh, int sw, int[] pad, int dh, int dw, int ho, int wo) {
        double[] y = new double[n * f * ho * wo];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < f; o++)
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = oy * sh + i * dh - pad[0];
                                    int ix = ox * sw + j * dw - pad[2];
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    s += x[((b * c + ch) * h + iy) * w + ix] * k[((o * c + ch) * kh + i) * kw + j];
                                }
                        y[((b * f + o) * ho + oy) * wo + ox] = s;
                    }
        return y;
    }

    private static Tensor randn64(Generator g, int... shape) {
        return Tensor.randn(g, shape).asType(DType.FLOAT64);
    }

    @Test
    void conv2dMatchesDirectDefinition() {
        Generator g = new Generator(1);
        int[][] cases = { // n, c, h, w, f, kh, kw, sh, sw, top, bottom, left, right, dh, dw
                {2, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1},
                {1, 1, 28, 28, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
                {3, 2, 8, 6, 3, 2, 3, 2, 2, 1, 0, 1, 1, 1, 1},
                {1, 2, 9, 9, 2, 3, 3, 1, 2, 2, 2, 2, 2, 2, 2},
                {2, 1, 5, 5, 1, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1},
        };
        for (int[] t : cases) {
            int n = t[0], c = t[1], h = t[2], w = t[3], f = t[4], kh = t[5], kw = t[6], sh = t[7], sw = t[8];
            int[] pad = {t[9], t[10], t[11], t[12]};
            int dh = t[13], dw = t[14];
            Tensor x = randn64(g, n, c, h, w);
            Tensor k = randn64(g, f, c, kh, kw);
            Tensor b = randn64(g, f);
            Tensor y = Convolution.conv2d(x, k, b, sh, sw, pad, dh, dw);
            int ho = Convolution.outputSize(h, kh, sh, pad[0], pad[1], dh);
            int wo = Convolution.outputSize(w, kw, sw, pad[2], pad[3], dw);
            assertArrayEquals(new int[] {n, f, ho, wo}, y.shape());
            double[] expected = naiveConv(x.toDoubleArray(), n, c, h, w, k.toDoubleArray(), f, kh, kw,
                    b.toDoubleArray(), sh, sw, pad, dh, dw, ho, wo);
            assertArrayEquals(expected, y.toDoubleArray(), 1e-9, () -> "case " + java.util.Arrays.toString(t));
        }
    }

    @Test
    void conv2dFloat32MatchesFloat64() {
        Generator g = new Generator(2);
        Tensor x = Tensor.randn(g, 4, 3, 12, 12);
        Tensor k = Tensor.randn(g, 8, 3, 3, 3);
        Tensor y32 = Convolution.conv2d(x, k, null, 1, 1, Convolution.padding(1, 1, 1, 1), 1, 1);
        Tensor y64 = Convolution.conv2d(x.asType(DType.FLOAT64), k.asType(DType.FLOAT64), null, 1, 1,
                Convolution.padding(1, 1, 1, 1), 1, 1);
        assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 1e-4);
    }

    @Test
    void maxAndAveragePoolingMatchDefinition() {
        Generator g = new Generator(3);
        Tensor x = randn64(g, 2, 3, 7, 8);
        double[] xv = x.toDoubleArray();
        Tensor mp = Convolution.maxPool2d(x, 2, 2, 2, 2);
        Tensor ap = Convolution.avgPool2d(x, 3, 3, 2, 2, Convolution.padding(1, 1, 1, 1));
        assertArrayEquals(new int[] {2, 3, 3, 4}, mp.shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, ap.shape());
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++) {
                for (int oy = 0; oy < 3; oy++)
                    for (int ox = 0; ox < 4; ox++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < 2; i++)
                            for (int j = 0; j < 2; j++) m = Math.max(m, xv[((b * 3 + c) * 7 + oy * 2 + i) * 8 + ox * 2 + j]);
                        assertEquals(m, mp.get(b, c, oy, ox), 0);
                    }
                for (int oy = 0; oy < 4; oy++)
                    for (int ox = 0; ox < 4; ox++) {
                        double s = 0;
                        for (int i = 0; i < 3; i++)
                            for (int j = 0; j < 3; j++) {
                                int iy = oy * 2 + i - 1;
                                int ix = ox * 2 + j - 1;
                                if (iy >= 0 && iy < 7 && ix >= 0 && ix < 8) s += xv[((b * 3 + c) * 7 + iy) * 8 + ix];
                            }
                        assertEquals(s / 9, ap.get(b, c, oy, ox), 1e-12);
                    }
            }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Generator g = new Generator(4);
        Tensor x = randn64(g, 2, 2, 5, 6).requiresGrad(true);
        Tensor k = randn64(g, 3, 2, 3, 2).requiresGrad(true);
        Tensor b = randn64(g, 3).requiresGrad(true);
        int[] pad = Convolution.padding(1, 0, 1, 1);
        Tensor weights = randn64(g, 2, 3, 2, 6); // makes every output element matter
        java.util.function.Supplier<Tensor> loss = () ->
                Convolution.conv2d(x, k, b, 2, 1, pad, 1, 2).mul(weights).sum();
        loss.get().backward();
        for (Tensor p : new Tensor[] {x, k, b}) {
            double[] analytic = p.grad().toDoubleArray();
            double[] values = p.view().storage() instanceof dev.fathom.backend.cpu.CpuStorage s ? (double[]) s.array() : null;
            for (int i = 0; i < analytic.length; i++) {
                double orig = values[i];
                values[i] = orig + 1e-6;
                double up = loss.get().item();
                values[i] = orig - 1e-6;
                double down = loss.get().item();
                values[i] = orig;
                assertEquals((up - down) / 2e-6, analytic[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void maxPoolGradientGoesToTheMaximum() {
        Tensor x = Tensor.of(new double[] {1, 5, 2, 0, 3, 4, 9, 1, 0, 0, 7, 8, 6, 2, 1, 3}, 1, 1, 4, 4).requiresGrad(true);
        Convolution.maxPool2d(x, 2, 2, 2, 2).sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void im2colAndCol2imGradientsMatchCentralDifferences() {
        Generator g = new Generator(5);
        // Padding, stride and dilation together, on a batch of two: the primitive and its adjoint.
        dev.fathom.backend.Window w = new dev.fathom.backend.Window(2, 3, 2, 1, 1, 2, 1, 0, 2, 1);
        GradCheck.check("im2col", x -> Ops.im2col(x, w, 0), GradCheck.randn(g, 2, 2, 5, 6));
        int[] shape = {2, 2, 5, 6};
        int columns = 2 * w.outHeight(5) * w.outWidth(6);
        GradCheck.check("col2im", c -> Ops.col2im(c, w, shape), GradCheck.randn(g, 2 * w.taps(), columns));
    }

    @Test
    void im2colAndCol2imAreAdjoint() {
        // <im2col(x), c> = <x, col2im(c)> for every x and c: the defining property of an adjoint.
        Generator g = new Generator(6);
        dev.fathom.backend.Window w = new dev.fathom.backend.Window(3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
        Tensor x = Tensor.randn(g, 3, 4, 9, 7).asType(DType.FLOAT64);
        Tensor c = Tensor.randn(g, 4 * 9, 3 * w.outHeight(9) * w.outWidth(7)).asType(DType.FLOAT64);
        double left = Ops.im2col(x, w, 0).mul(c).sum().item();
        double right = x.mul(Ops.col2im(c, w, x.shape())).sum().item();
        assertEquals(left, right, 1e-9 * Math.abs(left) + 1e-9);
    }

    @Test
    void maxPoolGradientsMatchCentralDifferencesWithPadding() {
        Generator g = new Generator(7);
        GradCheck.check("maxPool2d", x -> Convolution.maxPool2d(x, 3, 2, 2, 1, Convolution.padding(1, 1, 0, 1)),
                GradCheck.randn(g, 2, 3, 6, 5));
    }

    @Test
    void maxPoolPropagatesNaN() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 1, 1, 4, 4);
        Tensor y = Convolution.maxPool2d(x, 2, 2, 2, 2);
        assertTrue(Double.isNaN(y.get(0, 0, 0, 0)), y.toString());
        assertEquals(7, y.get(0, 0, 0, 1), 0);
    }

    @Test
    void float32GradientsMatchFloat64AcrossUnevenThreadChunks() {
        // 5 samples split over the threads unevenly: each chunk's kernel-gradient sum must add up.
        Generator g = new Generator(8);
        Tensor x = Tensor.randn(g, 5, 3, 9, 8);
        Tensor k = Tensor.randn(g, 4, 3, 3, 3);
        Tensor b = Tensor.randn(g, 4);
        Tensor weights = Tensor.randn(g, 5, 4, 5, 8);
        double[][] grads = new double[2][];
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xt = x.asType(type).detach().requiresGrad(true);
            Tensor kt = k.asType(type).detach().requiresGrad(true);
            Tensor bt = b.asType(type).detach().requiresGrad(true);
            Convolution.conv2d(xt, kt, bt, 2, 1, Convolution.padding(1, 1, 1, 1), 1, 1).mul(weights.asType(type)).sum().backward();
            double[] all = new double[xt.size() + kt.size() + bt.size()];
            System.arraycopy(xt.grad().toDoubleArray(), 0, all, 0, xt.size());
            System.arraycopy(kt.grad().toDoubleArray(), 0, all, xt.size(), kt.size());
            System.arraycopy(bt.grad().toDoubleArray(), 0, all, xt.size() + kt.size(), bt.size());
            grads[type == DType.FLOAT32 ? 0 : 1] = all;
        }
        assertArrayEquals(grads[1], grads[0], 1e-3);
    }

    @Test
    void maxPoolFloat32AgreesWithFloat64OnTiesPaddingAndInfinity() {
        // float32 and float64 pick the same winners with 3x3 windows, ties, padding and infinities.
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(g, 3, 4, 9, 7).mul(2).asType(DType.INT32).asType(DType.FLOAT64);   // whole numbers: many ties
        x = Tensor.where(x.gt(2.5), Tensor.full(Double.NEGATIVE_INFINITY), x);
        for (int[] pad : new int[][] {{0, 0, 0, 0}, {1, 1, 1, 0}, {2, 0, 1, 2}}) {
            double[][] grads = new double[2][];
            for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xt = x.asType(type).detach().requiresGrad(true);
                Tensor y = Convolution.maxPool2d(xt, 3, 3, 2, 1, pad);
                y.sum().backward();
                grads[type == DType.FLOAT32 ? 0 : 1] = xt.grad().toDoubleArray();
            }
            assertArrayEquals(grads[1], grads[0], 0, () -> "padding " + java.util.Arrays.toString(pad));
        }
    }

    @Test
    void twoByTwoPoolingAgreesWithTheGeneralKernelOnTiesAndOddSizes() {
        // float32 2x2/2 without padding takes the comparison-tree kernel; float64 the tap-by-tap one. Same winners,
        // so the same gradients, on whole numbers (many ties) and an odd-sized image (the last row and column dropped).
        // Widths 26 and 37 run the float32 kernel's vectors (and a scalar tail); NaNs there must win, the first one.
        Generator g = new Generator(10);
        for (int[] shape : new int[][] {{3, 5, 9, 7}, {2, 3, 6, 26}, {1, 2, 11, 37}}) {
            Tensor x = tiesAndInfinities(g, shape);
            if (shape[3] > 7) x = Tensor.where(x.gt(2.5), Tensor.full(Double.NaN), x);
            double[][] values = new double[2][];
            double[][] grads = new double[2][];
            Tensor weights = Tensor.randn(g, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
            for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xt = x.asType(type).detach().requiresGrad(true);
                Tensor y = Convolution.maxPool2d(xt, 2, 2, 2, 2);
                y.mul(weights.asType(type)).sum().backward();
                values[type == DType.FLOAT32 ? 0 : 1] = y.toDoubleArray();
                grads[type == DType.FLOAT32 ? 0 : 1] = xt.grad().toDoubleArray();
            }
            assertArrayEquals(values[1], values[0], 0);
            assertArrayEquals(grads[1], grads[0], 1e-6);
        }
    }

    @Test
    void conv2dWithoutGradientMatchesTheRecordedPath() {
        // Inference multiplies the kernel by each sample's columns straight into NCHW; training multiplies it by
        // the whole batch's columns and permutes. Same values, on padded, strided and dilated geometries.
        Generator g = new Generator(12);
        Tensor w = Tensor.randn(g, 5, 3, 3, 2).requiresGrad(true);
        Tensor b = Tensor.randn(g, 5).requiresGrad(true);
        for (int n : new int[] {1, 4}) {
            Tensor x = Tensor.randn(g, n, 3, 9, 8);
            int[][] geometries = {{1, 1, 0, 1, 1}, {2, 1, 1, 1, 1}, {1, 2, 1, 2, 1}};
            for (int[] q : geometries) {
                int[] pad = q[2] == 0 ? Convolution.valid() : Convolution.padding(1, 0, 1, 1);
                Tensor recorded = Convolution.conv2d(x, w, b, q[0], q[1], pad, q[3], q[4]);
                assertTrue(recorded.requiresGrad());
                Tensor inferred;
                try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
                    inferred = Convolution.conv2d(x, w, b, q[0], q[1], pad, q[3], q[4]);
                }
                assertArrayEquals(recorded.shape(), inferred.shape());
                assertTrue(inferred.isContiguous());
                assertArrayEquals(recorded.toDoubleArray(), inferred.toDoubleArray(), 1e-5);
            }
        }
    }

    @Test
    void maxPoolWithoutGradientGivesTheSameBits() {
        // Without gradient recording (inference) the kernel skips the winners: same values, bit for bit, on the
        // 2x2 comparison tree and the general kernel, with ties, -0.0 beside 0.0, infinities, NaN and odd sizes.
        // Widths 7, 26 and 37: no whole vector of window pairs, a 3x3 convolution's 26 (as conv 1 of the serve CNN),
        // and vectors with a scalar tail.
        Generator g = new Generator(11);
        for (int[] shape : new int[][] {{2, 3, 9, 7}, {2, 2, 6, 26}, {1, 3, 11, 37}}) {
            Tensor x = tiesAndInfinities(g, shape);
            x = Tensor.where(x.gt(2.5), Tensor.full(Double.NaN), x);
            x = Tensor.where(Tensor.rand(g, shape).lt(0.5), Tensor.where(x.eq(0), Tensor.full(-0.0), x), x);
            for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xt = x.asType(type).detach().requiresGrad(true);
                for (int[] p : new int[][] {{2, 2, 2, 2, 0}, {3, 2, 2, 1, 1}, {2, 2, 1, 1, 0}}) {
                    int[] pad = p[4] == 0 ? Convolution.valid() : Convolution.padding(1, 1, 0, 1);
                    Tensor recorded = Convolution.maxPool2d(xt, p[0], p[1], p[2], p[3], pad);
                    assertTrue(recorded.requiresGrad());
                    Tensor inferred;
                    try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
                        inferred = Convolution.maxPool2d(xt, p[0], p[1], p[2], p[3], pad);
                    }
                    assertEquals(null, inferred.gradFn());
                    float[] a = recorded.asType(DType.FLOAT32).toFloatArray();
                    float[] b = inferred.asType(DType.FLOAT32).toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]),
                                type + " " + java.util.Arrays.toString(shape) + " " + java.util.Arrays.toString(p) + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolGradientGoesToTheFirstNaN() {
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new double[] {1, 2, Double.NaN, Double.NaN}, 1, 1, 2, 2).asType(type).requiresGrad(true);
            Convolution.maxPool2d(x, 2, 2, 2, 2).sum().backward();
            assertArrayEquals(new double[] {0, 0, 1, 0}, x.grad().toDoubleArray(), 0, type.toString());
        }
    }

    @Test
    void maxPoolRefusesPaddingAsWideAsTheWindow() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.maxPool2d(Tensor.zeros(1, 1, 6, 6), 2, 2, 2, 2, Convolution.padding(2, 0, 0, 0)));
        assertTrue(e.getMessage().contains("maxPool2d") && e.getMessage().contains("smaller than the 2x2 window"), e.getMessage());
    }

    @Test
    void shapeErrorsNameTheProblem() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        var e = assertThrows(ShapeException.class,
                () -> Convolution.conv2d(x, Tensor.zeros(4, 1, 3, 3), null, 1, 1, Convolution.valid(), 1, 1));
        assertTrue(e.getMessage().contains("[2, 3, 8, 8]") && e.getMessage().contains("[4, 1, 3, 3]"), e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> Convolution.maxPool2d(Tensor.zeros(3, 8, 8), 2, 2, 2, 2));
        assertTrue(e2.getMessage().contains("unsqueeze(0)"), e2.getMessage());
        var e3 = assertThrows(ShapeException.class,
                () -> Convolution.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), null, 1, 1, Convolution.valid(), 1, 1));
        assertTrue(e3.getMessage().contains("does not fit"), e3.getMessage());
    }

    @Test
    void samePaddingKeepsSizeOverStride() {
        assertArrayEquals(new int[] {1, 1}, Convolution.samePadding(28, 3, 1, 1));
        assertArrayEquals(new int[] {0, 1}, Convolution.samePadding(28, 2, 1, 1));
        int[] p = Convolution.samePadding(7, 3, 2, 1);
        assertEquals(4, Convolution.outputSize(7, 3, 2, p[0], p[1], 1));
    }

    /** Whole numbers from a normal draw times 1.5 (many ties among windows), those below -1.5 made -infinity. */
    private static Tensor tiesAndInfinities(Generator g, int[] shape) {
        Tensor x = Tensor.randn(g, shape).mul(1.5).asType(DType.INT32).asType(DType.FLOAT64);
        return Tensor.where(x.lt(-1.5), Tensor.full(Double.NEGATIVE_INFINITY), x);
    }
}
