package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CSVLoggerTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        var m = new Sequential(new Dense(3)).seed(1);
        m.compile(new Adam(0.05), new SparseCategoricalCrossentropy(true), "accuracy");
        return m;
    }

    @Test
    void writesAHeaderAndOneFullPrecisionRowPerEpoch() throws IOException {
        Tensor[] d = Fixtures.blobs(1, 60);
        Path csv = dir.resolve("logs/train.csv");
        History h = model().fit(d[0], d[1], Fit.epochs(3).batchSize(16).validationSplit(0.2).silent()
                .callbacks(new CSVLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr", lines.get(0));
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(String.valueOf(e + 1), cells[0]);
            assertEquals(h.get("loss")[e], Double.parseDouble(cells[1]), 0.0);
            assertEquals(h.get("val_accuracy")[e], Double.parseDouble(cells[4]), 0.0);
            assertEquals(0.05, Double.parseDouble(cells[5]), 0.0);
        }
    }

    @Test
    void eachRowIsOnDiskWhenItsEpochEnds() throws IOException {
        Tensor[] d = Fixtures.blobs(2, 40);
        Path csv = dir.resolve("live.csv");
        int[] rowsSeen = new int[3];
        Callback reader = new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                try {
                    rowsSeen[epoch] = Files.readAllLines(csv).size() - 1;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        model().fit(d[0], d[1], Fit.epochs(3).silent().callbacks(new CSVLogger(csv), reader));
        assertEquals(List.of(1, 2, 3), List.of(rowsSeen[0], rowsSeen[1], rowsSeen[2]));
    }

    @Test
    void appendAddsRowsWithoutASecondHeaderAndReplaceStartsOver() throws IOException {
        Tensor[] d = Fixtures.blobs(3, 40);
        Path csv = dir.resolve("run.csv");
        Sequential m = model();
        m.fit(d[0], d[1], Fit.epochs(2).silent().callbacks(new CSVLogger(csv)));
        m.fit(d[0], d[1], Fit.epochs(4).resume().silent().callbacks(new CSVLogger(csv).append(true)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of("epoch", "1", "2", "3", "4"), lines.stream().map(l -> l.split(",")[0]).toList());

        model().fit(d[0], d[1], Fit.epochs(1).silent().callbacks(new CSVLogger(csv).separator(';')));
        lines = Files.readAllLines(csv);
        assertEquals(2, lines.size());
        assertEquals("epoch;loss;accuracy;lr", lines.get(0));
    }
}
