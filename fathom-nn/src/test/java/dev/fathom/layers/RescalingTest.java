package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RescalingTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Rescaling(0.5, -1)", t -> new Rescaling(0.5, -1), 2, 3).outputShape(2, 3).parameters(0).run();
        LayerTester.of("Rescaling(1/255)", t -> new Rescaling(1.0 / 255), 4).outputShape(4).parameters(0).run();
    }

    @Test
    void mapsPixelBytesToMinusOneToOne() {
        Rescaling r = new Rescaling(1.0 / 127.5, -1);
        LayerTester.build(r, 3);
        Tensor bytes = Tensor.of(new int[] {0, 255, 51}, 1, 3);
        Tensor y = r.call(bytes, false);
        assertEquals(DType.FLOAT32, y.dtype(), "integer pixels come out as float32");
        assertArrayEquals(new float[] {-1, 1, -0.6f}, y.toFloatArray(), 1e-6f);
        Tensor d = Tensor.of(new double[] {2, 4}, 1, 2);
        assertArrayEquals(new double[] {3.0, 4.0}, new Rescaling(0.5, 2).call(d, false).toDoubleArray(), 0);
    }

    @Test
    void configRoundTripsAndRejectsNonFiniteValues() {
        Rescaling r = new Rescaling(1.0 / 255, 0.25);
        assertEquals(Map.of("scale", 1.0 / 255, "offset", 0.25), r.config());
        Rescaling back = Rescaling.fromConfig(r.config());
        assertEquals(r.config(), back.config());
        assertEquals(0.0, Rescaling.fromConfig(Map.of("scale", 2)).offset());
        var missing = assertThrows(IllegalArgumentException.class, () -> Rescaling.fromConfig(Map.of()));
        assertEquals(true, missing.getMessage().contains("scale"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(1, Double.POSITIVE_INFINITY));
    }
}
