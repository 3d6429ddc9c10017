package dev.fathom.layers;

import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: recurrent models learn a task that needs memory across the sequence ("is the first
 * value larger than the last?", which a model that forgets the first step answers at chance), and
 * save and load through Model.save / Model.load.
 */
class RecurrentTrainingTest {
    private static final int TIME = 10;

    @TempDir
    Path dir;

    /** {@code [x, y]}: n sequences of TIME uniform values, label 1 when the first is larger than the last. */
    private static Tensor[] firstVersusLast(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n * TIME];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < TIME; t++) x[i * TIME + t] = (float) (2 * g.nextDouble() - 1);
            y[i] = x[i * TIME] > x[i * TIME + TIME - 1] ? 1 : 0;
        }
        return new Tensor[] {Tensor.of(x, n, TIME, 1), Tensor.of(y, n)};
    }

    private static double trainedAccuracy(Supplier<Layer> recurrent) {
        Tensor[] train = firstVersusLast(1, 768);
        Tensor[] test = firstVersusLast(2, 256);
        Sequential m = new Sequential(recurrent.get(), new Dense(2));
        m.seed(3).compile(new Adam(0.02), new SparseCategoricalCrossentropy(true), "accuracy");
        m.fit(train[0], train[1], Fit.epochs(25).batchSize(32).seed(4).silent());
        return m.evaluate(test[0], test[1]).get("accuracy");
    }

    @Test
    void lstmAndGruLearnToCompareTheFirstAndLastSteps() {
        for (var c : List.<Supplier<Layer>>of(() -> new LSTM(8), () -> new GRU(8), () -> new Bidirectional(new GRU(8)))) {
            String what = c.get().typeName();
            double accuracy = trainedAccuracy(c);
            assertTrue(accuracy >= 0.95, what + " reached test accuracy " + accuracy + " only");
        }
    }

    @Test
    void simpleRnnLearnsItLessWell() {
        // A plain RNN's gradient through 10 steps fades, which is what gates fix; it still beats chance (0.5) clearly.
        double accuracy = trainedAccuracy(() -> new SimpleRNN(8));
        assertTrue(accuracy >= 0.7, "SimpleRNN reached test accuracy " + accuracy + " only");
    }

    @Test
    void stackedAndBidirectionalModelsSaveAndLoad() {
        Tensor[] d = firstVersusLast(5, 64);
        Sequential m = new Sequential(
                new Bidirectional(new LSTM(4).returnSequences(true), "concat"),
                new GRU(3).returnSequences(true).goBackwards(true),
                new SimpleRNN(5).activation("relu"),
                new Dense(2));
        m.seed(6).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).seed(1).silent());
        assertArrayEquals(new int[] {TIME, 8}, m.layers().get(0).outputShape());
        Path p = dir.resolve("rnn.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertEquals(m.parameterCount(), loaded.parameterCount());
        assertArrayEquals(m.predict(d[0]).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
        assertEquals(m.layers().get(0).config(), loaded.layers().get(0).config());
        assertEquals("backward.recurrentBias", loaded.layers().get(0).weights().get(7).name());
    }
}
