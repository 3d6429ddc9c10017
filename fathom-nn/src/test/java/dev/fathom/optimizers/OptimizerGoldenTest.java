package dev.fathom.optimizers;

import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each optimizer against {@code torch.optim}: five steps on three fixed parameters with fixed
 * gradients (the third, {@code c}, has no gradient on steps 1 and 2, so it is skipped there and its
 * own step count lags), with clipping and schedules in some cases; parameters after every step to
 * 1e-5 in float32 and 1e-10 in float64. The optimizer is built from the case's config through
 * {@link Optimizer#fromConfig}, so that path is covered too; and the same run split by a
 * {@code stateDict}/{@code loadStateDict} round trip into a fresh optimizer must match as well.
 */
class OptimizerGoldenTest {
    private static final String[] NAMES = {"w", "b", "c"};

    private static List<Golden.Case> cases() {
        return Golden.load("/golden/optimizers/optimizers.txt");
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            List<Tensor> params = initial(c);
            Optimizer opt = create(c);
            for (int step = 0; step < c.num("steps"); step++) {
                run(c, opt, params, step);
            }
            assertEquals((int) c.num("steps"), opt.iterations());
        }));
    }

    @TestFactory
    Stream<DynamicTest> resumesFromStateDict() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            List<Tensor> params = initial(c);
            Optimizer first = create(c);
            run(c, first, params, 0);
            run(c, first, params, 1);
            Map<String, Tensor> state = first.stateDict(params);
            Optimizer second = create(c);
            second.loadStateDict(params, state);
            assertEquals(2, second.iterations());
            for (int step = 2; step < c.num("steps"); step++) run(c, second, params, step);
        }));
    }

    private static Optimizer create(Golden.Case c) {
        Optimizer opt = Optimizer.fromConfig(c.str("optimizer"), c.config("config"));
        assertEquals(c.str("optimizer"), opt.name());
        return opt;
    }

    private static List<Tensor> initial(Golden.Case c) {
        DType dtype = c.dtype("dtype");
        List<Tensor> params = new ArrayList<>();
        for (String n : NAMES) params.add(c.tensor("init." + n, "shape." + n, dtype).requiresGrad(true));
        return params;
    }

    /** Sets step {@code step}'s gradients, steps, and compares parameters, gradients and the next rate. */
    private static void run(Golden.Case c, Optimizer opt, List<Tensor> params, int step) {
        DType dtype = c.dtype("dtype");
        double tol = Golden.tolerance(dtype);
        for (int i = 0; i < NAMES.length; i++) {
            Tensor p = params.get(i);
            p.zeroGrad();
            String key = "grad." + step + "." + NAMES[i];
            if (c.has(key)) p.accumulateGrad(c.tensor(key, "shape." + NAMES[i], dtype));
        }
        opt.step(params);
        for (int i = 0; i < NAMES.length; i++) {
            String where = c.name() + " step " + step + " parameter " + NAMES[i];
            Golden.assertClose(where, c.nums("param." + step + "." + NAMES[i]), params.get(i).toDoubleArray(), tol, tol);
            String key = "grad." + step + "." + NAMES[i];
            if (c.has(key)) {
                // Clipping must work on copies: the gradients a user reads after step() are the ones backward() gave.
                Golden.assertClose(where + " gradient (unchanged)", c.nums(key), params.get(i).grad().toDoubleArray(), 0, 0);
            }
        }
        Golden.assertClose(c.name() + " learning rate after step " + step, new double[] {c.num("lr." + step)},
                new double[] {opt.learningRate()}, 1e-15, 1e-12);
    }
}
