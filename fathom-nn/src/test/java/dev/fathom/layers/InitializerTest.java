package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializerTest {
    private static final int[] SHAPE = {30, 20};

    private static float[] draw(Initializer init, long seed) {
        return init.create(SHAPE.clone(), 30, 20, new Generator(seed)).toFloatArray();
    }

    @Test
    void everyBuiltInDescribesItselfAndComesBackEqual() {
        Map<Initializer, Map<String, Object>> expected = new LinkedHashMap<>();
        expected.put(Initializer.glorotUniform(), Map.of("name", "glorot_uniform"));
        expected.put(Initializer.glorotNormal(), Map.of("name", "glorot_normal"));
        expected.put(Initializer.heNormal(), Map.of("name", "he_normal"));
        expected.put(Initializer.heUniform(), Map.of("name", "he_uniform"));
        expected.put(Initializer.zeros(), Map.of("name", "zeros"));
        expected.put(Initializer.ones(), Map.of("name", "ones"));
        expected.put(Initializer.constant(0.5), Map.of("name", "constant", "value", 0.5));
        expected.put(Initializer.constant(-3e-7), Map.of("name", "constant", "value", -3e-7));
        expected.put(Initializer.varianceScaling(2.0, "fan_out", "truncated_normal"),
                Map.of("name", "variance_scaling", "scale", 2.0, "mode", "fan_out", "distribution", "truncated_normal"));
        List<String> seen = new ArrayList<>();
        for (var e : expected.entrySet()) {
            Initializer init = e.getKey();
            assertEquals(e.getValue(), init.config(), init.name());
            assertEquals(e.getValue().get("name"), init.name());
            Initializer back = Initializer.fromConfig(init.config());
            assertEquals(init, back, "recreated " + init.name() + " with its parameters");
            assertEquals(init.config(), back.config());
            assertArrayEquals(draw(init, 7), draw(back, 7), 0f, init.name() + " draws the same values once recreated");
            seen.add(init.name());
        }
        seen.add(Initializer.CUSTOM);
        assertEquals(Initializer.names(), seen.stream().distinct().toList(), "names() lists every built-in, then custom");
        assertNotEquals(Initializer.constant(0.5), Initializer.constant(0.25));
    }

    @Test
    void numbersMayComeBackFromJsonAsAnyNumberType() {
        // JSON gives back 2 as an Integer; the value is still the constant 2.0.
        Initializer two = Initializer.fromConfig(Map.of("name", "constant", "value", 2));
        assertEquals(Initializer.constant(2), two);
        assertEquals(2.0, two.config().get("value"));
    }

    @Test
    void theBuiltInsDrawWhatTheirNamesSay() {
        float[] glorot = draw(Initializer.glorotUniform(), 1);
        double limit = Math.sqrt(6.0 / 50);
        for (float v : glorot) assertTrue(Math.abs(v) <= limit, "glorot_uniform within ±sqrt(6 / (in + out))");
        float[] he = draw(Initializer.heUniform(), 1);
        for (float v : he) assertTrue(Math.abs(v) <= Math.sqrt(6.0 / 30), "he_uniform within ±sqrt(6 / in)");
        // truncated at two standard deviations of the untruncated normal (std / 0.8796...)
        for (float v : draw(Initializer.heNormal(), 1)) assertTrue(Math.abs(v) <= 2 * Math.sqrt(2.0 / 30) / 0.87962566103423978 + 1e-6);
        for (float v : draw(Initializer.glorotNormal(), 1)) assertTrue(Math.abs(v) <= 2 * Math.sqrt(2.0 / 50) / 0.87962566103423978 + 1e-6);
        for (float v : draw(Initializer.zeros(), 1)) assertEquals(0f, v);
        for (float v : draw(Initializer.ones(), 1)) assertEquals(1f, v);
        for (float v : draw(Initializer.constant(0.25), 1)) assertEquals(0.25f, v);
    }

    @Test
    void varianceScalingHasTheVarianceItsModeAndScaleSay() {
        // PyTorch's default for nn.Linear / nn.Conv2d: uniform in ±1/sqrt(fan_in).
        Initializer torch = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");
        float[] big = torch.create(new int[] {200, 100}, 100, 50, new Generator(5)).toFloatArray();
        double max = 0, sumSq = 0;
        for (float v : big) {
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(max <= 0.1 + 1e-7 && max > 0.099, "bound 1/sqrt(100), reached: " + max);
        assertEquals(1.0 / 300, sumSq / big.length, 1.0 / 300 * 0.05, "variance scale / fan_in");
        // fan_avg with an untruncated normal: variance 2 / ((100 + 50) / 2)
        float[] normal = Initializer.varianceScaling(2, "fan_avg", "untruncated_normal")
                .create(new int[] {200, 100}, 100, 50, new Generator(5)).toFloatArray();
        double var = 0;
        for (float v : normal) var += v * v;
        assertEquals(2.0 / 75, var / normal.length, 2.0 / 75 * 0.05);
        // the defaults Keras uses when only the name is given: scale 1, fan_in, truncated normal
        assertEquals(Initializer.varianceScaling(1, "fan_in", "truncated_normal"),
                Initializer.fromConfig(Map.of("name", "variance_scaling")));
        var mode = assertThrows(IllegalArgumentException.class, () -> Initializer.varianceScaling(1, "fan_sum", "uniform"));
        assertTrue(mode.getMessage().contains("mode must be one of [fan_in, fan_out, fan_avg]; got \"fan_sum\""), mode.getMessage());
        var scale = assertThrows(IllegalArgumentException.class, () -> Initializer.varianceScaling(0, "fan_in", "uniform"));
        assertTrue(scale.getMessage().contains("positive, finite scale; got 0.0"), scale.getMessage());
    }

    @Test
    void aCustomInitializerSavesAsCustomAndLoadsAsZerosForTheFileToOverwrite() {
        Initializer mine = (shape, in, out, g) -> Tensor.rand(g, shape);
        assertEquals(Initializer.CUSTOM, mine.name());
        assertEquals(Map.of("name", "custom"), mine.config());
        Initializer standIn = Initializer.fromConfig(mine.config());
        assertEquals(Map.of("name", "custom"), standIn.config(), "the stand-in saves as custom again");
        for (float v : draw(standIn, 3)) assertEquals(0f, v);
    }

    @Test
    void configIsAFreshMapEachTime() {
        Initializer c = Initializer.constant(1.5);
        c.config().put("value", 9.0);
        assertEquals(1.5, c.config().get("value"));
    }

    @Test
    void badConfigsAreRefusedWithTheReason() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Initializer.fromConfig(Map.of("name", "orthogonal")));
        assertTrue(unknown.getMessage().contains("unknown initializer \"orthogonal\"") && unknown.getMessage().contains("\"he_normal\""),
                unknown.getMessage());
        var noValue = assertThrows(IllegalArgumentException.class, () -> Initializer.fromConfig(Map.of("name", "constant")));
        assertTrue(noValue.getMessage().contains("'value' is missing"), noValue.getMessage());
        var extra = assertThrows(IllegalArgumentException.class,
                () -> Initializer.fromConfig(Map.of("name", "he_normal", "scale", 2.0)));
        assertTrue(extra.getMessage().contains("unexpected key [scale]"), extra.getMessage());
        var noName = assertThrows(IllegalArgumentException.class, () -> Initializer.fromConfig(Map.of("value", 1)));
        assertTrue(noName.getMessage().contains("'name' is missing"), noName.getMessage());

        // Inside a layer's config the error names the layer type and the key.
        var inLayer = assertThrows(IllegalArgumentException.class, () -> Dense.fromConfig(
                Map.of("units", 2, "kernelInitializer", Map.of("name", "constant", "value", "big"))));
        assertTrue(inLayer.getMessage().startsWith("Dense config: 'kernelInitializer': ")
                && inLayer.getMessage().contains("'value' must be a finite number, got \"big\""), inLayer.getMessage());
        var bareName = assertThrows(IllegalArgumentException.class,
                () -> Dense.fromConfig(Map.of("units", 2, "kernelInitializer", "he_normal")));
        assertTrue(bareName.getMessage().contains("'kernelInitializer' must be an initializer's config such as {\"name\":"),
                bareName.getMessage());
    }
}
