package dev.fathom.layers;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaxPool2DTest {

    @Test
    void passesTheLayerHarness() {
        // Distinct inputs: no ties for the maximum within the finite-difference step.
        LayerTester.of("MaxPool2D default", t -> new MaxPool2D(), 2, 6, 5).inputs(GradCheck::distinct)
                .outputShape(2, 3, 2).parameters(0).run();
        LayerTester.of("MaxPool2D 3x3 same stride 2", t -> new MaxPool2D(3).strides(2).padding(Padding.SAME), 2, 7, 6)
                .inputs(GradCheck::distinct).outputShape(2, 4, 3).parameters(0).run();
        LayerTester.of("MaxPool2D 2x3 overlapping", t -> new MaxPool2D(2, 3).strides(1, 2), 1, 5, 7)
                .inputs(GradCheck::distinct).outputShape(1, 4, 3).run();
    }

    @Test
    void outputEqualsConvolutionMaxPool() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 2, 3, 9, 8);
        MaxPool2D valid = new MaxPool2D(2);
        build(valid, 3, 9, 8);
        assertArrayEquals(Convolution.maxPool2d(x, 2, 2, 2, 2).toFloatArray(), valid.call(x, false).toFloatArray());

        MaxPool2D same = new MaxPool2D(3, 2).strides(2, 3).padding(Padding.SAME);
        assertArrayEquals(new int[] {3, 5, 3}, build(same, 3, 9, 8));
        int[] rows = Convolution.samePadding(9, 3, 2, 1);
        int[] cols = Convolution.samePadding(8, 2, 3, 1);
        Tensor expected = Convolution.maxPool2d(x, 3, 2, 2, 3, Convolution.padding(rows[0], rows[1], cols[0], cols[1]));
        assertArrayEquals(expected.toFloatArray(), same.call(x, false).toFloatArray());
    }

    @Test
    void samePaddingKeepsCeilOfSizeOverStride() {
        for (int size : new int[] {1, 2, 5, 6, 7, 8}) {
            for (int pool : new int[] {1, 2, 3}) {
                for (int stride : new int[] {1, 2, 3}) {
                    int[] out = build(new MaxPool2D(pool).strides(stride).padding(Padding.SAME), 2, size, size + 3);
                    int[] expected = {2, (size + stride - 1) / stride, (size + 3 + stride - 1) / stride};
                    assertArrayEquals(expected, out, "size " + size + " pool " + pool + " stride " + stride);
                }
            }
        }
        assertArrayEquals(new int[] {4, 3, 3}, build(new MaxPool2D(2), 4, 7, 7)); // the odd row and column dropped
        assertArrayEquals(new int[] {4, 4, 4}, build(new MaxPool2D(2).padding(Padding.SAME), 4, 7, 7));
    }

    @Test
    void paddedPixelsNeverWin() {
        MaxPool2D pool = new MaxPool2D(2).padding(Padding.SAME);
        build(pool, 1, 3, 3);
        Tensor x = Tensor.full(-5, 1, 1, 3, 3);
        for (float v : pool.call(x, false).toFloatArray()) assertEquals(-5, v);
    }

    @Test
    void shapeErrorsNameTheShapeAndTheFix() {
        assertShapeError(() -> build(new MaxPool2D(), 28, 28), "MaxPool2D", "[batch, 28, 28]", "Reshape(1, 28, 28)");
        assertShapeError(() -> build(new MaxPool2D().name("pool"), 8, 1, 1), "MaxPool2D 'pool'",
                "2x2 window does not fit in the 1x1 images", "[batch, 8, 1, 1]", "Padding.SAME");
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(2).strides(0));
    }

    @Test
    void configHoldsTheHyperparameters() {
        assertEquals("{poolSize=[3, 3], strides=[3, 3], padding=valid}", new MaxPool2D(3).config().toString());
        assertEquals("{poolSize=[2, 3], strides=[1, 2], padding=same}",
                new MaxPool2D(2, 3).strides(1, 2).padding(Padding.SAME).config().toString());
    }
}
