package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReshapeTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Reshape(1, 4, 3)", t -> new Reshape(1, 4, 3), 12).outputShape(1, 4, 3).parameters(0).run();
        LayerTester.of("Reshape(-1, 6)", t -> new Reshape(-1, 6), 2, 3, 4).outputShape(4, 6).run();
        LayerTester.of("Reshape(-1)", t -> new Reshape(-1), 2, 5).outputShape(10).run();
    }

    @Test
    void keepsTheValuesInRowMajorOrder() {
        Reshape r = new Reshape(2, -1);
        assertArrayEquals(new int[] {2, 6}, build(r, 3, 4));
        Tensor x = Tensor.randn(new Generator(1), 5, 3, 4);
        Tensor y = r.call(x, false);
        assertArrayEquals(new int[] {5, 2, 6}, y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        // A non-dense input (a transposed view) is copied in its logical order.
        Tensor t = Tensor.randn(new Generator(2), 5, 4, 3).transpose(1, 2);
        assertArrayEquals(t.contiguous().toFloatArray(), r.call(t, false).toFloatArray());
    }

    @Test
    void shapeErrorsNameBothShapes() {
        assertShapeError(() -> build(new Reshape(1, 28, 27), 784), "Reshape", "[batch, 784]", "[batch, 1, 28, 27]",
                "784 values", "756 values", "use -1");
        assertShapeError(() -> build(new Reshape(3, -1).name("r"), 784), "Reshape 'r'", "[batch, 784]", "[batch, 3, -1]",
                "not a multiple of 3");
    }

    @Test
    void badTargetsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, 4, -1));
        assertTrue(e.getMessage().contains("only one axis can be -1") && e.getMessage().contains("[-1, 4, -1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-2, 4));
        assertEquals("{targetShape=[1, 28, 28]}", new Reshape(1, 28, 28).config().toString());
    }
}
