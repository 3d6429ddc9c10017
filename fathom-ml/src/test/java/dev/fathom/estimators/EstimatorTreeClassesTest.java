package dev.fathom.estimators;

import dev.fathom.testing.InitializationTrap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A saved estimator tree names classes: what it names is checked before any of its code runs. */
class EstimatorTreeClassesTest {

    /** Not a SavableEstimator; its static initializer would write a file. */
    public static final class NotSavable {
        static {
            InitializationTrap.spring(NotSavable.class);
        }

        public static SavableEstimator fromState(EstimatorState state) {
            return new MeanRegressor(0);
        }
    }

    /** A SavableEstimator without fromState; its static initializer would write a file. */
    public static final class SavableWithoutFactory implements SavableEstimator {
        static {
            InitializationTrap.spring(SavableWithoutFactory.class);
        }

        @Override
        public void saveState(EstimatorState state) {
            state.put("x", 1);
        }
    }

    /** A user's estimator, registered by name in {@link #usersRegisterTheirOwnEstimators}. */
    public static final class MeanRegressor implements SavableEstimator {
        final double mean;

        MeanRegressor(double mean) {
            this.mean = mean;
        }

        @Override
        public void saveState(EstimatorState state) {
            state.put("mean", mean);
        }
    }

    private static Map<String, Object> nodeNaming(Class<?> cls) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", cls.getSimpleName());
        node.put("class", cls.getName());
        node.put("config", Map.of());
        return node;
    }

    @Test
    void aClassThatIsNotSavableIsRefusedWithoutBeingInitialized() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(nodeNaming(NotSavable.class), Map.of(), Map.of()));
        assertTrue(e.getMessage().startsWith("estimator: unknown estimator class '" + NotSavable.class.getName() + "'; the known"
                + " estimators are ["), e.getMessage());
        assertFalse(InitializationTrap.sprung(NotSavable.class), "the named class's static initializer ran");
    }

    @Test
    void aSavableEstimatorWithoutFromStateIsRefusedWithoutBeingInitialized() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(nodeNaming(SavableWithoutFactory.class), Map.of(), Map.of()));
        assertTrue(e.getMessage().startsWith("estimator: unknown estimator class '" + SavableWithoutFactory.class.getName() + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("EstimatorTree.registry().register(\"SavableWithoutFactory\","), e.getMessage());
        assertFalse(InitializationTrap.sprung(SavableWithoutFactory.class), "the named class's static initializer ran");
    }

    @Test
    void usersRegisterTheirOwnEstimators() {
        AtomicInteger calls = new AtomicInteger();
        EstimatorTree.registry().register("MeanRegressor", MeanRegressor.class, state -> {
            calls.incrementAndGet();
            return new MeanRegressor(state.number("mean"));
        });
        EstimatorTree saved = EstimatorTree.of(new MeanRegressor(2.5));
        MeanRegressor back = (MeanRegressor) EstimatorTree.restore(saved.root(), saved.tensors(), saved.files());
        assertEquals(2.5, back.mean);
        assertEquals(1, calls.get(), "restored by the registered factory (the class has no fromState of its own)");
    }

    @Test
    void everySavableEstimatorOfFathomIsRegistered() throws IOException {
        // Those of dev.fathom.ensembles and dev.fathom.validation come through EstimatorTypes and ServiceLoader.
        Pattern factory = Pattern.compile("public static (\\w+) fromState\\(EstimatorState state\\)");
        List<String> savable;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/fathom"))) {
            savable = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    Matcher m = factory.matcher(Files.readString(f));
                    String name = f.getFileName().toString().replace(".java", "");
                    return m.find() && m.group(1).equals(name) ? name : null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(n -> n != null).sorted().toList();
        }
        assertTrue(savable.contains("KMeans") && savable.contains("VotingClassifier") && savable.contains("StandardizedEstimator"),
                "the scan finds the estimators: " + savable);
        for (String name : savable) assertTrue(EstimatorTree.registry().has(name), name + " is not registered");
    }
}
