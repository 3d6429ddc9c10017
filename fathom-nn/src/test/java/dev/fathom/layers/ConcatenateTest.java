package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcatenateTest {

    private static int[] build(Concatenate c, int[]... shapes) {
        return c.build(Arrays.asList(shapes), new Generator(0));
    }

    @Test
    void joinsAlongTheLastAxisByDefault() {
        Concatenate c = new Concatenate();
        assertArrayEquals(new int[] {5}, build(c, new int[] {2}, new int[] {3}));
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8, 9, 10}, 2, 3);
        Tensor y = c.call(List.of(a, b), false);
        assertArrayEquals(new int[] {2, 5}, y.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, y.toFloatArray());
    }

    @Test
    void joinsChannelsOfImagesAlongAxisOne() {
        assertArrayEquals(new int[] {5, 4, 4}, build(new Concatenate(1), new int[] {2, 4, 4}, new int[] {3, 4, 4}));
        assertArrayEquals(new int[] {2, 4, 9}, build(new Concatenate(-1), new int[] {2, 4, 4}, new int[] {2, 4, 5}));
        assertArrayEquals(new int[] {2, 7, 4}, build(new Concatenate(-2), new int[] {2, 3, 4}, new int[] {2, 4, 4}));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (int axis : new int[] {1, 2, -1}) {
            Concatenate c = new Concatenate(axis);
            int[][] shapes = axis == 1 ? new int[][] {{2, 3}, {1, 3}, {3, 3}} : new int[][] {{2, 1}, {2, 3}, {2, 2}};
            build(c, shapes);
            Generator g = new Generator(axis + 10);
            GradCheck.checkN("Concatenate(" + axis + ")", xs -> c.call(List.of(xs), false),
                    GradCheck.randn(g, LayerTester.batch(3, shapes[0])), GradCheck.randn(g, LayerTester.batch(3, shapes[1])),
                    GradCheck.randn(g, LayerTester.batch(3, shapes[2])));
        }
    }

    @Test
    void shapeErrorsNameEveryInputAndTheFix() {
        assertShapeError(() -> build(new Concatenate(), new int[] {28, 28}, new int[] {3}), "Concatenate", "same rank",
                "input 0: [batch, 28, 28], input 1: [batch, 3]", "Flatten() turns [batch, 28, 28] into [batch, 784]");
        assertShapeError(() -> build((Concatenate) new Concatenate().name("join"), new int[] {4, 5}, new int[] {3, 6}), "Concatenate 'join'",
                "every axis except axis -1", "input 0: [batch, 4, 5], input 1: [batch, 3, 6]", "differ on axis 1",
                "new Concatenate(1)");
        assertShapeError(() -> build(new Concatenate(-1), new int[] {2, 4, 5}, new int[] {3, 5, 5}), "differ on axis 1, 2",
                "reshape the inputs");
        assertShapeError(() -> build(new Concatenate(3), new int[] {4}, new int[] {4}), "axis 3 is out of range",
                "rank 2", "from 1 to 1 or from -1 to -1");
        var batch = assertThrows(IllegalArgumentException.class, () -> new Concatenate(0));
        assertTrue(batch.getMessage().contains("axis 0 is the batch axis"), batch.getMessage());
    }

    @Test
    void configRoundTrips() {
        assertEquals(Map.of("axis", 2), new Concatenate(2).config());
        assertEquals(new Concatenate(-2).config(), Concatenate.fromConfig(new Concatenate(-2).config()).config());
        // Numbers come back from JSON as any Number type.
        assertEquals(1, Concatenate.fromConfig(Map.of("axis", 1L)).axis());
        assertEquals(-1, Concatenate.fromConfig(Map.of()).axis());
    }
}
