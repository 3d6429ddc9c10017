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

    /** A Layer that passes the checks; its static initializer writes a file, the control that the traps work. */
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
    void aClassOfTheWrongTypeIsRefusedWithoutBeingInitialized() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerConfigs.fromConfig(entryNaming(NotALayer.class)));
        assertEquals("layer 'x' (NotALayer): " + NotALayer.class.getName() + " is not a Layer, so it was not loaded; the file is"
                + " damaged, was edited, or is not from a source you trust", e.getMessage());
        assertFalse(InitializationTrap.sprung(NotALayer.class), "the named class's static initializer ran");
    }

    @Test
    void aLayerWithoutFromConfigIsRefusedWithoutBeingInitialized() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LayerConfigs.fromConfig(entryNaming(LayerWithoutFactory.class)));
        assertTrue(e.getMessage().startsWith("layer 'x' (LayerWithoutFactory): " + LayerWithoutFactory.class.getName()
                + " has no public static fromConfig(Map) returning a Layer; add one"), e.getMessage());
        assertTrue(e.getMessage().contains("LayerConfigs.registry().register(\"LayerWithoutFactory\","), e.getMessage());
        assertFalse(InitializationTrap.sprung(LayerWithoutFactory.class), "the named class's static initializer ran");
    }

    @Test
    void aLayerThatPassesTheChecksIsInitializedOnlyByItsFactory() {
        assertFalse(InitializationTrap.sprung(TrappedLayer.class));
        Layer layer = LayerConfigs.fromConfig(entryNaming(TrappedLayer.class));
        assertInstanceOf(TrappedLayer.class, layer);
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
    void aLayerWhoseFromConfigMakesAnotherClassCannotBeSaved() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerConfigs.toConfig(new Wider(2).name("w")));
        assertTrue(e.getMessage().contains("recreating it from its config gives a dev.fathom.layers.LayerConfigsTest$Scale, not a"
                + " dev.fathom.layers.LayerConfigsTest$Wider"), e.getMessage());
    }

    /** A user's layer whose fromConfig was copied from another layer's and still makes that one. */
    public static final class Wider extends Scaling {
        public Wider(double factor) {
            super(factor);
        }

        public static Scale fromConfig(Map<String, Object> config) {
            return Scale.fromConfig(config);
        }
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
