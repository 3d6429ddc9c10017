package dev.fathom.tensor;

import dev.fathom.autograd.GradMode;


import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a scope collects and closes, and what backward() hands back after itself. */
class TemporariesTest {

    private static boolean isClosed(Tensor t) {
        try {
            t.view();
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    @Test
    void closesWhatItAcceptsAndHandsTheRestToTheEnclosingScope() {
        Tensor before = Tensor.ones(3);
        Tensor a;
        Tensor b;
        Tensor c;
        try (Temporaries outer = Temporaries.open()) {
            a = Tensor.ones(3).add(1);
            try (Temporaries inner = Temporaries.open()) {
                b = a.mul(2);
                c = a.mul(3);
                inner.closeIf(t -> t == b);
            }
            assertEquals(true, isClosed(b));
            assertEquals(false, isClosed(c));
            outer.closeIf(t -> t == c || t == a);
        }
        assertEquals(true, isClosed(a) && isClosed(c));
        assertEquals(false, isClosed(before));
        // Once closed, the scope collects nothing more: tensors made afterwards stay open.
        assertEquals(false, isClosed(Tensor.ones(2)));
    }

    @Test
    void keptTensorsOutliveTheEnclosingScope() {
        Tensor state;
        Tensor temporary;
        try (Temporaries step = Temporaries.open()) {
            temporary = Tensor.ones(3).mul(2);
            try (Temporaries kept = Temporaries.open()) {
                state = Tensor.zeros(3);   // an optimizer's state, made on its first step
                kept.keep();
            }
            step.closeIf(t -> true);
        }
        assertEquals(true, isClosed(temporary));
        assertEquals(false, isClosed(state));
        assertArrayEquals(new float[3], state.toFloatArray());
    }

    @Test
    void scopesMustEndInReverseOrder() {
        Temporaries outer = Temporaries.open();
        Temporaries inner = Temporaries.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        assertDoesNotThrow(outer::close);
    }

    @Test
    void aDetachedCopyOutlivesTheClosedGraphTensor() {
        Tensor x = Tensor.randn(new Generator(1), 256, 256).requiresGrad(true);   // large: its memory is pooled
        Tensor kept;
        Tensor hidden;
        try (Temporaries step = Temporaries.open()) {
            hidden = x.mul(2);
            kept = hidden.detach();
            step.closeIf(t -> t.gradFn() != null);
        }
        assertEquals(true, isClosed(hidden));
        float[] expected = x.detach().mul(2).toFloatArray();
        // The memory stays with the detached tensor: new tensors of that size get other arrays.
        for (int i = 0; i < 4; i++) Tensor.zeros(256, 256).add(i);
        assertArrayEquals(expected, kept.toFloatArray());
    }

    @Test
    void backwardClosesItsOwnTemporariesButNotTheForwardPassOrTheGradients() {
        Generator g = new Generator(2);
        Tensor w = Tensor.randn(g, 200, 200).requiresGrad(true);
        Tensor x = Tensor.randn(g, 64, 200);
        Tensor hidden = x.matmul(w).relu();
        Tensor loss = hidden.square().mean();
        loss.backward();
        // The forward tensors belong to the caller; the leaf's gradient is the result.
        assertEquals(false, isClosed(hidden));
        assertEquals(false, isClosed(w.grad()));
        Tensor expected;
        try (var off = GradMode.noGrad()) {
            // d/dw mean(relu(xw)^2) = x^T (2 relu(xw) / n)
            expected = x.t().matmul(hidden.mul(2.0 / hidden.size()));
        }
        // Allocations of the same sizes after backward must not disturb the gradient.
        for (int i = 0; i < 4; i++) Tensor.zeros(200, 200).add(i);
        assertArrayEquals(expected.toFloatArray(), w.grad().toFloatArray(), 1e-6f);
    }
}
