package dev.fathom.layers;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv1DTest {

    private static Conv1D weights(Conv1D c, DType t) {
        return c.kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Conv1D(4, 3)", t -> weights(new Conv1D(4, 3), t), 7, 2)
                .outputShape(5, 4).parameters(4 * 2 * 3 + 4).run();
        LayerTester.of("Conv1D(3, 4) same, stride 2", t -> weights(new Conv1D(3, 4, "tanh").padding(Padding.SAME).strides(2), t), 9, 2)
                .outputShape(5, 3).parameters(3 * 2 * 4 + 3).run();
        LayerTester.of("Conv1D(2, 3) dilation 2, no bias", t -> new Conv1D(2, 3).dilation(2).useBias(false)
                        .kernelInitializer(cast(t, Initializer.glorotUniform())), 8, 3)
                .outputShape(4, 2).parameters(2 * 3 * 3).run();
        LayerTester.of("Conv1D(3, 2, softmax)", t -> weights(new Conv1D(3, 2, "softmax"), t), 5, 2)
                .outputShape(4, 3).run();
    }

    @Test
    void outputLengthsFollowKeras() {
        assertArrayEquals(new int[] {38, 32}, build(new Conv1D(32, 3), 40, 16));
        assertArrayEquals(new int[] {40, 32}, build(new Conv1D(32, 3).padding(Padding.SAME), 40, 16));
        assertArrayEquals(new int[] {20, 64}, build(new Conv1D(64, 5).padding(Padding.SAME).strides(2), 40, 16));
        assertArrayEquals(new int[] {14, 8}, build(new Conv1D(8, 5).strides(3), 45, 1));
        assertArrayEquals(new int[] {32, 16}, build(new Conv1D(16, 3).dilation(4), 40, 16));
        Conv1D c = new Conv1D(8, 5);
        build(c, 20, 3);
        assertArrayEquals(new int[] {8, 3, 5}, c.weights().get(0).value().shape(), "PyTorch's kernel layout");
    }

    @Test
    void shapeErrorsTeachTheFix() {
        assertShapeError(() -> build(new Conv1D(8, 3).name("c"), 40), "Conv1D 'c'", "got input [batch, 40]",
                "[batch, time, channels]", "add Reshape(40, 1)", "Embedding");
        assertShapeError(() -> build(new Conv1D(8, 3), 1, 28, 28), "[batch, 1, 28, 28]", "Conv2D");
        assertShapeError(() -> build(new Conv1D(8, 5).dilation(2), 6, 3), "a kernel of 5 steps (dilated to 9)",
                "does not fit in the 6 steps", "padding(Padding.SAME)");
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(0, 3));
        assertTrue(e.getMessage().contains("filters must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(4, 3).strides(0));
        assertTrue(e.getMessage().contains("strides must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void configRoundTrips() {
        Conv1D c = new Conv1D(16, 5, "relu").strides(2).dilation(3).padding(Padding.SAME).useBias(false)
                .kernelRegularizer(Regularizer.l2(1e-3));
        assertEquals("{filters=16, kernelSize=5, strides=2, padding=same, dilation=3, activation=relu, useBias=false,"
                + " kernelInitializer={name=glorot_uniform}, biasInitializer={name=zeros}, kernelRegularizer={name=l2, l2=0.001}}",
                c.config().toString());
        assertEquals(c.config(), Conv1D.fromConfig(c.config()).config());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Conv1D.fromConfig(java.util.Map.of("filters", 4, "kernelSize", 3, "padding", "causal")));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
    }
}
