package dev.fathom.models;

import dev.fathom.data.batch.RowFileSource;
import dev.fathom.data.batch.RowFileWriter;
import dev.fathom.data.batch.TensorSource;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Model.fit} and {@code evaluate} from batch sources: in memory, and streamed from disk. */
class BatchSourceFitTest {
    @TempDir
    Path dir;

    private static Sequential mlp(long seed) {
        Sequential model = new Sequential(new Dense(16, "relu"), new Dense(3));
        model.seed(seed);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        return model;
    }

    @Test
    void fittingFromATensorSourceEqualsFittingFromTheTensors() {
        Tensor[] d = Fixtures.blobs(4, 200);
        Fit options = Fit.epochs(3).batchSize(16).validationSplit(0.2).seed(11).silent();
        Sequential a = mlp(1);
        History ha = a.fit(d[0], d[1], options);
        Sequential b = mlp(1);
        History hb = b.fit(TensorSource.of(d[0], d[1]), options);
        Fixtures.assertSameWeights(a, b);
        assertEquals(ha.epoch(2), hb.epoch(2));
        assertEquals(a.evaluate(d[0], d[1]), b.evaluate(TensorSource.of(d[0], d[1])));
    }

    @Test
    void fittingFromARowFileInOrderEqualsFittingFromTheTensors() {
        Tensor[] d = Fixtures.blobs(5, 150);
        Path file = RowFileWriter.write(dir.resolve("blobs.rows"), d[0], d[1]);
        Fit options = Fit.epochs(2).batchSize(10).shuffle(false).silent();
        Sequential a = mlp(2);
        a.fit(d[0], d[1], options);
        Sequential b = mlp(2);
        try (RowFileSource source = RowFileSource.open(file).chunkBytes(64).bufferBytes(200)) {
            b.fit(source, options);
            Fixtures.assertSameWeights(a, b);
            Map<String, Double> fromFile = b.evaluate(source);
            assertEquals(a.evaluate(d[0], d[1]), fromFile);
        }
    }

    /**
     * A file 50 times larger than the memory the source may use trains to high accuracy, with
     * validation from a second file, and the same seed gives the same weights.
     */
    @Test
    void trainsFromAFileLargerThanItsMemoryBudget() throws IOException {
        Tensor[] train = Fixtures.blobs(6, 12_000);
        Tensor[] val = Fixtures.blobs(7, 600);
        Path trainFile = RowFileWriter.write(dir.resolve("train.rows"), train[0], train[1]);
        Path valFile = RowFileWriter.write(dir.resolve("val.rows"), val[0], val[1]);
        long budget = 2_400;   // 200 rows of 12 bytes
        assertTrue(Files.size(trainFile) > 50 * budget, "the file is far larger than the budget");
        Sequential[] models = new Sequential[2];
        for (int run = 0; run < 2; run++) {
            try (RowFileSource data = RowFileSource.open(trainFile).chunkBytes(600).bufferBytes(budget);
                 RowFileSource held = RowFileSource.open(valFile).bufferBytes(budget)) {
                assertTrue(data.bufferedBytes() <= budget);
                models[run] = mlp(3);
                var out = Fixtures.capture(models[run]);
                History h = models[run].fit(data, Fit.epochs(2).batchSize(64).seed(5).validationData(held)
                        .verbosity(Fit.Verbosity.LINES));
                assertTrue(h.last("val_accuracy") > 0.95, h.toString());
                assertTrue(h.get("loss")[1] < h.get("loss")[0], h.toString());
                assertTrue(out.toString().contains("Epoch 2/2 - 188/188"), out.toString());
            }
        }
        Fixtures.assertSameWeights(models[0], models[1]);
    }

    @Test
    void aSourceOfTheWrongShapeIsNamedWithTheFix() {
        Sequential model = mlp(1).build(3);
        var e = assertThrows(ShapeException.class,
                () -> model.fit(TensorSource.of(Tensor.zeros(8, 2), Tensor.zeros(8)), Fit.epochs(1).silent()));
        assertTrue(e.getMessage().contains("fit: TensorSource(8 samples, inputs [2], targets []) has samples of shape [2]"
                + " but the model was built for [batch, 3]; pass data of that shape"), e.getMessage());
        var state = assertThrows(IllegalStateException.class,
                () -> new Sequential(new Dense(1)).fit(TensorSource.of(Tensor.zeros(2, 1), Tensor.zeros(2)), Fit.epochs(1)));
        assertTrue(state.getMessage().contains("compile the model first"), state.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> mlp(1).fit(TensorSource.of(Tensor.zeros(4, 3), Tensor.zeros(4)), Fit.epochs(1).validationSplit(0.01).silent()));
        assertTrue(bad.getMessage().contains("leaves 4 for training and 0 for validation"), bad.getMessage());
        assertArrayEquals(new int[] {3}, model.outputShape());
    }
}
