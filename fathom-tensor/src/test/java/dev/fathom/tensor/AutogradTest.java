package dev.fathom.tensor;

import dev.fathom.backend.DType;

import dev.fathom.autograd.GradMode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass itself: accumulation, graph lifetime, grad mode, and deep graphs. */
class AutogradTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2, 3);
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3, 3}, x.grad().toDoubleArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.exp().sum().backward();
        assertArrayEquals(new double[] {Math.exp(1), Math.exp(2), Math.exp(3)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void leavesThatReceiveTheSameGradientTensorKeepSeparateGrads() {
        // add hands one gradient tensor to both inputs; accumulating into one must not touch the other.
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        a.add(b).sum().backward();
        assertArrayEquals(new double[] {2, 2}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray());
        a.zeroGrad();
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray());
        // Same shapes all the way from an explicit output gradient.
        Tensor c = leaf(1, 2);
        Tensor d = leaf(5, 6);
        Tensor gOut = Tensor.of(new double[] {10, 20});
        c.add(d).backward(gOut, false);
        c.add(d).backward(gOut, false);
        assertArrayEquals(new double[] {20, 40}, c.grad().toDoubleArray());
        assertArrayEquals(new double[] {20, 40}, d.grad().toDoubleArray());
        assertArrayEquals(new double[] {10, 20}, gOut.toDoubleArray(), "the caller's output gradient stays usable");
    }

    @Test
    void slicesOfOneTensorSumIntoOneGradient() {
        // A sequence read one step at a time, overlapping and strided slices, and direct uses, in both
        // orders: each slice's gradient lands in its own region of one shared sum.
        Tensor x = Tensor.arange(12).asType(DType.FLOAT64).reshape(3, 4).requiresGrad(true);
        Tensor loss = x.mul(2).sum();                                  // 2 everywhere
        for (int t = 0; t < 4; t++) loss = loss.add(x.select(1, t).mul(t).sum());   // + column index
        loss = loss.add(x.slice(0, 0, 2).sum()).add(x.slice(0, 1, 3).sum());       // + 1 (row 0, 2), 2 (row 1)
        loss = loss.add(x.slice(1, 0, 4, 2).mul(10).sum());             // + 10 on even columns
        loss = loss.add(x.exp().mul(0).sum());                          // a rule-made gradient after the slices
        loss.backward();
        double[] expected = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) expected[r * 4 + c] = 2 + c + (r == 1 ? 2 : 1) + (c % 2 == 0 ? 10 : 0);
        }
        assertArrayEquals(expected, x.grad().toDoubleArray());
    }

    @Test
    void aSliceGradientNeverWritesIntoAGradientAnotherInputShares() {
        // add hands one tensor to both of its inputs; a slice of one of them then adds into that
        // input's sum, which must be a copy, not the tensor the other input holds too.
        Tensor a = leaf(1, 2, 3);
        Tensor b = leaf(4, 5, 6);
        Tensor s = a.add(b);
        Tensor loss = s.mul(Tensor.of(new double[] {1, 2, 3})).sum().add(a.slice(0, 1, 3).mul(100).sum());
        loss.backward();
        assertArrayEquals(new double[] {1, 102, 103}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, b.grad().toDoubleArray());
    }

    @Test
    void backwardOfALeafWithAnExplicitGradient() {
        Tensor x = leaf(1, 2);
        Tensor g = Tensor.of(new double[] {0.5, -1});
        x.backward(g, false);
        x.backward(g, false);
        assertArrayEquals(new double[] {1, -2}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, -1}, g.toDoubleArray());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(0.5, -1);
        x.add(x).sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
        x.zeroGrad();
        // d/dx (x*x + exp(x)) = 2x + exp(x); x reached through two different paths, one of them long.
        Tensor y = x.mul(x).add(x.exp().mul(1).add(0));
        y.sum().backward();
        assertArrayEquals(new double[] {1 + Math.exp(0.5), -2 + Math.exp(-1)}, x.grad().toDoubleArray(), 1e-12);
        // An intermediate used twice (diamond): z = h*h with h = 3x, dz/dx = 18x.
        x.zeroGrad();
        Tensor h = x.mul(3);
        h.mul(h).sum().backward();
        assertArrayEquals(new double[] {9, -18}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void onlyLeavesThatAskGetGradients() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(new double[] {3, 4});
        Tensor h = x.mul(c);
        h.sum().backward();
        assertNull(c.grad());
        assertNull(h.grad());
        assertFalse(c.requiresGrad());
        assertTrue(h.requiresGrad());
        assertNotNull(h.gradFn());
        assertEquals("mul", h.gradFn().op());
        assertFalse(x.grad().requiresGrad(), "gradients carry no graph of their own");
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = leaf(1, 2);
        try (var scope = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            Tensor y = x.mul(2).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            assertThrows(IllegalStateException.class, y::backward);
            try (var inner = GradMode.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(x.mul(2).requiresGrad(), "enableGrad restores noGrad when closed");
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        AtomicBoolean other = new AtomicBoolean();
        try (var scope = GradMode.noGrad()) {
            Thread t = new Thread(() -> other.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertTrue(other.get());
    }

    @Test
    void detachStopsGradients() {
        Tensor x = leaf(2, 3);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertSame(x.view().storage(), d.view().storage());
        x.mul(d).sum().backward(); // d/dx (x * const) = const
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray());
        // Detaching an intermediate cuts the whole path behind it.
        x.zeroGrad();
        x.mul(3).detach().mul(x).sum().backward();
        assertArrayEquals(new double[] {6, 9}, x.grad().toDoubleArray());
    }

    @Test
    void freedGraphCannotBeWalkedTwice() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        // A new graph from the same leaves is fine.
        x.exp().sum().backward();
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void freedGraphIsDetectedThroughASharedSubgraph() {
        Tensor x = leaf(1, 2);
        Tensor h = x.exp();
        h.sum().backward();
        // h's node was freed by the first pass; a second loss built on h must say so, not silently give 0.
        Tensor second = h.mul(2).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, second::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondPass() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward(Tensor.full(DType.FLOAT64, 1), true);
        loss.backward(Tensor.full(DType.FLOAT64, 1), true);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
        loss.backward();
        assertArrayEquals(new double[] {6, 12}, x.grad().toDoubleArray());
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() throws InterruptedException {
        // On a thread with a small stack: the test JVM's -Xss4m must not hide a recursive walk.
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                Tensor x = leaf(1);
                Tensor c = Tensor.of(new double[] {0.5}).requiresGrad(true);
                Tensor y = x;
                for (int i = 0; i < 20_000; i++) y = y.add(c);
                y.sum().backward();
                assertEquals(1, x.grad().item());
                assertEquals(20_000, c.grad().item());
                assertEquals(10_001, y.item());
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "deep-chain", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError("deep chain failed: " + failure[0], failure[0]);
    }

    @Test
    void nonContiguousLeaf() {
        // A transposed view as the parameter itself.
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).t().requiresGrad(true);
        assertFalse(w.isContiguous());
        Tensor weights = Tensor.of(new double[] {1, 10, 100, 1000, 10000, 100000}, 3, 2);
        w.mul(weights).sum().backward();
        assertArrayEquals(new int[] {3, 2}, w.grad().shape());
        assertArrayEquals(weights.toDoubleArray(), w.grad().toDoubleArray());
    }

    @Test
    void leafOnlyRules() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(true));
        assertTrue(e.getMessage().contains("mul"), e.getMessage());
        assertTrue(e.getMessage().contains("detach"), e.getMessage());
        Tensor plain = Tensor.of(new double[] {1});
        IllegalStateException none = assertThrows(IllegalStateException.class, plain::backward);
        assertTrue(none.getMessage().contains("requiresGrad"), none.getMessage());
        assertThrows(ShapeException.class, () -> y.backward(Tensor.of(new double[] {1, 2, 3}), false));
    }
}
