package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.layers.TestLayers.NotALayer;
import dev.fathom.layers.TestLayers.NotRecurrent;
import dev.fathom.testing.InitializationTrap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BidirectionalTest {

    @Test
    void passesTheLayerHarnessInEveryMergeMode() {
        LayerTester.of("Bidirectional(LSTM(2))", t -> new Bidirectional(LSTMTest.lstm(t, 2)), 3, 2)
                .outputShape(4).parameters(2 * 4 * 2 * (2 + 2 + 2)).run();
        LayerTester.of("Bidirectional(GRU(2) sequences)", t -> new Bidirectional(GRUTest.gru(t, 2).returnSequences(true)), 4, 3)
                .outputShape(4, 4).run();
        for (String mode : List.of("sum", "mul", "ave")) {
            LayerTester.of("Bidirectional(SimpleRNN, " + mode + ")", t -> new Bidirectional(SimpleRNNTest.rnn(t, 3)
                    .returnSequences(true), mode), 3, 2).outputShape(3, 3).run();
        }
    }

    @Test
    void theBackwardHalfIsTheLayerReadingTheReversedSequence() {
        Bidirectional b = new Bidirectional(new GRU(3).returnSequences(true));
        build(b, 5, 2);
        assertNotSame(b.forwardLayer().weights().get(0).value(), b.backwardLayer().weights().get(0).value());
        assertEquals(List.of("forward.kernel", "forward.recurrentKernel", "forward.bias", "forward.recurrentBias",
                "backward.kernel", "backward.recurrentKernel", "backward.bias", "backward.recurrentBias"),
                b.weights().stream().map(Weight::name).toList());
        Tensor x = Tensor.randn(new Generator(4), 2, 5, 2);
        Tensor y = b.call(x, false);
        // The backward layer alone (goBackwards) gives its outputs in reading order: step t of y holds step 4 - t.
        float[] alone = b.backwardLayer().call(x, false).toFloatArray();
        float[] whole = y.toFloatArray();
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < 5; t++)
                for (int u = 0; u < 3; u++)
                    assertEquals(alone[(n * 5 + (4 - t)) * 3 + u], whole[(n * 5 + t) * 6 + 3 + u], 1e-6f);
        assertArrayEquals(b.forwardLayer().call(x, false).toFloatArray(), y.slice(2, 0, 3).contiguous().toFloatArray(), 1e-6f);
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new Dense(3)));
        assertTrue(e.getMessage().contains("wraps a SimpleRNN, LSTM or GRU, got Dense"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(3), "concatenate"));
        assertTrue(e.getMessage().contains("unknown merge mode 'concatenate'") && e.getMessage().contains("concat"), e.getMessage());
        LSTM built = new LSTM(2);
        build(built, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(built));
        assertTrue(e.getMessage().contains("already built"), e.getMessage());
        Bidirectional b = new Bidirectional(new LSTM(2));
        build(b, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> b.callWithStates(Tensor.zeros(1, 3, 2),
                List.of(Tensor.zeros(1, 2), Tensor.zeros(1, 2)), false));
        assertTrue(e.getMessage().contains("got 2 initial states but needs 4"), e.getMessage());
    }

    @Test
    void configRoundTrips() {
        Bidirectional b = new Bidirectional(new LSTM(4).returnSequences(true).unitForgetBias(false), "ave");
        Map<String, Object> c = b.config();
        Bidirectional back = Bidirectional.fromConfig(c);
        assertEquals(c, back.config());
        assertEquals("ave", back.mergeMode());
        var e = assertThrows(IllegalArgumentException.class, () -> Bidirectional.fromConfig(Map.of("layer",
                Map.of("type", "Lstm", "config", Map.of("units", 2)))));
        assertTrue(e.getMessage().contains("unknown layer 'Lstm' (did you mean 'LSTM'?)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bidirectional.fromConfig(Map.of("layer",
                Map.of("type", "Dense", "config", Map.of("units", 2)))));
        assertTrue(e.getMessage().contains("wraps a SimpleRNN, LSTM or GRU, got Dense"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bidirectional.fromConfig(Map.of("mergeMode", "sum")));
    }

    @Test
    void buildsInFloat64WhenAskedTo() {
        Bidirectional b = new Bidirectional(LSTMTest.lstm(DType.FLOAT64, 2));
        build(b, 3, 2);
        assertEquals(DType.FLOAT64, b.call(Tensor.zeros(DType.FLOAT64, 1, 3, 2), false).dtype());
    }

    @Test
    void aClassNamedForTheWrappedLayerIsRefusedWithoutBeingInitialized() {
        for (Class<?> named : List.of(NotALayer.class, NotRecurrent.class)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Bidirectional.fromConfig(Map.of("layer",
                    Map.of("type", "LSTM", "class", named.getName(), "config", Map.of("units", 2)))));
            assertEquals("Bidirectional config: the wrapped layer 'LSTM': names the class " + named.getName() + ", which was not"
                    + " loaded; Bidirectional wraps SimpleRNN, LSTM or GRU, saved by their type alone", e.getMessage());
            assertFalse(InitializationTrap.sprung(named), named.getSimpleName() + "'s static initializer ran");
        }
    }
}
