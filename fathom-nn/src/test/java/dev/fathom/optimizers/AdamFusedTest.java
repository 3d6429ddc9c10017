package dev.fathom.optimizers;

import dev.fathom.backend.AdamStep;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused float32 Adam step (one kernel) against the composed elementwise ops, which float64
 * parameters still take: the same updates to float32 precision, with and without weight decay,
 * coupled (Adam) and decoupled (AdamW), on sizes with a vector tail and sizes split across threads.
 */
class AdamFusedTest {

    private static void compare(Optimizer fused, Optimizer composed, int size) {
        Generator g = new Generator(size);
        Tensor init = Tensor.randn(g, size);
        Tensor p32 = init.asType(DType.FLOAT32).detach().requiresGrad(true);
        Tensor p64 = init.asType(DType.FLOAT64).detach().requiresGrad(true);
        for (int step = 0; step < 6; step++) {
            Tensor grad = Tensor.randn(g, size).mul(step + 1);
            p32.zeroGrad();
            p64.zeroGrad();
            p32.mul(grad).sum().backward();
            p64.mul(grad.asType(DType.FLOAT64)).sum().backward();
            fused.step(List.of(p32));
            composed.step(List.of(p64));
        }
        float[] a = p32.toFloatArray();
        double[] b = p64.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < size; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
        assertTrue(worst < 2e-6, fused.name() + " size " + size + ": fused float32 within float32 precision of float64, worst " + worst);
    }

    @Test
    void fusedEqualsComposed() {
        for (int size : new int[] {1, 7, 33, 100_003}) {
            compare(new Adam(0.01), new Adam(0.01), size);
            compare(new Adam(0.01, 0.8, 0.99, 1e-7, 0.05, false), new Adam(0.01, 0.8, 0.99, 1e-7, 0.05, false), size);
            compare(new AdamW(0.01, 0.1), new AdamW(0.01, 0.1), size);
        }
    }

    @Test
    void onlyDenseFloat32OfOneShapeIsFused() {
        Tensor p = Tensor.zeros(4, 3);
        assertTrue(p.canAdamStep(Tensor.zeros(4, 3), Tensor.zeros(4, 3), Tensor.zeros(4, 3)));
        assertFalse(p.canAdamStep(Tensor.zeros(3, 4).transpose(0, 1), Tensor.zeros(4, 3), Tensor.zeros(4, 3)), "a strided view");
        assertFalse(p.canAdamStep(Tensor.zeros(DType.FLOAT64, 4, 3), Tensor.zeros(4, 3), Tensor.zeros(4, 3)), "float64");
        assertFalse(p.canAdamStep(Tensor.zeros(12), Tensor.zeros(4, 3), Tensor.zeros(4, 3)), "another shape");
        var e = assertThrows(IllegalArgumentException.class,
                () -> p.adamStep(Tensor.zeros(12), Tensor.zeros(4, 3), Tensor.zeros(4, 3), new AdamStep(0.9, 0.999, 0.001, 1e-8, 0, 1)));
        assertTrue(e.getMessage().contains("dense float32 tensors of one shape"), e.getMessage());
    }
}
