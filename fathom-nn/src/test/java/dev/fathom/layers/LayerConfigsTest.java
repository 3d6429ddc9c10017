package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.saving.Json;


import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerConfigsTest {

    /** A user's layer outside dev.fathom.layers, with the fromConfig contract. */
    public static final class Scale extends Layer {
        final double factor;

        public Scale(double factor) {
            this.factor = factor;
        }

        @Override
        protected int[] computeOutputShape(int[] in, Generator g) {
            return in;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x.mul(factor);
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = super.config();
            c.put("factor", factor);
            return c;
        }

        public static Scale fromConfig(Map<String, Object> config) {
            return new Scale(new ConfigMap("Scale", config).number("factor"));
        }
    }

    /** A user's layer that forgot fromConfig. */
    public static final class NoFactory extends Layer {
        @Override
        protected int[] computeOutputShape(int[] in, Generator g) {
            return in;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x;
        }
    }

    @Test
    void builtInLayersAreSavedByTypeNameAndComeBackEqual() {
        Layer conv = new Conv2D(8, 5, 3).strides(2, 1).padding(Padding.SAME).activation("relu")
                .kernelRegularizer(Regularizer.l2(1e-4)).name("features");
        Map<String, Object> entry = LayerConfigs.toConfig(conv);
        assertEquals("Conv2D", entry.get("type"));
        assertEquals("features", entry.get("name"));
        assertNull(entry.get("class"), "built-in layers need no class name");
        Layer back = LayerConfigs.fromConfig(entry);
        assertInstanceOf(Conv2D.class, back);
        assertEquals("features", back.name());
        assertEquals(Json.writeCompact(conv.config()), Json.writeCompact(back.config()));

        assertEquals(Map.of("poolSize", List.of(3, 2), "strides", List.of(1, 1), "padding", "valid"),
                LayerConfigs.toConfig(new MaxPool2D(3, 2).strides(1)).get("config"));
        assertEquals(123L, ((Number) ((Map<?, ?>) LayerConfigs.toConfig(new Dropout(0.1, 123)).get("config")).get("seed")).longValue());
    }

    @Test
    void userLayersAreFoundByTheirClassName() {
        Map<String, Object> entry = LayerConfigs.toConfig(new Scale(2.5).name("s"));
        assertEquals(Scale.class.getName(), entry.get("class"));
        Scale back = (Scale) LayerConfigs.fromConfig(entry);
        assertEquals(2.5, back.factor);
    }

    @Test
    void errorsNameTheLayerAndTheFix() {
        var noFactory = assertThrows(IllegalArgumentException.class, () -> LayerConfigs.toConfig(new NoFactory().name("n")));
        assertTrue(noFactory.getMessage().contains("layer 'n' (NoFactory)") && noFactory.getMessage().contains("fromConfig"),
                noFactory.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.fromConfig(Map.of("type", "Transformer", "name", "t", "config", Map.of())));
        assertTrue(unknown.getMessage().contains("layer 't' (Transformer)") && unknown.getMessage().contains("no layer of that type"),
                unknown.getMessage());
        var badValue = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.fromConfig(Map.of("type", "Dense", "name", "d", "config", Map.of("units", "ten"))));
        assertTrue(badValue.getMessage().contains("'units' must be an integer, got \"ten\""), badValue.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.fromConfig(Map.of("type", "Dense", "config", Map.of())));
        assertTrue(missing.getMessage().contains("'units' is missing"), missing.getMessage());
        var custom = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.toConfig(new Dense(3).kernelRegularizer(w -> w.sum()).name("d")));
        assertTrue(custom.getMessage().contains("custom Regularizer") && custom.getMessage().contains("Regularizer.l1, l2 or l1l2"),
                custom.getMessage());
    }
}
