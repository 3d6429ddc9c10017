package dev.fathom.layers;

import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxPool1DTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("MaxPool1D(2)", t -> new MaxPool1D(), 7, 3).inputs(GradCheck::distinct)
                .outputShape(3, 3).parameters(0).run();
        LayerTester.of("MaxPool1D(3) stride 1 same", t -> new MaxPool1D(3).strides(1).padding(Padding.SAME), 6, 2)
                .inputs(GradCheck::distinct).outputShape(6, 2).run();
        LayerTester.of("MaxPool1D(2) same", t -> new MaxPool1D(2).padding(Padding.SAME), 7, 2)
                .inputs(GradCheck::distinct).outputShape(4, 2).run();
    }

    @Test
    void keepsTheLargestOfEachWindowPerChannel() {
        MaxPool1D p = new MaxPool1D(2);
        build(p, 5, 2);
        // Channel 0: 1 5 | 2 0 | (7 dropped); channel 1: -1 -3 | 4 8 | (9 dropped).
        Tensor x = Tensor.of(new float[] {1, -1, 5, -3, 2, 4, 0, 8, 7, 9}, 1, 5, 2);
        assertArrayEquals(new float[] {5, -1, 2, 8}, p.call(x, false).toFloatArray());
        MaxPool1D same = new MaxPool1D(2).padding(Padding.SAME);
        build(same, 5, 2);
        Tensor negative = Tensor.of(new float[] {-1, -1, -5, -3, -2, -4, -6, -8, -7, -9}, 1, 5, 2);
        assertArrayEquals(new float[] {-1, -1, -2, -4, -7, -9}, same.call(negative, false).toFloatArray(),
                "padded steps never win, even over negative values");
    }

    @Test
    void shapeErrorsTeachTheFix() {
        assertShapeError(() -> build(new MaxPool1D(4).name("pool"), 3, 8), "MaxPool1D 'pool'",
                "a pool of 4 steps does not fit in the 3 steps", "padding(Padding.SAME)");
        assertShapeError(() -> build(new MaxPool1D(), 40), "[batch, 40]", "[batch, time, channels]", "Reshape(40, 1)");
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool1D(0));
        assertTrue(e.getMessage().contains("pool size must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void configRoundTrips() {
        MaxPool1D p = new MaxPool1D(3).strides(1).padding(Padding.SAME);
        assertEquals("{poolSize=3, strides=1, padding=same}", p.config().toString());
        assertEquals(p.config(), MaxPool1D.fromConfig(p.config()).config());
        assertEquals("{poolSize=4, strides=4, padding=valid}",
                MaxPool1D.fromConfig(java.util.Map.of("poolSize", 4)).config().toString(), "strides default to the pool");
    }
}
