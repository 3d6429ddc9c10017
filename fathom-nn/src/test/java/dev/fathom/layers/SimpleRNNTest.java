package dev.fathom.layers;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleRNNTest {

    static SimpleRNN rnn(DType t, int units) {
        return new SimpleRNN(units).kernelInitializer(cast(t, Initializer.glorotUniform()))
                .recurrentInitializer(uniform(t, -0.6, 0.6)).biasInitializer(uniform(t, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarnessWithGradientsThroughTime() {
        LayerTester.of("SimpleRNN(3)", t -> rnn(t, 3), 6, 2).outputShape(3).parameters(3 * (2 + 3 + 2)).run();
        LayerTester.of("SimpleRNN(2) sequences", t -> rnn(t, 2).returnSequences(true), 4, 3).outputShape(4, 2).run();
        LayerTester.of("SimpleRNN(2) no bias", t -> rnn(t, 2).useBias(false), 3, 1).parameters(2 * (1 + 2)).run();
    }

    @Test
    void shapeErrorsAndConfig() {
        assertShapeError(() -> build(new SimpleRNN(4).name("r"), 8), "SimpleRNN 'r'", "[batch, 8]", "Reshape(8, 1)");
        assertArrayEquals(new int[] {9, 4}, build(new SimpleRNN(4).returnSequences(true), 9, 2));
        SimpleRNN r = new SimpleRNN(5).activation("relu").useBias(false);
        Map<String, Object> c = r.config();
        assertEquals(c, SimpleRNN.fromConfig(c).config());
        var e = assertThrows(IllegalArgumentException.class, () -> SimpleRNN.fromConfig(Map.of("units", 2,
                "recurrentActivation", "sigmoid")));
        assertTrue(e.getMessage().contains("unexpected key [recurrentActivation]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimpleRNN.fromConfig(Map.of("activation", "tanh")));
    }
}
