package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;
import dev.fathom.saving.Json;


import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.layers.TestLayers.LayerWithoutFactory;
import dev.fathom.layers.TestLayers.NotALayer;
import dev.fathom.testing.InitializationTrap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerConfigsTest {

    /** Multiplies by a factor it saves: the body of the users' layers below. */
    public abstract static class Scaling extends Layer {
        final double factor;

        Scaling(double factor) {
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
    }

    /** A user's layer outside dev.fathom.layers, with the fromConfig contract. */
    public static final class Scale extends Scaling {
        public Scale(double factor) {
            super(factor);
        }

        public static Scale fromConfig(Map<String, Object> config) {
            return new Scale(new ConfigMap("Scale", config).number("factor"));
        }
    }

    /** A user's layer that forgot fromConfig. */
    public static final class NoFactory extends TestLayers.PassThrough {}

    /** A user's layer registered by name (see {@link #registeredLayersLoadThroughTheirFactory}). */
    public static final class Shift extends TestLayers.PassThrough {
        final double by;

        public Shift(double by) {
            this.by = by;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x.add(by);
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = super.config();
            c.put("by", by);
            return c;
        }
    }

    /** A Layer with fromConfig; its static initializer writes a file, the control that the traps work once it is registered. */
    public static final class TrappedLayer extends TestLayers.PassThrough {
        static {
            InitializationTrap.spring(TrappedLayer.class);
        }

        public static TrappedLayer fromConfig(Map<String, Object> config) {
            return new TrappedLayer();
        }
    }

    /** An entry naming {@code cls} as the layer's class. */
    static Map<String, Object> entryNaming(Class<?> cls) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", cls.getSimpleName());
        entry.put("class", cls.getName());
        entry.put("name", "x");
        entry.put("config", Map.of());
        return entry;
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
    void userLayersLoadOnceRegistered() {
        LayerConfigs.registry().register("Scale", Scale.class, Scale::fromConfig);
        Map<String, Object> entry = LayerConfigs.toConfig(new Scale(2.5).name("s"));
        assertEquals(Scale.class.getName(), entry.get("class"));
        Scale back = (Scale) LayerConfigs.fromConfig(entry);
        assertEquals(2.5, back.factor);
    }

    @Test
    void anUnregisteredUserLayerCannotBeSavedAndTheErrorSaysHowToRegisterIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerConfigs.toConfig(new NoFactory().name("n")));
        assertTrue(e.getMessage().startsWith("cannot save layer 'n' (NoFactory): unknown layer class '" + NoFactory.class.getName()
                + "'; the known layers are [Activation, "), e.getMessage());
        assertTrue(e.getMessage().endsWith("call LayerConfigs.registry().register(\"NoFactory\", LayerConfigsTest.NoFactory.class,"
                + " LayerConfigsTest.NoFactory::fromConfig) before loading"), e.getMessage());
    }

    @Test
    void errorsNameTheLayerAndTheFix() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.fromConfig(Map.of("type", "Transformer", "name", "t", "config", Map.of())));
        assertTrue(unknown.getMessage().startsWith("layer 't' (Transformer): unknown layer 'Transformer'; the known layers are"
                + " [Activation, Add, Average, AveragePool2D, BatchNormalization, Bidirectional,"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("for a layer of your own, call LayerConfigs.registry().register(\"Transformer\","
                + " Transformer.class, Transformer::fromConfig) before loading"), unknown.getMessage());
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

    @Test
    void aClassAFileNamesIsNeverInitialized() {
        // TrappedLayer is a Layer with fromConfig: before, it loaded by its class name; now only registered types do.
        for (Class<?> named : List.of(NotALayer.class, LayerWithoutFactory.class, TrappedLayer.class)) {
            var e = assertThrows(IllegalArgumentException.class, () -> LayerConfigs.fromConfig(entryNaming(named)));
            assertTrue(e.getMessage().startsWith("layer 'x' (" + named.getSimpleName() + "): unknown layer class '"
                    + named.getName() + "'; the known layers are [Activation, "), e.getMessage());
            assertFalse(InitializationTrap.sprung(named), named.getSimpleName() + "'s static initializer ran");
        }
        LayerConfigs.registry().register("TrappedLayer", TrappedLayer.class, TrappedLayer::fromConfig);
        assertInstanceOf(TrappedLayer.class, LayerConfigs.fromConfig(entryNaming(TrappedLayer.class)));
        assertTrue(InitializationTrap.sprung(TrappedLayer.class), "the trap works: running the factory initializes the class");
    }

    @Test
    void registeredLayersLoadThroughTheirFactory() {
        AtomicInteger calls = new AtomicInteger();
        LayerConfigs.registry().register("Shift", Shift.class, c -> {
            calls.incrementAndGet();
            return new Shift(new ConfigMap("Shift", c).number("by"));
        });
        Map<String, Object> entry = LayerConfigs.toConfig(new Shift(1.5).name("s"));
        assertEquals(Shift.class.getName(), entry.get("class"), "the file format is unchanged: a user's layer carries its class");
        assertEquals(1, calls.get(), "saving checked the round trip through the registered factory");
        Shift back = (Shift) LayerConfigs.fromConfig(entry);
        assertEquals(1.5, back.by);
        assertEquals("s", back.name());
        Map<String, Object> byName = new LinkedHashMap<>(entry);
        byName.remove("class");
        assertEquals(1.5, ((Shift) LayerConfigs.fromConfig(byName)).by);
        assertEquals(3, calls.get());
        assertTrue(LayerConfigs.registry().names().contains("Shift"));
    }

    @Test
    void everyLayerWithAFromConfigIsRegisteredByItsTypeName() throws IOException {
        // Fathom's layers are the classes of dev.fathom.layers with a public static fromConfig returning themselves.
        Pattern factory = Pattern.compile("public static (\\w+) fromConfig\\(Map<String, Object> config\\)");
        List<String> layers = new ArrayList<>();
        try (var files = Files.list(Path.of("src/main/java/dev/fathom/layers"))) {
            for (Path f : files.sorted().toList()) {
                Matcher m = factory.matcher(Files.readString(f));
                String file = f.getFileName().toString().replace(".java", "");
                if (m.find() && m.group(1).equals(file)) layers.add(file);
            }
        }
        assertTrue(layers.contains("Dense") && layers.contains("TimeDistributed") && layers.size() > 20, "the scan finds the layers: " + layers);
        // Registered under the wrong name, a layer would save but not load; a wrong class does not compile.
        for (String type : layers) assertTrue(LayerConfigs.registry().has(type), type + " is not registered in LayerConfigs");
    }
}
