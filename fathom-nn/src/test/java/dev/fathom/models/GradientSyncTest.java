package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientSyncTest {
    private static Sequential mlp(double learningRate) {
        Sequential m = new Sequential(new Dense(8, "relu"), new Dense(3)).seed(5);
        m.build(2);
        m.compile(new SGD(learningRate), new SparseCategoricalCrossentropy(true));
        return m;
    }

    @Test
    void theSyncReplacesTheGradientBetweenBackwardAndTheStep() {
        Tensor[] d = Fixtures.blobs(1, 40);
        Sequential plain = mlp(0.2);
        plain.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(3).silent());
        // Doubling every gradient is exact in float, so SGD(0.1) on doubled gradients takes SGD(0.2)'s steps to the bit.
        Sequential doubled = mlp(0.1);
        doubled.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(3).silent().gradientSync((weights, n, epoch, batch) -> {
            for (Tensor w : weights) w.grad().assign(w.grad().mul(2.0));
        }));
        Fixtures.assertSameWeights(plain, doubled);
    }

    @Test
    void theSyncSeesEveryStepWithItsBatchSizeAndPosition() {
        Tensor[] d = Fixtures.blobs(2, 40);
        Sequential m = mlp(0.1);
        List<String> calls = new ArrayList<>();
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).silent().gradientSync((weights, n, epoch, batch) -> {
            assertEquals(m.trainableWeights(), weights);
            assertFalse(GradMode.isEnabled(), "the sync runs outside gradient recording, so it may assign in place");
            calls.add(epoch + ":" + batch + ":" + n);
        }));
        assertEquals(List.of("0:0:16", "0:1:16", "0:2:8", "1:0:16", "1:1:16", "1:2:8"), calls);
    }

    @Test
    void zeroedGradientsLeaveTheWeightsAndAThrowingSyncEndsTheFit() {
        Tensor[] d = Fixtures.blobs(3, 32);
        Sequential m = mlp(0.5);
        Sequential untouched = mlp(0.5);
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(8).silent().gradientSync((weights, n, epoch, batch) -> {
            for (Tensor w : weights) w.grad().assign(Tensor.scalar(0f));
        }));
        Fixtures.assertSameWeights(untouched, m);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(d[0], d[1], Fit.epochs(1).silent()
                .gradientSync((weights, n, epoch, batch) -> {
                    throw new IllegalStateException("replica lost");
                })));
        assertTrue(e.getMessage().contains("replica lost"), e.getMessage());
    }
}
