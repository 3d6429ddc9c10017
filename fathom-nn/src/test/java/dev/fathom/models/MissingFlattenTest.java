package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Rescaling;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Dense on images keeps their axes (it acts on the last one); when the targets lack them, the fix is Flatten. */
class MissingFlattenTest {
    private static final Generator G = new Generator(5);

    private static Tensor labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return Tensor.of(y, n);
    }

    @Test
    void denseOnImagesSaysAddFlattenBeforeTheFirstDense() {
        var m = new Sequential(new Dense(128, "relu"), new Dense(10));
        m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
        var e = assertThrows(ShapeException.class, () -> m.fit(Tensor.rand(G, 8, 28, 28), labels(8), Fit.epochs(1).silent()));
        assertEquals("SparseCategoricalCrossentropy: the model outputs [batch, 28, 10] but the targets are [batch]: Dense"
                + " layer 0 'dense' gets samples of shape [28, 28] and, like Keras' Dense, acts on their last axis only, so"
                + " the other axes reach the output; add Flatten before the first Dense (new Flatten() as layer 0) to give"
                + " it [batch, 784]", e.getMessage());
    }

    @Test
    void theFirstDenseIsNamedWhereverItSits() {
        var m = new Sequential(new Rescaling(1 / 255.0), new Dense(32, "relu"), new Dense(10));
        m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        var e = assertThrows(ShapeException.class, () -> m.fit(Tensor.rand(G, 4, 6, 5), labels(4), Fit.epochs(1).silent()));
        assertEquals("SparseCategoricalCrossentropy: the model outputs [batch, 6, 10] but the targets are [batch]: Dense"
                + " layer 1 'dense' gets samples of shape [6, 5] and, like Keras' Dense, acts on their last axis only, so"
                + " the other axes reach the output; add Flatten before the first Dense (new Flatten() as layer 1) to give"
                + " it [batch, 30]", e.getMessage());
    }

    @Test
    void withFlattenItTrains() {
        var m = new Sequential(new Flatten(), new Dense(16, "relu"), new Dense(10));
        m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        assertDoesNotThrow(() -> m.fit(Tensor.rand(G, 8, 28, 28), labels(8), Fit.epochs(1).silent()));
    }

    @Test
    void denseOnEachStepWithPerStepTargetsIsLegal() {
        var m = new Sequential(new Dense(8, "relu"), new Dense(1));
        m.compile(new Adam(1e-3), new MeanSquaredError());
        assertDoesNotThrow(() -> m.fit(Tensor.rand(G, 8, 5, 3), Tensor.rand(G, 8, 5, 1), Fit.epochs(1).silent()));
    }

    @Test
    void targetsThatFitNoOutputKeepTheLossMessage() {
        var m = new Sequential(new Dense(10));
        m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        var e = assertThrows(ShapeException.class,
                () -> m.fit(Tensor.rand(G, 4, 5, 3), Tensor.rand(G, 4, 7), Fit.epochs(1).silent()));
        assertEquals("SparseCategoricalCrossentropy: targets [batch, 7] do not fit predictions [batch, 5, 10]:"
                + " SparseCategoricalCrossentropy takes one class index per sample, shape [batch, 5] or [batch, 5, 1]",
                e.getMessage());
    }
}
