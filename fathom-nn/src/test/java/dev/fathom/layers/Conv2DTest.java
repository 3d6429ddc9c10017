package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;
import java.util.function.Supplier;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2DTest {

    /** Conv2D with float64-capable initializers: Glorot kernel, random (not zero) bias. */
    private static Function<DType, Layer> conv(Supplier<Conv2D> make) {
        return t -> make.get().kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Conv2D 3x3 valid", conv(() -> new Conv2D(3, 3)), 2, 6, 5)
                .outputShape(3, 4, 3).parameters(3 * 2 * 9 + 3).run();
        LayerTester.of("Conv2D 3x3 same stride 2", conv(() -> new Conv2D(2, 3).padding(Padding.SAME).strides(2)), 2, 7, 6)
                .outputShape(2, 4, 3).parameters(2 * 2 * 9 + 2).run();
        LayerTester.of("Conv2D 2x3 same dilated", conv(() -> new Conv2D(2, 2, 3).padding(Padding.SAME).dilation(2, 1)), 1, 5, 6)
                .outputShape(2, 5, 6).parameters(2 * 6 + 2).run();
        LayerTester.of("Conv2D strides 2x1 tanh", conv(() -> new Conv2D(2, 3, "tanh").strides(2, 1)), 3, 7, 5)
                .outputShape(2, 3, 3).parameters(2 * 27 + 2).run();
        LayerTester.of("Conv2D softmax", conv(() -> new Conv2D(3, 1, "softmax")), 2, 3, 3)
                .outputShape(3, 3, 3).parameters(3 * 2 + 3).run();
        LayerTester.of("Conv2D no bias", t -> new Conv2D(2, 3).useBias(false)
                        .kernelInitializer(cast(t, Initializer.glorotUniform())), 1, 4, 4)
                .outputShape(2, 2, 2).parameters(18).run();
    }

    @Test
    void outputEqualsConvolutionOnTheSameWeights() {
        Generator g = new Generator(3);
        // {h, w, kh, kw, sh, sw, dh, dw, same}
        int[][] cases = {{7, 6, 3, 3, 1, 1, 1, 1, 0}, {7, 6, 3, 3, 2, 2, 1, 1, 1}, {8, 8, 3, 2, 2, 3, 1, 1, 1},
                {9, 7, 3, 3, 1, 1, 2, 2, 1}, {5, 5, 5, 5, 1, 1, 1, 1, 0}, {6, 5, 4, 4, 3, 2, 1, 1, 1}};
        for (int[] c : cases) {
            Padding padding = c[8] == 1 ? Padding.SAME : Padding.VALID;
            Conv2D layer = new Conv2D(4, c[2], c[3]).strides(c[4], c[5]).dilation(c[6], c[7]).padding(padding)
                    .biasInitializer(uniform(DType.FLOAT32, -1, 1));
            int[] out = build(layer, 3, c[0], c[1]);
            Tensor x = Tensor.randn(g, 2, 3, c[0], c[1]);
            int[] rows = c[8] == 1 ? Convolution.samePadding(c[0], c[2], c[4], c[6]) : new int[2];
            int[] cols = c[8] == 1 ? Convolution.samePadding(c[1], c[3], c[5], c[7]) : new int[2];
            Tensor kernel = layer.weights().get(0).value();
            Tensor bias = layer.weights().get(1).value();
            assertArrayEquals(new int[] {4, 3, c[2], c[3]}, kernel.shape());
            assertArrayEquals(new int[] {4}, bias.shape());
            Tensor expected = Convolution.conv2d(x, kernel, bias, c[4], c[5],
                    Convolution.padding(rows[0], rows[1], cols[0], cols[1]), c[6], c[7]);
            Tensor y = layer.call(x, false);
            assertArrayEquals(expected.shape(), y.shape());
            assertArrayEquals(LayerTester.batch(2, out), y.shape());
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), java.util.Arrays.toString(c));
        }
    }

    @Test
    void samePaddingKeepsCeilOfSizeOverStride() {
        for (int size : new int[] {1, 2, 5, 6, 7, 8, 28}) {
            for (int stride : new int[] {1, 2, 3}) {
                for (int k : new int[] {1, 2, 3, 5}) {
                    int[] out = build(new Conv2D(1, k).padding(Padding.SAME).strides(stride, 1), 1, size, size + 1);
                    int expected = (size + stride - 1) / stride;
                    assertArrayEquals(new int[] {1, expected, size + 1}, out, "size " + size + " kernel " + k + " stride " + stride);
                }
            }
        }
        // Valid padding: floor((size - k) / stride) + 1.
        assertArrayEquals(new int[] {8, 26, 26}, build(new Conv2D(8, 3), 1, 28, 28));
        assertArrayEquals(new int[] {8, 13, 13}, build(new Conv2D(8, 3).strides(2), 1, 28, 28));
        assertArrayEquals(new int[] {8, 24, 24}, build(new Conv2D(8, 3).dilation(2), 1, 28, 28));
    }

    @Test
    void kernelIsGlorotUniformWithConvolutionFans() {
        Conv2D layer = new Conv2D(16, 3);
        build(layer, 8, 10, 10);
        double limit = Math.sqrt(6.0 / (8 * 9 + 16 * 9));
        double max = 0;
        for (double v : layer.weights().get(0).value().toDoubleArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= limit && max > 0.95 * limit, "max |w| " + max + ", limit " + limit);
        for (double v : layer.weights().get(1).value().toDoubleArray()) assertEquals(0, v);
    }

    @Test
    void softmaxIsOverTheChannels() {
        Conv2D layer = new Conv2D(5, 2, "softmax");
        build(layer, 2, 4, 4);
        Tensor sums = layer.call(Tensor.randn(new Generator(1), 3, 2, 4, 4), false).sum(1, false);
        for (float s : sums.toFloatArray()) assertEquals(1, s, 1e-5);
    }

    @Test
    void regularizersAddTheirPenalty() {
        Conv2D layer = new Conv2D(2, 3).kernelRegularizer(Regularizer.l2(0.1)).biasRegularizer(Regularizer.l1(0.5))
                .biasInitializer(Initializer.constant(-2));
        build(layer, 1, 5, 5);
        double sq = 0;
        for (double v : layer.weights().get(0).value().toDoubleArray()) sq += v * v;
        assertEquals(0.1 * sq + 0.5 * 4, layer.regularizationLoss().item(), 1e-5);
    }

    @Test
    void shapeErrorsNameTheShapeAndTheFix() {
        assertShapeError(() -> build(new Conv2D(8, 3), 28, 28), "Conv2D", "[batch, 28, 28]",
                "[batch, channels, height, width]", "add Reshape(1, 28, 28)", "channel axis");
        assertShapeError(() -> build(new Conv2D(8, 3), 784), "Conv2D", "[batch, 784]", "Reshape(1, 28, 28)");
        assertShapeError(() -> build(new Conv2D(8, 3), 3072), "[batch, 3072]", "Reshape(3, 32, 32)");
        assertShapeError(() -> build(new Conv2D(8, 3), 100 * 3 + 1), "[batch, 301]", "Reshape(channels, height, width)");
        assertShapeError(() -> build(new Conv2D(8, 3), 2, 1, 28, 28), "[batch, 2, 1, 28, 28]", "remove the extra axes");
        assertShapeError(() -> build(new Conv2D(8, 3).name("conv1"), 1, 2, 2), "Conv2D 'conv1'",
                "3x3 window does not fit in the 2x2 images", "[batch, 1, 2, 2]", "padding(Padding.SAME)");
        assertShapeError(() -> build(new Conv2D(8, 3).dilation(3), 1, 6, 6), "dilated 7x7", "[batch, 1, 6, 6]");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).strides(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).dilation(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, "swish"));
        // Called on its own it builds from the batch (FirstCallBuildTest), as in Keras.
        assertArrayEquals(new int[] {1, 4, 3, 3}, new Conv2D(4, 3).call(Tensor.zeros(1, 1, 5, 5), false).shape());
    }

    @Test
    void configHoldsTheHyperparameters() {
        assertEquals("{filters=32, kernelSize=[3, 2], strides=[2, 1], padding=same, dilation=[1, 1], activation=relu,"
                        + " useBias=false, kernelInitializer={name=glorot_uniform}, biasInitializer={name=zeros}}",
                new Conv2D(32, 3, 2).strides(2, 1).padding(Padding.SAME).activation("relu").useBias(false).config().toString());
    }
}
