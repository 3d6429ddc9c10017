package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReduceLROnPlateauTest {

    private static Sequential model(double lr) {
        var m = new Sequential(new Dense(3)).seed(1);
        m.compile(new SGD(lr), new SparseCategoricalCrossentropy(true));
        m.build(2);
        return m;
    }

    private static double[] rates(ReduceLROnPlateau cb, Sequential m, double... valLoss) {
        double[] lr = new double[valLoss.length];
        cb.onTrainBegin(m);
        for (int e = 0; e < valLoss.length; e++) {
            cb.onEpochEnd(m, e, Map.of("val_loss", valLoss[e]));
            lr[e] = m.optimizer().learningRate();
        }
        return lr;
    }

    @Test
    void lowersTheRateAfterPatienceEpochsAndPrintsIt() {
        Sequential m = model(0.1);
        var out = Fixtures.capture(m);
        var cb = new ReduceLROnPlateau("val_loss").factor(0.5).patience(2);
        double[] lr = rates(cb, m, 1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.5);
        // epochs 2, 3 without improvement -> halve after epoch 3; epochs 4, 5 again -> halve after epoch 5
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025}, lr, 1e-15);
        assertEquals(2, cb.reductions());
        assertTrue(out.toString().contains("Epoch 4: ReduceLROnPlateau") && out.toString().contains("0.1 -> 0.05"), out.toString());
    }

    @Test
    void respectsMinLrCooldownAndMinDelta() {
        Sequential m = model(0.1);
        Fixtures.capture(m);
        var floor = new ReduceLROnPlateau("val_loss").factor(0.1).patience(1).minLr(0.005);
        assertArrayEquals(new double[] {0.1, 0.01, 0.005, 0.005}, rates(floor, m, 1, 1, 1, 1), 1e-15);

        Sequential c = model(0.1);
        Fixtures.capture(c);
        var cooled = new ReduceLROnPlateau("val_loss").factor(0.5).patience(1).cooldown(2);
        // as Keras: reduce after epoch 1; the cooldown counts down over epochs 2 and 3, and epoch 3 already counts again
        assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125}, rates(cooled, c, 1, 1, 1, 1, 1, 1, 1), 1e-15);

        Sequential d = model(0.1);
        Fixtures.capture(d);
        var delta = new ReduceLROnPlateau("val_loss").factor(0.5).patience(1).minDelta(0.1);
        assertArrayEquals(new double[] {0.1, 0.05}, rates(delta, d, 1.0, 0.95), 1e-15, "0.95 is within minDelta of 1.0");

        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss").factor(1.5));
    }

    @Test
    void historyRecordsTheLoweredRateInARealFit() {
        Tensor[] data = Fixtures.blobs(2, 90);
        var m = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(3);
        m.compile(new SGD(0.2), new SparseCategoricalCrossentropy(true));
        Fixtures.capture(m);
        // Wrong validation labels: val_loss never improves for long, so the rate must come down.
        History h = m.fit(data[0], data[1], Fit.epochs(8).batchSize(16).silent()
                .validationData(data[0], Fixtures.wrongLabels(data[1], 3))
                .callbacks(new ReduceLROnPlateau("val_loss").factor(0.5).patience(1)));
        double[] lr = h.get("lr");
        assertEquals(0.2, lr[0], 0.0);
        assertTrue(lr[lr.length - 1] < 0.2, h.toString());
        for (int i = 1; i < lr.length; i++) assertTrue(lr[i] <= lr[i - 1], h.toString());
        assertTrue(m.optimizer().learningRate() <= lr[lr.length - 1], "the optimizer keeps the lowered rate");
    }
}
