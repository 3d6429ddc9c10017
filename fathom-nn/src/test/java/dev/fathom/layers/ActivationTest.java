package dev.fathom.layers;

import dev.fathom.tensor.GradCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {

    @Test
    void passesTheLayerHarnessForEveryFunction() {
        for (String f : Activations.NAMES) {
            // Inputs away from 0: relu and leaky_relu have a kink there.
            LayerTester.of("Activation(" + f + ")", t -> new Activation(f), 2, 5)
                    .inputs(GradCheck::awayFromZero).outputShape(2, 5).parameters(0).run();
        }
    }

    @Test
    void unknownNamesListTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Activation("swish"));
        assertTrue(e.getMessage().contains("'swish'") && e.getMessage().contains("relu"), e.getMessage());
        assertEquals("{activation=gelu}", new Activation("gelu").config().toString());
    }
}
