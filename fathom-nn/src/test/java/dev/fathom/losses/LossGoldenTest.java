package dev.fathom.losses;

import dev.fathom.testing.Golden;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every loss against PyTorch on fixed inputs (extreme logits of ±50, probabilities of exactly 0 and
 * 1, [batch, 1] against [batch] targets), in float32 (to 1e-5) and float64 (to 1e-10): the value
 * and the gradient with respect to the predictions. The inputs and reference values come from
 * {@code src/test/python/make_golden_losses_optimizers.py}.
 */
class LossGoldenTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Golden.load("/golden/losses/losses.txt").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Golden.Case c) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (c.has("fromLogits")) config.put("fromLogits", Boolean.parseBoolean(c.str("fromLogits")));
        if (c.has("delta")) config.put("delta", c.num("delta"));
        Loss loss = Loss.fromConfig(c.str("loss"), config);
        assertEquals(c.str("loss"), loss.name());
        DType dtype = c.dtype("dtype");
        Tensor pred = c.tensor("pred", "pred.shape", dtype).requiresGrad(true);
        Tensor target = c.tensor("target", "target.shape", c.dtype("target.dtype"));

        Tensor value = loss.compute(pred, target);
        assertEquals(0, value.rank(), "a loss is a scalar");
        assertEquals(dtype, value.dtype(), "the loss keeps the predictions' type");
        double tol = Golden.tolerance(dtype);
        Golden.assertClose(c.name() + " value", c.nums("value"), value.toDoubleArray(), tol, tol);
        value.backward();
        Golden.assertClose(c.name() + " gradient", c.nums("grad"), pred.grad().toDoubleArray(), tol, tol);
    }
}
