package dev.fathom.optimizers;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A step whose update would make a parameter non-finite changes nothing: parameters, state, iterations. */
class NonFiniteStepTest {

    private static Tensor param(float... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    /**
     * One good step (so state exists), then one at rate {@code lr} where b's update overflows float32
     * and a's, whose gradient is {@code aGradient}, does not (normalizing optimizers move a by about
     * the rate whatever its gradient, so they get 0 there).
     */
    private static void refusedWhole(Optimizer opt, double lr, float aGradient, float bStart) {
        Tensor a = param(1, 2);
        Tensor b = param(bStart, bStart);
        a.accumulateGrad(Tensor.of(new float[] {aGradient, aGradient}));
        b.accumulateGrad(Tensor.of(new float[] {0.5f, 0.5f}));
        opt.step(List.of(a, b));
        float[] a1 = a.toFloatArray();
        float[] b1 = b.toFloatArray();
        Map<String, Tensor> state = opt.stateDict(List.of(a, b));
        opt.zeroGrad(List.of(a, b));
        opt.learningRate(lr);
        a.accumulateGrad(Tensor.of(new float[] {aGradient, aGradient}));   // a's update stays finite
        b.accumulateGrad(Tensor.of(new float[] {10, -10}));          // b's overflows
        var e = assertThrows(NonFiniteUpdateException.class, () -> opt.step(List.of(a, b)));
        assertEquals(1, e.parameterIndex());
        assertArrayEquals(a1, a.toFloatArray(), 0f, "a step is applied whole or not at all");
        assertArrayEquals(b1, b.toFloatArray(), 0f);
        assertEquals(1, opt.iterations());
        Map<String, Tensor> after = opt.stateDict(List.of(a, b));
        assertEquals(state.keySet(), after.keySet());
        for (String k : state.keySet()) {
            assertArrayEquals(state.get(k).toFloatArray(), after.get(k).toFloatArray(), 0f, "state " + k + " unchanged");
        }
    }

    @Test
    void sgdWithMomentumRefusesTheWholeStep() {
        refusedWhole(new SGD(0.1, 0.9), 1e38, 1e-30f, 3);
    }

    @Test
    void adamAtAnAbsurdRateTakesTheCheckedPathAndRefuses() {
        refusedWhole(new Adam(0.1), 1e39, 0, 3);
        refusedWhole(new AdamW(0.1), 1e39, 0, 3);
        refusedWhole(new Adam(0.1, 0.9, 0.999, 1e-8, 0, true), 1e39, 0, 3);
    }

    @Test
    void rmspropAndAdagradRefuse() {
        refusedWhole(new RMSprop(0.1), 1e38, 0, 3);
        refusedWhole(new Adagrad(0.1), 1e38, 0, -3e38f);   // Adagrad moves by at most the rate
    }

    @Test
    void theMessageNamesTheStepRateParameterAndFix() {
        Tensor a = param(1, 2);
        a.accumulateGrad(Tensor.of(new float[] {10, 10}));
        var e = assertThrows(NonFiniteUpdateException.class, () -> new SGD(1e38).step(List.of(a)));
        assertEquals("SGD: step 1 at learning rate 1e+38 would make parameter 0 (shape [2]) non-finite; no parameter was"
                + " changed; lower the learning rate (optimizer.learningRate(rate)) or clip gradients"
                + " (optimizer.clipNorm(1.0))", e.getMessage());
        assertArrayEquals(new float[] {1, 2}, a.toFloatArray(), 0f);
    }

    @Test
    void aFirstStepRefusedLeavesNoState() {
        Tensor a = param(1, 2);
        a.accumulateGrad(Tensor.of(new float[] {10, 10}));
        Optimizer opt = new SGD(1e38, 0.9);
        assertThrows(NonFiniteUpdateException.class, () -> opt.step(List.of(a)));
        assertEquals(List.of("iterations"), List.copyOf(opt.stateDict(List.of(a)).keySet()));
        opt.learningRate(0.1);
        opt.step(List.of(a));   // the optimizer works on, from fresh state
        assertArrayEquals(new float[] {0, 1}, a.toFloatArray(), 1e-6f);
    }
}
