package dev.fathom.losses;

import dev.fathom.layers.Dense;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BinaryCrossentropy takes targets in [0, 1] only; class labels 0 to 9 are refused with the loss that fits them. */
class BinaryCrossentropyTargetsTest {

    @Test
    void fitWithClassLabelsZeroToNineIsRefusedNamingTheValues() {
        Generator g = new Generator(1);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        var m = new Sequential(new Dense(8, "relu"), new Dense(1, "sigmoid")).seed(1);
        m.compile(new Adam(1e-3), new BinaryCrossentropy(), "accuracy");
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Tensor.rand(g, 64, 4), Tensor.of(labels, 64), Fit.epochs(1).silent()));
        assertEquals("BinaryCrossentropy: targets must be 0 or 1 (or a probability in between) but hold 2, 3, 4, 5, 6"
                + " and 3 more (values from 0 to 9); these look like class labels 0 to 9: use"
                + " SparseCategoricalCrossentropy(true) with Dense(10) as the last layer", e.getMessage());
    }

    @Test
    void numericTargetsOutsideTheRangeAreToldToScaleOrRegress() {
        var loss = new BinaryCrossentropy(true);
        var e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(Tensor.of(new float[] {0, 0, 0}, 3, 1), Tensor.of(new float[] {0.5f, -0.25f, 1.1049238f}, 3, 1)));
        assertEquals("BinaryCrossentropy: targets must be 0 or 1 (or a probability in between) but hold -0.25, 1.105"
                + " (values from -0.25 to 1.105); scale the targets into [0, 1], or, for a numeric target, use"
                + " MeanSquaredError", e.getMessage());
    }

    @Test
    void labelsAndSoftLabelsInTheRangePass() {
        var loss = new BinaryCrossentropy(true);
        assertDoesNotThrow(() -> loss.compute(Tensor.of(new float[] {0, 0}, 2, 1), Tensor.of(new int[] {0, 1}, 2)));
        assertDoesNotThrow(() -> loss.compute(Tensor.of(new float[] {0, 0}, 2, 1), Tensor.of(new float[] {0.2f, 1}, 2, 1)));
    }
}
