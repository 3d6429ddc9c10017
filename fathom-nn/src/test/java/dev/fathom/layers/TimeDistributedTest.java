package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.layers.TestLayers.LayerWithoutFactory;
import dev.fathom.layers.TestLayers.NotALayer;
import dev.fathom.testing.InitializationTrap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeDistributedTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("TimeDistributed(Dense(3))", t -> new TimeDistributed(new Dense(3, "tanh")
                        .kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5))), 4, 5)
                .outputShape(4, 3).parameters(5 * 3 + 3).run();
        LayerTester.of("TimeDistributed(Conv2D(2, 2))", t -> new TimeDistributed(new Conv2D(2, 2)
                        .kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5))), 3, 1, 4, 4)
                .outputShape(3, 2, 3, 3).parameters(2 * 1 * 2 * 2 + 2).run();
        LayerTester.of("TimeDistributed(Flatten)", t -> new TimeDistributed(new Flatten()), 2, 3, 4).outputShape(2, 12).run();
    }

    @Test
    void appliesTheSameLayerToEveryStep() {
        Conv2D conv = new Conv2D(3, 3, "relu").padding(Padding.SAME);
        TimeDistributed td = new TimeDistributed(conv);
        assertArrayEquals(new int[] {5, 3, 6, 6}, build(td, 5, 2, 6, 6));
        assertSame(conv.weights().get(0).value(), td.weights().get(0).value(), "the weights are the wrapped layer's");
        assertEquals("kernel", td.weights().get(0).name());
        Tensor x = Tensor.randn(new Generator(4), 2, 5, 2, 6, 6);
        Tensor y = td.call(x, false);
        assertArrayEquals(new int[] {2, 5, 3, 6, 6}, y.shape());
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(conv.call(x.select(1, t).contiguous(), false).toFloatArray(),
                    y.select(1, t).contiguous().toFloatArray(), 1e-6f, "step " + t);
        }
        // A non-contiguous batch (a permuted view) works too.
        Tensor swapped = Tensor.randn(new Generator(5), 5, 2, 2, 6, 6).permute(1, 0, 2, 3, 4);
        assertArrayEquals(td.call(swapped.contiguous(), false).toFloatArray(), td.call(swapped, false).toFloatArray(), 0f);
    }

    @Test
    void errorsSayWhichStepShapeDidNotFit() {
        assertShapeError(() -> build(new TimeDistributed(new Conv2D(4, 3)).name("frames"), 10, 16),
                "TimeDistributed 'frames'", "does not fit one step [batch, 16] of input [batch, 10, 16]", "Conv2D",
                "needs images [batch, channels, height, width]");
        assertShapeError(() -> build(new TimeDistributed(new Dense(4)), 12), "got input [batch, 12]",
                "[batch, time, ...]", "Reshape(12, 1)");
        TimeDistributed td = new TimeDistributed(new Dense(2));
        build(td, 4, 3);
        assertShapeError(() -> td.call(Tensor.zeros(2, 4, 5), false), "got a batch of shape [2, 4, 5]",
                "needs [batch, time, 3]", "built for [batch, 4, 3]");
        Dense built = new Dense(2);
        build(built, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(built));
        assertTrue(e.getMessage().contains("already built (for [batch, 3])"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(null));
        assertTrue(e.getMessage().contains("got null"), e.getMessage());
    }

    @Test
    void configNestsTheWrappedLayer() {
        TimeDistributed td = new TimeDistributed(new Conv1D(4, 3, "relu").padding(Padding.SAME));
        Map<String, Object> c = td.config();
        assertTrue(c.toString().startsWith("{layer={type=Conv1D, config={filters=4, kernelSize=3, strides=1, padding=same"), c.toString());
        TimeDistributed back = TimeDistributed.fromConfig(c);
        assertEquals(c, back.config());
        assertTrue(back.layer() instanceof Conv1D);
        var e = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.fromConfig(Map.of("layer", Map.of("type", "Dens", "config", Map.of("units", 3)))));
        assertTrue(e.getMessage().startsWith("TimeDistributed config: the wrapped layer 'Dens': unknown layer 'Dens'; the known"
                + " layers are [Activation,"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TimeDistributed.fromConfig(Map.of("layer", "Dense")));
        assertTrue(e.getMessage().contains("'layer' must be {\"type\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.fromConfig(Map.of("layer", Map.of("type", "Dense", "config", Map.of("units", 0)))));
        assertTrue(e.getMessage().contains("units must be >= 1"), e.getMessage());
    }

    @Test
    void float64WeightsGiveFloat64Steps() {
        TimeDistributed td = new TimeDistributed(new Dense(2).kernelInitializer(cast(DType.FLOAT64, Initializer.ones()))
                .biasInitializer(cast(DType.FLOAT64, Initializer.zeros())));
        build(td, 3, 2);
        Tensor y = td.call(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 3, 2), false);
        assertArrayEquals(new double[] {3, 3, 7, 7, 11, 11}, y.toDoubleArray(), 0);
    }

    @Test
    void aWrappedClassThatFailsTheChecksIsRefusedWithoutBeingInitialized() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimeDistributed.fromConfig(Map.of("layer",
                Map.of("type", "Dense", "class", NotALayer.class.getName(), "config", Map.of("units", 2)))));
        assertTrue(e.getMessage().startsWith("TimeDistributed config: the wrapped layer 'Dense': unknown layer class '"
                + NotALayer.class.getName() + "'; the known layers are ["), e.getMessage());
        assertFalse(InitializationTrap.sprung(NotALayer.class), "the named class's static initializer ran");

        e = assertThrows(IllegalArgumentException.class, () -> TimeDistributed.fromConfig(Map.of("layer",
                Map.of("type", "LayerWithoutFactory", "class", LayerWithoutFactory.class.getName(), "config", Map.of()))));
        assertTrue(e.getMessage().contains("unknown layer class '" + LayerWithoutFactory.class.getName() + "'"), e.getMessage());
        assertFalse(InitializationTrap.sprung(LayerWithoutFactory.class), "the named class's static initializer ran");
    }
}
