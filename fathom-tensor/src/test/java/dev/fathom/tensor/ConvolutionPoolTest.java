package dev.fathom.tensor;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.backend.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code conv2dMaxPool}, the CPU's one-kernel convolution and max pooling, against the two ops one after
 * the other: the same values bit for bit (the same products in the same order), the gradients the same
 * within float32 rounding of sums taken in another order (bit for bit on whole numbers, where every sum
 * is exact), and no dependence on the threads. Most shapes are where Winograd does not fit (few channels,
 * strides, dilation), so the per-sample kernel runs; where it fits, its tiles are pooled as they are made.
 */
class ConvolutionPoolTest {
    private final int savedThreads = Threads.count();

    @AfterEach
    void restoreThreads() {
        Threads.set(savedThreads);
    }

    /** channels, filters, height, width, conv stride, dilation, conv padding, pool size, pool stride, pool padding. */
    private static final int[][] CASES = {
            {1, 32, 28, 28, 1, 1, 0, 2, 2, 0},   // the Fashion-MNIST CNN's first block
            {3, 5, 12, 13, 1, 1, 1, 2, 2, 0},    // same padding, an odd width (a dropped last column)
            {2, 4, 11, 9, 2, 1, 0, 2, 2, 0},     // a strided convolution
            {1, 6, 13, 14, 1, 2, 1, 3, 2, 1},    // dilation; overlapping, padded 3x3 pool windows
    };

    private record Run(double[] out, double[] dx, double[] dk, double[] db) {}

    private static Run run(Tensor x0, Tensor k0, Tensor b0, int[] q, DType type, boolean fused) {
        Tensor x = x0.asType(type).detach().requiresGrad(true);
        Tensor k = k0.asType(type).detach().requiresGrad(true);
        Tensor b = b0.asType(type).detach().requiresGrad(true);
        int[] pad = Convolution.padding(q[6], q[6], q[6], q[6]);
        int[] poolPad = Convolution.padding(q[9], q[9], q[9], q[9]);
        Tensor y = fused ? Convolution.conv2dMaxPool(x, k, b, q[4], q[4], pad, q[5], q[5], q[7], q[7], q[8], q[8], poolPad)
                : Convolution.maxPool2d(Convolution.conv2d(x, k, b, q[4], q[4], pad, q[5], q[5]), q[7], q[7], q[8], q[8], poolPad);
        // A weighted sum, so the pooled values' gradients differ; whole weights keep whole-number sums exact.
        double[] w = new double[y.size()];
        for (int i = 0; i < w.length; i++) w[i] = i % 5 - 2;
        Tensor weights = Tensor.of(w, y.shape()).asType(type);
        y.mul(weights).sum().backward();
        return new Run(y.toDoubleArray(), x.grad().toDoubleArray(), k.grad().toDoubleArray(), b.grad().toDoubleArray());
    }

    @Test
    void sameValuesAndGradientsAsConvolutionThenPooling() {
        Generator g = new Generator(17);
        for (int[] q : CASES) {
            Tensor x = Tensor.randn(g, 3, q[0], q[2], q[3]);
            Tensor k = Tensor.randn(g, q[1], q[0], 3, 3).mul(0.5);
            Tensor b = Tensor.randn(g, q[1]);
            String where = Arrays.toString(q);
            Run fused = run(x, k, b, q, DType.FLOAT32, true);
            Run apart = run(x, k, b, q, DType.FLOAT32, false);
            Run exact = run(x, k, b, q, DType.FLOAT64, false);
            assertArrayEquals(apart.out, fused.out, 0.0, where + ": values");
            close(exact.dx, fused.dx, where + ": input's gradient");
            close(exact.dk, fused.dk, where + ": kernel's gradient");
            close(exact.db, fused.db, where + ": bias's gradient");
            close(exact.dk, apart.dk, where + ": kernel's gradient, two ops (the tolerance's own check)");

            // Whole numbers: many ties among the pooled values, every sum exact in float32.
            Tensor xw = x.mul(2).asType(DType.INT32).asType(DType.FLOAT32);
            Tensor kw = k.mul(4).asType(DType.INT32).asType(DType.FLOAT32);
            Tensor bw = b.mul(2).asType(DType.INT32).asType(DType.FLOAT32);
            Run fusedWhole = run(xw, kw, bw, q, DType.FLOAT32, true);
            Run apartWhole = run(xw, kw, bw, q, DType.FLOAT32, false);
            sameBits(apartWhole, fusedWhole, where + " on whole numbers");
        }
    }

    /**
     * Where Winograd fits (3×3, stride 1, channels and filters in whole vectors) a 2×2 tile is a pooling
     * window: pooled as it is computed, and the gradient is the two ops' own (scatter, then the
     * convolution's), so everything is bit for bit theirs, odd sizes (a last row and column the pooling
     * drops) and ties included.
     */
    @Test
    void winogradTilesPooledGiveTheTwoOpsBitsAndGradients() {
        Generator g = new Generator(29);
        int[][] cases = {
                {32, 64, 13, 13, 1, 1, 0, 2, 2, 0},   // the Fashion-MNIST CNN's second block (11x11: a dropped row and column)
                {16, 8, 12, 10, 1, 1, 1, 2, 2, 0},    // same padding, even sizes
                {8, 16, 9, 14, 1, 1, 0, 2, 2, 0},     // 7x12: odd rows only; more tiles than a block of six per row
        };
        for (int[] q : cases) {
            Tensor x = Tensor.randn(g, 3, q[0], q[2], q[3]);
            Tensor k = Tensor.randn(g, q[1], q[0], 3, 3).mul(0.2);
            Tensor b = Tensor.randn(g, q[1]);
            String where = Arrays.toString(q);
            for (boolean whole : new boolean[] {false, true}) {
                Tensor xs = whole ? x.mul(2).asType(DType.INT32).asType(DType.FLOAT32) : x;
                Tensor ks = whole ? k.mul(8).asType(DType.INT32).asType(DType.FLOAT32) : k;
                Run fused = run(xs, ks, b, q, DType.FLOAT32, true);
                Run apart = run(xs, ks, b, q, DType.FLOAT32, false);
                sameBits(apart, fused, where + (whole ? " on whole numbers (ties)" : ""));
            }
        }
    }

    /**
     * A NaN in a window wins it (Math.max keeps it) and takes the window's gradient, as in the two ops: a
     * filter NaN everywhere (its bias), and one NaN pixel, which reaches some of a window's values and not
     * others (in Winograd's tile above it the top right and bottom right: the first NaN is not the
     * window's first value).
     */
    @Test
    void aNaNWinsItsWindowInBothKernels() {
        Generator g = new Generator(31);
        for (int channels : new int[] {8, 1}) {   // Winograd's tiles; the per-sample kernel's windows
            int[] q = {channels, 8, 8, 8, 1, 1, 1, 2, 2, 0};
            float[] pixels = new float[channels * 8 * 8];
            for (int i = 0; i < pixels.length; i++) pixels[i] = (float) g.nextNormal();
            pixels[1 * 8 + 2] = Float.NaN;   // channel 0, row 1, column 2
            Tensor x = Tensor.of(pixels, 1, channels, 8, 8);
            Tensor k = Tensor.randn(g, 8, channels, 3, 3).mul(0.2);
            float[] bias = new float[8];
            for (int i = 0; i < 8; i++) bias[i] = (float) g.nextNormal();
            bias[3] = Float.NaN;   // every value of filter 3 is NaN
            Tensor b = Tensor.of(bias, 8);
            Run withNaN = run(x, k, b, q, DType.FLOAT32, true);
            Run twoOps = run(x, k, b, q, DType.FLOAT32, false);
            assertArrayEquals(twoOps.out, withNaN.out, 0.0, channels + " channels: values, NaN where the two ops have it");
            assertArrayEquals(twoOps.dx, withNaN.dx, 0.0, channels + " channels: the gradient goes to the first NaN's place, as the pooling's does");
        }
    }

    @Test
    void inferenceGivesTheSameValuesAndTheThreadsChangeNoBit() {
        Generator g = new Generator(23);
        int[] q = CASES[0];
        Tensor x = Tensor.randn(g, 5, q[0], q[2], q[3]);
        Tensor k = Tensor.randn(g, q[1], q[0], 3, 3);
        Tensor b = Tensor.randn(g, q[1]);
        Threads.set(1);
        Run one = run(x, k, b, q, DType.FLOAT32, true);
        Threads.set(3);
        Run three = run(x, k, b, q, DType.FLOAT32, true);
        assertArrayEquals(one.out, three.out, 0.0);
        assertArrayEquals(one.dk, three.dk, 0.0, "the kernel's gradient sums the samples in order whatever the threads");
        assertArrayEquals(one.db, three.db, 0.0);
        assertArrayEquals(one.dx, three.dx, 0.0);
        try (var scope = GradMode.noGrad()) {
            Tensor inferred = Convolution.conv2dMaxPool(x, k, b, 1, 1, Convolution.valid(), 1, 1, 2, 2, 2, 2, Convolution.valid());
            assertArrayEquals(one.out, inferred.toDoubleArray(), 0.0, "inference (no winners kept) pools the same values");
        }
    }

    @Test
    void refusesWhatTheTwoOpsRefuseWithTheirMessages() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        Tensor k = Tensor.zeros(4, 2, 3, 3);   // two channels for a three-channel input
        var channels = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class, () -> Convolution.conv2dMaxPool(
                x, k, null, 1, 1, Convolution.valid(), 1, 1, 2, 2, 2, 2, Convolution.valid()));
        var alone = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class,
                () -> Convolution.conv2d(x, k, null, 1, 1, Convolution.valid(), 1, 1));
        assertEquals(alone.getMessage(), channels.getMessage());
        Tensor k3 = Tensor.zeros(4, 3, 3, 3);
        var padding = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Convolution.conv2dMaxPool(
                x, k3, null, 1, 1, Convolution.valid(), 1, 1, 2, 2, 2, 2, Convolution.padding(2, 0, 0, 0)));
        var pooled = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Convolution.maxPool2d(Tensor.zeros(2, 4, 6, 6), 2, 2, 2, 2, Convolution.padding(2, 0, 0, 0)));
        assertEquals(pooled.getMessage(), padding.getMessage());
    }

    /** The values and all three gradients bit for bit. */
    private static void sameBits(Run expected, Run actual, String what) {
        assertArrayEquals(expected.out, actual.out, 0.0, what + ": values");
        assertArrayEquals(expected.dx, actual.dx, 0.0, what + ": input's gradient");
        assertArrayEquals(expected.dk, actual.dk, 0.0, what + ": kernel's gradient");
        assertArrayEquals(expected.db, actual.db, 0.0, what + ": bias's gradient");
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * Math.max(1, scale), what + " at " + i);
        }
    }
}
