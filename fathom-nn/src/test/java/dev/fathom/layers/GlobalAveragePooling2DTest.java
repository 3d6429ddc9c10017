package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GlobalAveragePooling2DTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("GlobalAveragePooling2D", t -> new GlobalAveragePooling2D(), 3, 4, 5).outputShape(3).parameters(0).run();
        LayerTester.of("GlobalAveragePooling2D keepDims", t -> new GlobalAveragePooling2D().keepDims(true), 2, 3, 3)
                .outputShape(2, 1, 1).run();
    }

    @Test
    void averagesEachChannel() {
        Tensor x = Tensor.randn(new Generator(8), 2, 3, 4, 5).asType(DType.FLOAT64);
        GlobalAveragePooling2D gap = new GlobalAveragePooling2D();
        build(gap, 3, 4, 5);
        double[] xv = x.toDoubleArray();
        double[] expected = new double[6];
        for (int i = 0; i < xv.length; i++) expected[i / 20] += xv[i] / 20;
        assertArrayEquals(expected, gap.call(x, false).toDoubleArray(), 1e-12);
    }

    @Test
    void shapeErrorsNameTheShapeAndTheFix() {
        assertShapeError(() -> build(new GlobalAveragePooling2D(), 10), "GlobalAveragePooling2D", "[batch, 10]",
                "[batch, channels, height, width]");
        assertShapeError(() -> build(new GlobalAveragePooling2D(), 32, 32), "[batch, 32, 32]", "Reshape(1, 32, 32)");
        assertEquals("{keepDims=false}", new GlobalAveragePooling2D().config().toString());
    }
}
