package dev.fathom.layers;

import org.junit.jupiter.api.Test;

class FlattenTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Flatten", t -> new Flatten(), 2, 3, 4).outputShape(24).parameters(0).run();
        LayerTester.of("Flatten of flat data", t -> new Flatten(), 5).outputShape(5).parameters(0).run();
        LayerTester.of("Flatten with a size-1 axis", t -> new Flatten(), 4, 1, 3).outputShape(12).run();
    }
}
