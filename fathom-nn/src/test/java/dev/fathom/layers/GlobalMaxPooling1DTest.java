package dev.fathom.layers;

import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GlobalMaxPooling1DTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("GlobalMaxPooling1D", t -> new GlobalMaxPooling1D(), 6, 3).inputs(GradCheck::distinct)
                .outputShape(3).parameters(0).run();
        LayerTester.of("GlobalMaxPooling1D keepDims", t -> new GlobalMaxPooling1D().keepDims(true), 4, 2)
                .inputs(GradCheck::distinct).outputShape(1, 2).run();
    }

    @Test
    void takesTheLargestValueOfEachChannelOverTime() {
        GlobalMaxPooling1D p = new GlobalMaxPooling1D();
        build(p, 3, 2);
        Tensor x = Tensor.of(new float[] {1, -4, 7, -2, 3, -9, 0, 0, -1, 5, -3, 2}, 2, 3, 2);
        assertArrayEquals(new float[] {7, -2, 0, 5}, p.call(x, false).toFloatArray());
    }

    @Test
    void needsSequences() {
        assertShapeError(() -> build(new GlobalMaxPooling1D(), 40), "GlobalMaxPooling1D", "[batch, 40]",
                "[batch, time, channels]");
        assertShapeError(() -> build(new GlobalMaxPooling1D(), 3, 8, 8), "[batch, 3, 8, 8]", "2-D layers");
        assertEquals("{keepDims=true}", GlobalMaxPooling1D.fromConfig(new GlobalMaxPooling1D().keepDims(true).config())
                .config().toString());
    }
}
