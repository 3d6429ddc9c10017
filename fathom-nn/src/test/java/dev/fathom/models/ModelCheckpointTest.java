package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        var m = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(4);
        m.compile(new Adam(0.05), new SparseCategoricalCrossentropy(true), "accuracy");
        return m;
    }

    @Test
    void saveBestOnlyKeepsTheBestEpochsModel() {
        Tensor[] d = Fixtures.blobs(1, 90);
        Tensor wrong = Fixtures.wrongLabels(d[1], 3);
        Sequential m = model();
        var out = Fixtures.capture(m);
        Path best = dir.resolve("best.fathom");
        List<Tensor> predictions = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                predictions.add(model.predict(d[0]));
            }
        };
        var checkpoint = new ModelCheckpoint(best).monitor("val_loss").saveBestOnly(true);
        History h = m.fit(d[0], d[1], Fit.epochs(6).batchSize(16).silent().validationData(d[0], wrong)
                .callbacks(recorder, checkpoint));
        double[] val = h.get("val_loss");
        int bestEpoch = 0;
        int improvements = 1;
        for (int e = 1; e < val.length; e++) {
            if (val[e] < val[bestEpoch]) {
                bestEpoch = e;
                improvements++;
            }
        }
        assertEquals(improvements, checkpoint.saves(), h.toString());
        assertTrue(checkpoint.saves() < 6, "val_loss on wrong labels must get worse at some point: " + h);
        Model loaded = Model.load(best);
        assertEquals(bestEpoch + 1, loaded.epochsCompleted());
        assertArrayEquals(predictions.get(bestEpoch).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
        assertTrue(out.toString().contains("val_loss improved from inf to " + Numbers.format(val[0]) + ", saving model to " + best),
                out.toString());
    }

    @Test
    void withoutSaveBestOnlyItSavesEveryEpochToTheTemplatedPath() throws Exception {
        Tensor[] d = Fixtures.blobs(2, 40);
        Sequential m = model();
        var checkpoint = new ModelCheckpoint(dir.resolve("epoch-{epoch}.fathom"));
        m.fit(d[0], d[1], Fit.epochs(3).silent().callbacks(checkpoint));
        assertEquals(3, checkpoint.saves());
        for (int e = 1; e <= 3; e++) {
            Path p = dir.resolve("epoch-" + e + ".fathom");
            assertTrue(Files.exists(p), p.toString());
            assertEquals(e, Model.load(p).epochsCompleted());
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files are left behind");
        }
    }
}
