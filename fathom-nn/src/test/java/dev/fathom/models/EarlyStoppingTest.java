package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    /** Plays a fixed series of monitored values, one per epoch, and remembers each epoch's weights. */
    private static final class Script implements Callback {
        final double[] values;
        final List<List<Tensor>> weights = new ArrayList<>();

        Script(double... values) {
            this.values = values;
        }

        Map<String, Double> logs(int epoch) {
            return Map.of("loss", 1.0, "val_loss", values[epoch], "val_accuracy", -values[epoch]);
        }
    }

    private static Sequential model() {
        var m = new Sequential(new Dense(3)).seed(1);
        m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        m.build(2);
        Fixtures.capture(m);
        return m;
    }

    /** Drives the callback by hand, changing the weights every epoch as training would. */
    private static int run(EarlyStopping stop, Sequential m, Script s) {
        stop.onTrainBegin(m);
        int epochs = 0;
        for (int epoch = 0; epoch < s.values.length; epoch++) {
            var kernel = Fixtures.dense(m, 0).weights().get(0).value();
            try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
                kernel.assign(Tensor.full(epoch, kernel.shape()));
            }
            s.weights.add(m.copyWeights());
            epochs++;
            stop.onEpochEnd(m, epoch, s.logs(epoch));
            if (stop.stoppedEpoch() >= 0) break;
        }
        stop.onTrainEnd(m);
        return epochs;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
        Sequential m = model();
        var out = Fixtures.capture(m);
        var stop = new EarlyStopping("val_loss", 2, true);
        // best at epoch 1 (0.5); epochs 2 and 3 do not improve: stop at epoch 3
        int ran = run(stop, m, new Script(1.0, 0.5, 0.6, 0.55, 0.1, 0.1));
        assertEquals(4, ran);
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(1, stop.bestEpoch());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, Fixtures.dense(m, 0).weights().get(0).value().toFloatArray(), 0f,
                "the weights of epoch 1 are back");
        String printed = out.toString();
        assertTrue(printed.contains("Epoch 4: early stopping"), printed);
        assertTrue(printed.contains("Restoring model weights from the end of the best epoch: 2"), printed);
    }

    @Test
    void minDeltaIgnoresTinyImprovementsAndModeFollowsTheName() {
        Sequential m = model();
        var stop = new EarlyStopping("val_loss", 1, false).minDelta(0.05);
        assertEquals(2, run(stop, m, new Script(1.0, 0.99, 0.5)), "0.99 is no improvement on 1.0 with minDelta 0.05");

        var accuracy = new EarlyStopping("val_accuracy", 1, false); // higher is better: -values rising means values falling
        assertEquals(4, run(accuracy, model(), new Script(1.0, 0.5, 0.4, 0.6, 0.1)));
        assertEquals(2, accuracy.bestEpoch());
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
        var stop = new EarlyStopping("val_loss", 0, false);
        assertEquals(3, run(stop, model(), new Script(3, 2, 2.5, 1)));
        assertEquals(2, stop.stoppedEpoch());
    }

    @Test
    void stopsARealFitAndKeepsTheBestEpochsWeights() {
        Tensor[] d = Fixtures.blobs(1, 120);
        Sequential m = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(2);
        m.compile(new Adam(0.05), new SparseCategoricalCrossentropy(true));
        var out = Fixtures.capture(m);
        List<List<Tensor>> perEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                perEpoch.add(model.copyWeights());
            }
        };
        // Validating against wrong labels: the better the model learns, the worse val_loss gets.
        var stop = new EarlyStopping("val_loss", 2, true);
        History h = m.fit(d[0], d[1], Fit.epochs(30).batchSize(16).silent()
                .validationData(d[0], Fixtures.wrongLabels(d[1], 3)).callbacks(recorder, stop));
        int best = stop.bestEpoch();
        assertEquals(best + 3, h.epochs(), "stops two epochs after the best one: " + h);
        double[] val = h.get("val_loss");
        for (int i = 0; i < val.length; i++) assertTrue(val[best] <= val[i], h.toString());
        List<Tensor> now = m.copyWeights();
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(perEpoch.get(best).get(i).toFloatArray(), now.get(i).toFloatArray(), 0f);
        }
        assertTrue(out.toString().contains("best epoch: " + (best + 1)), out.toString());
    }

    @Test
    void aMissingMonitorSaysWhatTheLogsHold() {
        Tensor[] d = Fixtures.blobs(1, 30);
        Sequential m = new Sequential(new Dense(3)).seed(2);
        m.compile(new Adam(0.05), new SparseCategoricalCrossentropy(true));
        var e = assertThrows(IllegalStateException.class, () -> m.fit(d[0], d[1],
                Fit.epochs(2).silent().callbacks(new EarlyStopping("val_loss", 1, false))));
        assertTrue(e.getMessage().contains("'val_loss'") && e.getMessage().contains("[loss, lr]")
                && e.getMessage().contains("validationSplit"), e.getMessage());
    }
}
