package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Fit.augment transforms training batches only, with seeds from (fit seed, epoch, batch). */
class AugmentTest {
    private static Model model() {
        return new Sequential(new Dense(1)).seed(4).output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .build(3).compile(new Adam(0.05), new MeanSquaredError());
    }

    @Test
    void trainingOnTransformedBatchesEqualsTrainingOnTransformedData() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, 40, 3);
        Tensor y = Tensor.randn(g, 40, 1);
        Model augmented = model();
        List<Long> seeds = new ArrayList<>();
        History h = augmented.fit(x, y, Fit.epochs(2).batchSize(10).seed(9).validationData(x, y).silent().augment((batch, seed) -> {
            seeds.add(seed);
            return batch.neg();
        }));
        Model plain = model();
        History p = plain.fit(x.neg(), y, Fit.epochs(2).batchSize(10).seed(9).validationData(x, y).silent());
        assertArrayEquals(plain.weights().get(0).value().toFloatArray(), augmented.weights().get(0).value().toFloatArray(), 0f);
        assertArrayEquals(p.get("val_loss"), h.get("val_loss"), 0, "validation data is not transformed");
        assertEquals(8, seeds.size(), "one call per training batch");
        assertEquals(8, seeds.stream().distinct().count(), "a different seed for every batch");
        List<Long> again = new ArrayList<>();
        model().fit(x, y, Fit.epochs(2).batchSize(10).seed(9).silent().augment((batch, seed) -> {
            again.add(seed);
            return batch;
        }));
        assertEquals(seeds, again, "the same fit seed gives the same batch seeds");
        assertNotEquals(seeds.get(0), seeds.get(4), "epochs differ");
    }
}
