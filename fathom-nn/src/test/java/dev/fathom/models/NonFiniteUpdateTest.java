package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A step that would make a weight NaN or infinite is refused before it is written, and named. */
class NonFiniteUpdateTest {

    private static Tensor[] regression(int n) {
        Generator g = new Generator(4);
        float[] x = new float[n * 4];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) g.nextNormal();
            y[i] = 10 * x[i * 4] - 20 * x[i * 4 + 1];
        }
        return new Tensor[] {Tensor.of(x, n, 4), Tensor.of(y, n, 1)};
    }

    private static Sequential model(double lr) {
        var m = new Sequential(new Dense(8, "relu"), new Dense(1)).seed(3);
        m.compile(new SGD(lr), new MeanSquaredError());
        m.build(4);
        return m;
    }

    @Test
    void sgdAtLearningRate1e38IsRefusedBeforeItReachesTheWeights() {
        Tensor[] d = regression(32);
        Sequential m = model(1e38);
        Fixtures.capture(m);
        List<Tensor> before = m.copyWeights();
        var e = assertThrows(ArithmeticException.class, () -> m.fit(d[0], d[1], Fit.epochs(3).batchSize(8).silent()));
        assertEquals("fit: a non-finite update (the loss 737.3 and the gradients were finite) at epoch 1, batch 1/4:"
                + " SGD at learning rate 1e+38 would make weight 'kernel' of layer 0 'dense' (Dense) non-finite; the step"
                + " was refused and the weights are unchanged; lower the learning rate (optimizer.learningRate(rate)),"
                + " scale the inputs, or clip gradients (optimizer.clipNorm(1.0)); add new TerminateOnNaN() to stop"
                + " training instead of throwing", e.getMessage());
        List<Tensor> after = m.copyWeights();
        for (int i = 0; i < before.size(); i++) {
            assertTrue(after.get(i).allFinite());
            assertArrayEquals(before.get(i).toFloatArray(), after.get(i).toFloatArray(), 0f, "no weight was changed");
        }
        assertEquals(0, m.optimizer().iterations(), "the refused step is not counted");
    }

    @Test
    void terminateOnNaNReportsTheRefusedUpdate() {
        Tensor[] d = regression(32);
        Sequential m = model(1e38);
        Fixtures.capture(m);
        var guard = new TerminateOnNaN();
        m.fit(d[0], d[1], Fit.epochs(3).batchSize(8).silent().callbacks(guard));
        NonFiniteReport r = guard.report().orElseThrow();
        assertEquals(NonFiniteReport.Kind.UPDATE, r.kind(), r.message());
        assertEquals(0, r.layerIndex());
        for (var w : m.weights()) assertTrue(w.value().allFinite(), "weight " + w.name() + " stays finite");
    }
}
