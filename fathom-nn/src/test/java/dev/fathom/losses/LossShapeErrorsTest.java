package dev.fathom.losses;

import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messages users see when targets or outputs do not fit a loss: the loss, both shapes, the fix. */
class LossShapeErrorsTest {

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    @Test
    void sparseGivenOneHotTargets() {
        String m = message(() -> new SparseCategoricalCrossentropy(true).checkShapes(new int[] {10}, new int[] {10}));
        assertContains(m, "SparseCategoricalCrossentropy: ", "targets look one-hot ([batch, 10]); use CategoricalCrossentropy,"
                + " or pass class indices [batch]", "predictions are [batch, 10]");
    }

    @Test
    void sparseGivenTargetsOfAnotherWidth() {
        String m = message(() -> new SparseCategoricalCrossentropy(true).checkShapes(new int[] {10}, new int[] {5}));
        assertContains(m, "targets [batch, 5] do not fit predictions [batch, 10]", "one class index per sample, shape [batch]"
                + " or [batch, 1]");
    }

    @Test
    void sparseAcceptsIndicesWithOrWithoutAUnitAxis() {
        Loss loss = new SparseCategoricalCrossentropy(true);
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {10}, new int[] {}));
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {10}, new int[] {1}));
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {4, 4, 3}, new int[] {4, 4}));
    }

    @Test
    void categoricalGivenClassIndices() {
        for (int[] targets : List.of(new int[] {}, new int[] {1})) {
            String m = message(() -> new CategoricalCrossentropy(true).checkShapes(new int[] {10}, targets));
            assertContains(m, "CategoricalCrossentropy: targets look like class indices", "use SparseCategoricalCrossentropy",
                    "one-hot encode the targets to [batch, 10]");
        }
    }

    @Test
    void categoricalGivenAnotherNumberOfClasses() {
        String m = message(() -> new CategoricalCrossentropy().checkShapes(new int[] {10}, new int[] {3}));
        assertContains(m, "targets have 3 classes ([batch, 3]) but the model outputs 10 units ([batch, 10])", "Dense(3)");
    }

    @Test
    void binaryCrossentropyWithTenOutputs() {
        String m = message(() -> new BinaryCrossentropy(true).checkShapes(new int[] {10}, new int[] {}));
        assertContains(m, "BinaryCrossentropy: the model outputs 10 units per sample ([batch, 10]) but the targets are one"
                + " label per sample ([batch])", "Dense(1, \"sigmoid\")", "SparseCategoricalCrossentropy");
    }

    @Test
    void binaryCrossentropyWithOneOutputAndManyLabels() {
        String m = message(() -> new BinaryCrossentropy().checkShapes(new int[] {1}, new int[] {5}));
        assertContains(m, "targets have 5 labels per sample ([batch, 5]) but the model outputs one unit ([batch, 1])",
                "Dense(5)", "CategoricalCrossentropy");
    }

    @Test
    void binaryCrossentropyAcceptsMultiLabelAndColumnShapes() {
        Loss loss = new BinaryCrossentropy(true);
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {10}, new int[] {10}));
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {1}, new int[] {}));
        assertDoesNotThrow(() -> loss.checkShapes(new int[] {}, new int[] {1}));
    }

    @Test
    void regressionWithTheWrongNumberOfOutputs() {
        String m = message(() -> new MeanSquaredError().checkShapes(new int[] {3}, new int[] {1}));
        assertContains(m, "MeanSquaredError: predictions [batch, 3] and targets [batch, 1] differ in the last axis",
                "make the last layer Dense(1)", "targets of shape [batch, 3]");
        String other = message(() -> new Huber().checkShapes(new int[] {28, 28}, new int[] {10}));
        assertContains(other, "Huber: predictions [batch, 28, 28] and targets [batch, 10] must have the same shape");
    }

    @Test
    void computeChecksBatchSizesAndShapes() {
        Tensor logits = Tensor.zeros(4, 10);
        String m = message(() -> new SparseCategoricalCrossentropy(true).compute(logits, Tensor.of(new int[] {1, 2, 3})));
        assertContains(m, "SparseCategoricalCrossentropy: predictions hold 4 samples [4, 10] but targets hold 3 [3]");
        ShapeException e = assertThrows(ShapeException.class,
                () -> new SparseCategoricalCrossentropy(true).compute(logits, Tensor.zeros(4, 10)));
        assertEquals("SparseCategoricalCrossentropy", e.op());
        assertContains(message(() -> new MeanSquaredError().compute(Tensor.scalar(1), Tensor.scalar(2))),
                "predictions must have a batch axis");
    }

    @Test
    void classIndexOutOfRange() {
        String m = message(() -> new SparseCategoricalCrossentropy(true).compute(Tensor.zeros(2, 10), Tensor.of(new int[] {3, 10})));
        assertContains(m, "SparseCategoricalCrossentropy: a target class index is out of range for 10 output units (valid: 0 to 9)");
    }

    @Test
    void outputChecksAtCompileTime() {
        assertContains(message(() -> new SparseCategoricalCrossentropy(true).checkOutput(new int[] {10}, "softmax")),
                "SparseCategoricalCrossentropy: expects raw logits (fromLogits=true) but the last layer applies softmax",
                "Dense(10)", "new SparseCategoricalCrossentropy(false)");
        assertContains(message(() -> new CategoricalCrossentropy(false).checkOutput(new int[] {10}, "linear")),
                "expects probabilities that sum to 1 (fromLogits=false) but the last layer's activation is 'linear'",
                "Dense(10, \"softmax\")");
        assertContains(message(() -> new SparseCategoricalCrossentropy(true).checkOutput(new int[] {1}, "linear")),
                "outputs 1 unit per sample ([batch, 1])", "at least 2", "BinaryCrossentropy");
        assertContains(message(() -> new SparseCategoricalCrossentropy(true).checkOutput(new int[] {}, null)),
                "[batch, classes]");
        assertContains(message(() -> new BinaryCrossentropy(true).checkOutput(new int[] {1}, "sigmoid")),
                "BinaryCrossentropy: expects raw logits (fromLogits=true) but the last layer applies sigmoid");
        assertContains(message(() -> new BinaryCrossentropy(false).checkOutput(new int[] {1}, "relu")),
                "expects probabilities in [0, 1]", "'relu'", "Dense(1, \"sigmoid\")");

        assertDoesNotThrow(() -> new SparseCategoricalCrossentropy(true).checkOutput(new int[] {10}, "linear"));
        assertDoesNotThrow(() -> new SparseCategoricalCrossentropy(false).checkOutput(new int[] {10}, "softmax"));
        assertDoesNotThrow(() -> new SparseCategoricalCrossentropy(true).checkOutput(new int[] {10}, null));
        assertDoesNotThrow(() -> new BinaryCrossentropy(false).checkOutput(new int[] {1}, "sigmoid"));
        assertDoesNotThrow(() -> new MeanSquaredError().checkOutput(new int[] {1}, "linear"));
    }

    @Test
    void configRoundTripsAndKerasNames() {
        List<Loss> losses = List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(0.3), new BinaryCrossentropy(true),
                new CategoricalCrossentropy(false), new SparseCategoricalCrossentropy(true));
        for (Loss loss : losses) {
            Loss copy = Loss.fromConfig(loss.name(), loss.config());
            assertEquals(loss.getClass(), copy.getClass());
            assertEquals(loss.config(), copy.config());
            assertEquals(loss.toString(), copy.toString());
        }
        assertEquals(0.3, new Huber(0.3).config().get("delta"));
        assertTrue(Loss.fromConfig("sparse_categorical_crossentropy", Map.of()) instanceof SparseCategoricalCrossentropy);
        assertTrue(Loss.fromConfig("mse", Map.of()) instanceof MeanSquaredError);
        assertContains(message(() -> Loss.fromConfig("crossentropy", Map.of())), "unknown loss 'crossentropy'");
        assertContains(message(() -> new Huber(0)), "Huber: delta must be > 0");
    }
}
