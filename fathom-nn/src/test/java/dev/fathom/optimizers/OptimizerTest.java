package dev.fathom.optimizers;

import dev.fathom.autograd.GradMode;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimizer behaviour beyond the update formulas: skipping, state, configuration, errors, training. */
class OptimizerTest {

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    private static Tensor param(float... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    @Test
    void skipsParametersWithoutGradients() {
        Tensor a = param(1, 2);
        Tensor b = param(3, 4);
        a.accumulateGrad(Tensor.of(new float[] {1, 1}));
        Optimizer opt = new Adam(0.1);
        opt.step(List.of(a, b));
        assertArrayEquals(new float[] {3, 4}, b.toFloatArray());
        assertTrue(a.toFloatArray()[0] < 1);
        Map<String, Tensor> state = opt.stateDict(List.of(a, b));
        assertEquals(List.of("iterations", "0.step", "0.m", "0.v"), List.copyOf(state.keySet()));
        assertEquals(1, state.get("iterations").item());
    }

    @Test
    void zeroGradClearsGradients() {
        Tensor a = param(1, 2);
        a.accumulateGrad(Tensor.of(new float[] {1, 1}));
        new SGD(0.1).zeroGrad(List.of(a));
        assertNull(a.grad());
    }

    @Test
    void learningRateFollowsTheScheduleAndIterations() {
        Optimizer opt = new SGD(0.1).schedule(new StepDecay(2, 0.5));
        Tensor a = param(0);
        a.accumulateGrad(Tensor.of(new float[] {1}));
        double[] seen = new double[5];
        for (int k = 0; k < 5; k++) {
            assertEquals(k, opt.iterations());
            seen[k] = opt.learningRate();
            opt.step(List.of(a));
        }
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025}, seen, 1e-15);
        assertEquals(-(0.1 + 0.1 + 0.05 + 0.05 + 0.025), a.item(), 1e-6);
        assertEquals(0.1, opt.baseLearningRate());
        opt.learningRate(0.2);
        assertEquals(0.2 * 0.25, opt.learningRate(), 1e-15);
    }

    @Test
    void clipNormScalesAllGradientsTogether() {
        // Gradients (3, 4) and (12): global norm 13, clipped to 1.3: each scaled by 0.1 (less the 1e-6 guard).
        Tensor a = param(0, 0);
        Tensor b = param(0);
        a.accumulateGrad(Tensor.of(new float[] {3, 4}));
        b.accumulateGrad(Tensor.of(new float[] {12}));
        new SGD(1).clipNorm(1.3).step(List.of(a, b));
        assertArrayEquals(new float[] {-0.3f, -0.4f}, a.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-1.2f}, b.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3, 4}, a.grad().toFloatArray(), "the gradient itself is left alone");
    }

    @Test
    void clipValueLimitsEachElement() {
        Tensor a = param(0, 0, 0);
        a.accumulateGrad(Tensor.of(new float[] {-5, 0.2f, 7}));
        new SGD(1).clipValue(0.5).step(List.of(a));
        assertArrayEquals(new float[] {0.5f, -0.2f, -0.5f}, a.toFloatArray(), 1e-7f);
    }

    @Test
    void stateDictIsASnapshot() {
        Tensor a = param(1, 2);
        Optimizer opt = new SGD(0.1, 0.9);
        a.accumulateGrad(Tensor.of(new float[] {1, 1}));
        opt.step(List.of(a));
        Map<String, Tensor> state = opt.stateDict(List.of(a));
        opt.step(List.of(a));
        assertArrayEquals(new float[] {1, 1}, state.get("0.momentum").toFloatArray());
        assertEquals(1, state.get("0.step").item());
    }

    @Test
    void loadStateDictChecksKeysAndShapes() {
        Tensor a = param(1, 2);
        Tensor b = param(3);
        Optimizer opt = new Adam();
        a.accumulateGrad(Tensor.of(new float[] {1, 1}));
        b.accumulateGrad(Tensor.of(new float[] {1}));
        opt.step(List.of(a, b));
        Map<String, Tensor> state = opt.stateDict(List.of(a, b));

        assertContains(message(() -> new Adam().loadStateDict(List.of(b, a), state)),
                "Adam: state '0.m' has shape [2] but parameter 0 has shape [1]", "same order");
        assertContains(message(() -> new Adam().loadStateDict(List.of(a), state)),
                "refers to parameter 1 but only 1 parameters were given");
        assertContains(message(() -> new SGD(0.1, 0.9).loadStateDict(List.of(a, b), state)),
                "SGD: unknown state key '0.m'", "[momentum, step]");
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(state);
        partial.remove("1.v");
        assertContains(message(() -> new Adam().loadStateDict(List.of(a, b), partial)),
                "state for parameter 1 has no '1.v' entry");

        Optimizer restored = new Adam();
        restored.loadStateDict(List.of(a, b), state);
        assertEquals(1, restored.iterations());
        assertEquals(state.keySet(), restored.stateDict(List.of(a, b)).keySet());
    }

    @Test
    void configsRoundTrip() {
        List<Optimizer> optimizers = List.of(new SGD(0.1, 0.9, true, 1e-4), new Adam(2e-3, 0.8, 0.99, 1e-7, 0.01, true),
                new AdamW(1e-3, 0.05), new RMSprop(1e-3, 0.9, 1e-7, 0.5, true, 0.1), new Adagrad(0.05, 0.1, 1e-9, 0.01),
                new Adam(1e-3).clipNorm(1).clipValue(5).schedule(new WarmUp(10, new CosineDecay(100, 1e-5))));
        for (Optimizer opt : optimizers) {
            Optimizer copy = Optimizer.fromConfig(opt.name(), opt.config());
            assertEquals(opt.getClass(), copy.getClass());
            assertEquals(opt.config(), copy.config());
        }
        assertEquals("Adam{learningRate=0.001, beta1=0.9, beta2=0.999, epsilon=1.0E-8, weightDecay=0.0, amsgrad=false}",
                new Adam().toString());
        assertEquals(0.01, new AdamW().config().get("weightDecay"));
        assertTrue(Optimizer.fromConfig("rmsprop", Map.of()) instanceof RMSprop);
        assertContains(message(() -> Optimizer.fromConfig("Lion", Map.of())), "unknown optimizer 'Lion'");
    }

    @Test
    void invalidHyperparametersAreNamed() {
        assertContains(message(() -> new SGD(0.1, 0, true, 0)), "SGD: Nesterov momentum needs momentum > 0");
        assertContains(message(() -> new Adam(1e-3, 1.0, 0.999, 1e-8)), "Adam: beta1 must be in [0, 1), got 1");
        assertContains(message(() -> new RMSprop(-1)), "RMSprop: learning rate must be a finite number >= 0, got -1");
        assertContains(message(() -> new Adagrad(0.1, -1, 1e-10)), "Adagrad: initialAccumulator must be in [0, inf)");
        assertContains(message(() -> new AdamW().clipNorm(-1)), "AdamW: clipNorm must be a finite number >= 0");
        assertContains(message(() -> new SGD().clipValue(Double.NaN)), "SGD: clipValue must be");
    }

    @Test
    void updatesNeedNoGradModeFromTheCaller() {
        // step() turns recording off itself, so an in-place write to a leaf that requires grad is allowed.
        Tensor a = param(1);
        a.accumulateGrad(Tensor.of(new float[] {1}));
        assertTrue(GradMode.isEnabled());
        new SGD(0.5).step(List.of(a));
        assertEquals(0.5, a.item(), 1e-7);
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void everyOptimizerFitsALinearModel() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new SGD(0.05, 0.9), () -> new SGD(0.05, 0.9, true, 0),
                () -> new Adam(0.05), () -> new Adam(0.05, 0.9, 0.999, 1e-8, 0, true), () -> new AdamW(0.05),
                () -> new RMSprop(0.01), () -> new RMSprop(0.01, 0.9, 1e-8, 0.5, true, 0), () -> new Adagrad(0.3));
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 64, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {1.5f, -2, 0.5f}, 3, 1)).add(0.7);
        for (Supplier<Optimizer> make : optimizers) {
            Optimizer opt = make.get();
            Tensor w = Tensor.zeros(3, 1).requiresGrad(true);
            Tensor b = Tensor.zeros(1).requiresGrad(true);
            List<Tensor> params = List.of(w, b);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 150; step++) {
                opt.zeroGrad(params);
                Tensor loss = new MeanSquaredError().compute(x.matmul(w).add(b), y);
                if (step == 0) first = loss.item();
                last = loss.item();
                loss.backward();
                opt.step(params);
            }
            assertTrue(last < 0.02 * first, opt + ": loss went from " + first + " to " + last);
        }
    }
}
