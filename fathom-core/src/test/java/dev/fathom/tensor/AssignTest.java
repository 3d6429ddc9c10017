package dev.fathom.tensor;

import dev.fathom.autograd.GradMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssignTest {

    @Test
    void sgdStepUpdatesTheParameterInPlace() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        w.mul(w).sum().backward(); // grad = 2w
        try (var scope = GradMode.noGrad()) {
            w.assign(w.sub(w.grad().mul(0.5)));
        }
        assertArrayEquals(new float[] {0, 0, 0}, w.toFloatArray());
        assertTrue(w.requiresGrad(), "still a parameter after the update");
    }

    @Test
    void broadcastsAndConvertsTheSource() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3);
        t.assign(Tensor.of(new float[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, t.toDoubleArray());
        Tensor view = t.slice(1, 1, 3);
        view.assign(Tensor.scalar(9));
        assertArrayEquals(new double[] {1, 9, 9, 1, 9, 9}, t.toDoubleArray(), "writes through a view reach the base");
    }

    @Test
    void refusesWhatWouldCorruptTheGraph() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> w.assign(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("GradMode.noGrad()"), e.getMessage());
        Tensor computed = w.mul(2);
        assertThrows(IllegalStateException.class, () -> computed.assign(Tensor.zeros(3)));
        var shape = assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).assign(Tensor.zeros(2, 4)));
        assertTrue(shape.getMessage().contains("[2, 4]") && shape.getMessage().contains("[2, 3]"), shape.getMessage());
        var grow = assertThrows(ShapeException.class, () -> Tensor.zeros(3).assign(Tensor.zeros(2, 3)));
        assertTrue(grow.getMessage().startsWith("assign:"), grow.getMessage());
    }
}
