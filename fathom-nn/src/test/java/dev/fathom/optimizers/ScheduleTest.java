package dev.fathom.optimizers;

import dev.fathom.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learning-rate schedules against {@code torch.optim.lr_scheduler}, and their configs. */
class ScheduleTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Golden.load("/golden/optimizers/schedules.txt").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            LearningRateSchedule s = LearningRateSchedule.fromConfig(c.config("schedule"));
            double[] expected = c.nums("rates");
            double[] actual = new double[expected.length];
            for (int k = 0; k < actual.length; k++) actual[k] = s.rate(k, c.num("base"));
            Golden.assertClose(c.name(), expected, actual, 1e-15, 1e-12);
            // The optimizer evaluates the schedule at its iteration count, once per step.
            Optimizer opt = new SGD(c.num("base")).schedule(s);
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[k], opt.learningRate(), 1e-15);
                opt.step(List.of());
            }
        }));
    }

    @Test
    void cosineHoldsItsMinimumAfterTotalSteps() {
        CosineDecay s = new CosineDecay(10, 0.001);
        assertEquals(0.001, s.rate(10, 0.1), 1e-15);
        assertEquals(0.001, s.rate(11, 0.1), 1e-15);
        assertEquals(0.001, s.rate(1_000_000, 0.1), 1e-15);
        assertEquals(0.1, s.rate(0, 0.1), 0);
    }

    @Test
    void configsRoundTrip() {
        List<LearningRateSchedule> schedules = List.of(new StepDecay(3, 0.5), new ExponentialDecay(0.9),
                new ExponentialDecay(0.5, 100), new CosineDecay(50, 1e-4), new WarmUp(5),
                new WarmUp(5, new CosineDecay(20)));
        for (LearningRateSchedule s : schedules) {
            Map<String, Object> config = LearningRateSchedule.toConfig(s);
            assertEquals(s, LearningRateSchedule.fromConfig(config), config.toString());
        }
        assertEquals(Map.of("name", "WarmUp", "warmupSteps", 5,
                        "then", Map.of("name", "CosineDecay", "totalSteps", 20, "minRate", 0.0)),
                LearningRateSchedule.toConfig(new WarmUp(5, new CosineDecay(20))));
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 0.5)).getMessage()
                .startsWith("StepDecay: stepSize must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0)).getMessage()
                .startsWith("CosineDecay: totalSteps must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WarmUp(0)).getMessage()
                .startsWith("WarmUp: warmupSteps must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-1)).getMessage()
                .startsWith("ExponentialDecay: gamma must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.fromConfig(Map.of("name", "Cyclic")))
                .getMessage().startsWith("unknown learning-rate schedule 'Cyclic'"));
    }
}
