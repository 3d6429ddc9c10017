package dev.fathom.layers;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GlobalAveragePooling1DTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("GlobalAveragePooling1D", t -> new GlobalAveragePooling1D(), 6, 3).outputShape(3).parameters(0).run();
        LayerTester.of("GlobalAveragePooling1D keepDims", t -> new GlobalAveragePooling1D().keepDims(true), 4, 2)
                .outputShape(1, 2).run();
    }

    @Test
    void averagesEachChannelOverTime() {
        GlobalAveragePooling1D p = new GlobalAveragePooling1D();
        build(p, 3, 2);
        Tensor x = Tensor.of(new float[] {1, -4, 7, -2, 4, -9, 0, 0, -1, 5, -5, 2}, 2, 3, 2);
        assertArrayEquals(new float[] {4, -5, -2, 7f / 3}, p.call(x, false).toFloatArray(), 1e-6f);
    }

    @Test
    void needsSequences() {
        assertShapeError(() -> build(new GlobalAveragePooling1D().name("avg")), "GlobalAveragePooling1D 'avg'",
                "samples are scalars");
        assertEquals("{keepDims=false}", GlobalAveragePooling1D.fromConfig(new GlobalAveragePooling1D().config())
                .config().toString());
        assertThrows(IllegalArgumentException.class, () -> GlobalAveragePooling1D.fromConfig(java.util.Map.of("keepdims", true)));
    }
}
