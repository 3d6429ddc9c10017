package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Tensor;
import dev.fathom.layers.TestLayers.NotALayer;
import dev.fathom.testing.InitializationTrap;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model file names classes (the model's, a user layer's): what it names is checked before any of its code runs. */
class ModelFileClassesTest {
    @TempDir
    Path dir;

    /** Not a Model; its static initializer would write a file. */
    public static final class NotAModel {
        static {
            InitializationTrap.spring(NotAModel.class);
        }

        public static Model fromArchitecture(Map<String, Object> architecture) {
            return Sequential.fromArchitecture(architecture);
        }
    }

    /** A Model without fromArchitecture; its static initializer would write a file. */
    public static final class ModelWithoutFactory extends Model {
        static {
            InitializationTrap.spring(ModelWithoutFactory.class);
        }

        @Override
        public List<Layer> layers() {
            return List.of();
        }

        @Override
        public boolean isBuilt() {
            return false;
        }

        @Override
        public int[] inputShape() {
            return new int[0];
        }

        @Override
        public int[] outputShape() {
            return new int[0];
        }

        @Override
        public Model build(int... inputShape) {
            return this;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x;
        }
    }

    private Path saved() {
        Path p = dir.resolve("m.fathom");
        new Sequential(new Dense(2)).build(3).save(p);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> architecture(Map<String, Object> manifest) {
        return (Map<String, Object>) manifest.get("architecture");
    }

    @Test
    void aModelClassOfTheWrongTypeIsRefusedWithoutBeingInitialized() {
        Path p = saved();
        ZipEntries.editJson(p, "fathom.json", m -> architecture(m).put("class", NotAModel.class.getName()));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertEquals("cannot load model file '" + p + "': fathom.json architecture: unknown model class '" + NotAModel.class.getName()
                + "'; the known models are [Functional, Sequential]; Fathom loads only registered types, so for a model of your own,"
                + " call ModelFile.registry().register(\"NotAModel\", ModelFileClassesTest.NotAModel.class,"
                + " ModelFileClassesTest.NotAModel::fromArchitecture) before loading", e.getMessage());
        assertFalse(InitializationTrap.sprung(NotAModel.class), "the named class's static initializer ran");
    }

    @Test
    void aModelClassWithoutFromArchitectureIsRefusedWithoutBeingInitialized() {
        Path p = saved();
        ZipEntries.editJson(p, "fathom.json", m -> architecture(m).put("class", ModelWithoutFactory.class.getName()));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().startsWith("cannot load model file '" + p + "': fathom.json architecture: unknown model class '"
                + ModelWithoutFactory.class.getName() + "'; the known models are [Functional, Sequential]"), e.getMessage());
        assertTrue(e.getMessage().contains("ModelFile.registry().register(\"ModelWithoutFactory\","), e.getMessage());
        assertFalse(InitializationTrap.sprung(ModelWithoutFactory.class), "the named class's static initializer ran");
    }

    @Test
    void anUnknownModelNameListsTheKnownOnes() {
        Path p = saved();
        ZipEntries.editJson(p, "fathom.json", m -> architecture(m).put("class", "Sequentail"));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertEquals("cannot load model file '" + p + "': fathom.json architecture: unknown model 'Sequentail'; the known models are"
                + " [Functional, Sequential]; Fathom loads only registered types, so for a model of your own, call ModelFile.registry().register(\"Sequentail\","
                + " Sequentail.class, Sequentail::fromArchitecture) before loading", e.getMessage());
    }

    @Test
    void aLayerClassOfTheWrongTypeInTheArchitectureIsRefusedWithoutBeingInitialized() {
        Path p = saved();
        ZipEntries.editJson(p, "fathom.json", m -> {
            @SuppressWarnings("unchecked")
            var layers = (List<Map<String, Object>>) architecture(m).get("layers");
            layers.get(0).put("class", NotALayer.class.getName());
        });
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("unknown layer class '" + NotALayer.class.getName() + "'"), e.getMessage());
        assertFalse(InitializationTrap.sprung(NotALayer.class), "the named class's static initializer ran");
    }

    @Test
    void fathomsOwnModelsAreRegisteredByName() {
        assertEquals(List.of("Functional", "Sequential"), ModelFile.registry().names());
        Path p = saved();
        assertEquals(Sequential.class, Model.load(p).getClass());
    }
}
