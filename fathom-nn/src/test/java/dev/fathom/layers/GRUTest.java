package dev.fathom.layers;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GRUTest {

    static GRU gru(DType t, int units) {
        return new GRU(units).kernelInitializer(cast(t, Initializer.glorotUniform()))
                .recurrentInitializer(uniform(t, -0.6, 0.6)).biasInitializer(uniform(t, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarnessWithGradientsThroughTime() {
        LayerTester.of("GRU(3)", t -> gru(t, 3), 4, 2).outputShape(3).parameters(3 * 3 * (2 + 3 + 2)).run();
        LayerTester.of("GRU(2) sequences, backwards", t -> gru(t, 2).returnSequences(true).goBackwards(true), 5, 3)
                .outputShape(5, 2).parameters(3 * 2 * (3 + 2 + 2)).run();
    }

    @Test
    void shapeErrorsAndConfig() {
        assertShapeError(() -> build(new GRU(4), 12), "GRU", "[batch, 12]", "[batch, time, features]", "Reshape(12, 1)");
        GRU g = new GRU(6).activation("relu").recurrentActivation("tanh").goBackwards(true);
        Map<String, Object> c = g.config();
        assertEquals(c, GRU.fromConfig(c).config());
        assertEquals("relu", c.get("activation"));
        assertEquals("tanh", c.get("recurrentActivation"));
    }
}
