package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AveragePool2DTest {

    /** The mean of the in-image pixels of each window, straight from Keras' definition. */
    private static double[] reference(double[] x, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
                                      int top, int left, int ho, int wo) {
        double[] y = new double[n * c * ho * wo];
        for (int b = 0; b < n * c; b++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++) {
                    double s = 0;
                    int count = 0;
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++) {
                            int iy = oy * sh + i - top;
                            int ix = ox * sw + j - left;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            s += x[(b * h + iy) * w + ix];
                            count++;
                        }
                    y[(b * ho + oy) * wo + ox] = s / count;
                }
        return y;
    }

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("AveragePool2D default", t -> new AveragePool2D(), 2, 6, 5).outputShape(2, 3, 2).parameters(0).run();
        LayerTester.of("AveragePool2D 3x3 same stride 2", t -> new AveragePool2D(3).strides(2).padding(Padding.SAME), 2, 7, 6)
                .outputShape(2, 4, 3).parameters(0).run();
        LayerTester.of("AveragePool2D 2x3 same stride 1", t -> new AveragePool2D(2, 3).strides(1).padding(Padding.SAME), 1, 4, 5)
                .outputShape(1, 4, 5).run();
    }

    @Test
    void validEqualsConvolutionAvgPool() {
        Tensor x = Tensor.randn(new Generator(6), 2, 3, 9, 8);
        AveragePool2D pool = new AveragePool2D(3, 2).strides(2, 1);
        assertArrayEquals(new int[] {3, 4, 7}, build(pool, 3, 9, 8));
        assertArrayEquals(Convolution.avgPool2d(x, 3, 2, 2, 1, Convolution.valid()).toFloatArray(),
                pool.call(x, false).toFloatArray());
    }

    @Test
    void samePaddingAveragesOnlyThePixelsInsideTheImage() {
        Generator g = new Generator(7);
        // {h, w, kh, kw, sh, sw}
        int[][] cases = {{7, 6, 3, 3, 2, 2}, {5, 5, 2, 2, 1, 1}, {8, 7, 3, 2, 3, 2}, {1, 2, 3, 3, 1, 1}, {6, 6, 4, 4, 2, 2}};
        for (int[] c : cases) {
            AveragePool2D pool = new AveragePool2D(c[2], c[3]).strides(c[4], c[5]).padding(Padding.SAME);
            int[] out = build(pool, 2, c[0], c[1]);
            int[] rows = Convolution.samePadding(c[0], c[2], c[4], 1);
            int[] cols = Convolution.samePadding(c[1], c[3], c[5], 1);
            Tensor x = Tensor.randn(g, 3, 2, c[0], c[1]).asType(DType.FLOAT64);
            double[] expected = reference(x.toDoubleArray(), 3, 2, c[0], c[1], c[2], c[3], c[4], c[5], rows[0], cols[0],
                    out[1], out[2]);
            Tensor y = pool.call(x, false);
            assertEquals(DType.FLOAT64, y.dtype());
            assertArrayEquals(expected, y.toDoubleArray(), 1e-12, java.util.Arrays.toString(c));
            // float32 in, float32 out, same values to float32 precision.
            Tensor y32 = pool.call(x.asType(DType.FLOAT32), false);
            assertEquals(DType.FLOAT32, y32.dtype());
            assertArrayEquals(expected, y32.asType(DType.FLOAT64).toDoubleArray(), 1e-5);
        }
    }

    @Test
    void aConstantImageStaysConstantAtTheBorder() {
        // Where PyTorch's count_include_pad would shrink border values toward 0, Keras keeps them.
        AveragePool2D pool = new AveragePool2D(3).strides(1).padding(Padding.SAME);
        build(pool, 1, 4, 4);
        for (float v : pool.call(Tensor.full(2, 1, 1, 4, 4), false).toFloatArray()) assertEquals(2, v, 1e-6);
    }

    @Test
    void samePaddingKeepsCeilOfSizeOverStride() {
        for (int size : new int[] {1, 2, 5, 6, 7}) {
            for (int stride : new int[] {1, 2, 3}) {
                int[] out = build(new AveragePool2D(2).strides(stride).padding(Padding.SAME), 1, size, 2 * size);
                assertArrayEquals(new int[] {1, (size + stride - 1) / stride, (2 * size + stride - 1) / stride}, out);
            }
        }
    }

    @Test
    void shapeErrorsNameTheShapeAndTheFix() {
        assertShapeError(() -> build(new AveragePool2D(), 784), "AveragePool2D", "[batch, 784]", "Reshape(1, 28, 28)");
        assertShapeError(() -> build(new AveragePool2D(4), 3, 3, 8), "AveragePool2D", "4x4 window does not fit in the 3x8",
                "[batch, 3, 3, 8]");
        assertThrows(IllegalArgumentException.class, () -> new AveragePool2D(2, 0));
        assertEquals("{poolSize=[2, 2], strides=[1, 1], padding=same}",
                new AveragePool2D().strides(1).padding(Padding.SAME).config().toString());
    }
}
