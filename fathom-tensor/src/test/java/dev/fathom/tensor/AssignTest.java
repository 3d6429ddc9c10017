package dev.fathom.tensor;

import dev.fathom.backend.DType;

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

    @Test
    void addInPlaceBroadcastsWritesThroughViewsAndKeepsTheGraphSafe() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        t.addInPlace(Tensor.of(new float[] {10, 20, 30}));
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, t.toDoubleArray());
        t.slice(1, 0, 3, 2).addInPlace(Tensor.scalar(100));
        assertArrayEquals(new double[] {111, 22, 133, 114, 25, 136}, t.toDoubleArray(), "strided view of the base");
        Tensor computed = Tensor.ones(3).requiresGrad(true).mul(2);
        var e = assertThrows(IllegalStateException.class, () -> computed.addInPlace(Tensor.ones(3)));
        assertTrue(e.getMessage().startsWith("addInPlace:"), e.getMessage());
        var shape = assertThrows(ShapeException.class, () -> Tensor.zeros(3).addInPlace(Tensor.zeros(2, 3)));
        assertTrue(shape.getMessage().contains("[2, 3]") && shape.getMessage().contains("[3]"), shape.getMessage());
    }
}
