package dev.fathom.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refused shape says which op refused it and shows the shapes involved. */
class ShapeErrorsTest {

    /** Asserts a ShapeException from {@code op} whose message contains each of {@code parts}. */
    private static ShapeException expect(String op, Executable call, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, call);
        assertEquals(op, e.op());
        assertTrue(e.getMessage().startsWith(op + ": "), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        return e;
    }

    @Test
    void elementwiseBroadcastMismatch() {
        expect("add", () -> Tensor.zeros(3, 4).add(Tensor.zeros(5)), "[3, 4]", "[5]");
        expect("mul", () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2)), "[2, 3]", "[3, 2]");
        expect("maximum", () -> Tensor.zeros(2, 1, 4).maximum(Tensor.zeros(3, 3)), "[2, 1, 4]", "[3, 3]");
        expect("where", () -> Tensor.where(Tensor.ones(3), Tensor.zeros(4), Tensor.zeros(1)), "[3]", "[4]");
        expect("lt", () -> Tensor.zeros(2).lt(Tensor.zeros(3)), "[2]", "[3]");
    }

    @Test
    void matmulMismatch() {
        expect("matmul", () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)), "[2, 3]", "[4, 5]");
        expect("matmul", () -> Tensor.zeros(3).matmul(Tensor.zeros(4)), "[3] by [4]");
        expect("matmul", () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4)), "[2, 3] by [4]");
        expect("matmul", () -> Tensor.zeros(3).matmul(Tensor.zeros(2, 4, 5)), "[3] by [2, 4, 5]");
        expect("matmul", () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)), "[2, 3, 4]", "[3, 4, 5]");
        expect("matmul", () -> Tensor.scalar(2).matmul(Tensor.zeros(2)), "[]", "[2]");
    }

    @Test
    void reshapeToWrongSize() {
        expect("reshape", () -> Tensor.zeros(2, 3).reshape(4), "[2, 3]", "[4]");
        expect("reshape", () -> Tensor.zeros(2, 3).reshape(4, -1), "[2, 3]", "[4, -1]");
        expect("reshape", () -> Tensor.zeros(2, 3).reshape(-1, -1), "[-1, -1]");
        expect("reshape", () -> Tensor.zeros(2, 3).t().reshape(5), "[3, 2]", "[5]");
    }

    @Test
    void expandOfANonOneAxis() {
        expect("expand", () -> Tensor.zeros(3, 4).expand(3, 5), "[3, 4]", "[3, 5]", "axis 1");
        expect("expand", () -> Tensor.zeros(3, 4).expand(4), "[3, 4]", "[4]");
        expect("expand", () -> Tensor.zeros(3).expand(-1, 3), "[3]", "[-1, 3]");
    }

    @Test
    void concatAndStackMismatch() {
        expect("concat", () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "[2, 3]", "[2, 4]");
        expect("concat", () -> Tensor.concat(1, Tensor.zeros(2, 3), Tensor.zeros(2, 3, 1)), "[2, 3]", "[2, 3, 1]");
        expect("stack", () -> Tensor.stack(0, Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "[2, 3]", "[3, 2]");
        expect("split", () -> Tensor.zeros(2, 5).split(1, 2, 2), "[2, 5]", "[2, 2]");
    }

    @Test
    void squeezeOfANonOneAxis() {
        expect("squeeze", () -> Tensor.zeros(2, 3).squeeze(0), "[2, 3]", "axis 0");
        expect("squeeze", () -> Tensor.zeros(1, 3).squeeze(-1), "[1, 3]", "axis -1");
    }

    @Test
    void axisOutOfRange() {
        expect("sum", () -> Tensor.zeros(2, 3).sum(2, false), "axis 2", "rank 2");
        expect("max", () -> Tensor.zeros(2, 3).max(-3, false), "axis -3", "rank 2");
        expect("softmax", () -> Tensor.zeros(2, 3).softmax(5), "axis 5");
        expect("logSoftmax", () -> Tensor.zeros(2, 3).logSoftmax(-3), "axis -3", "rank 2");
        expect("transpose", () -> Tensor.zeros(2, 3).transpose(0, 2), "axis 2");
        expect("unsqueeze", () -> Tensor.zeros(2, 3).unsqueeze(4), "axis 4", "rank 3");
        expect("slice", () -> Tensor.zeros(2, 3).slice(3, 0, 1), "axis 3");
        expect("select", () -> Tensor.zeros(2, 3).select(-3, 0), "axis -3");
        expect("concat", () -> Tensor.concat(2, Tensor.zeros(2, 3), Tensor.zeros(2, 3)), "axis 2");
        expect("gather", () -> Tensor.zeros(2, 3).gather(2, Tensor.of(new int[] {0}, 1, 1)), "axis 2");
        expect("argmax", () -> Tensor.zeros(2, 3).argmax(2), "axis 2");
        expect("sum", () -> Tensor.zeros(2, 3).sum(new int[] {1, -1}, false), "listed twice");
        expect("permute", () -> Tensor.zeros(2, 3).permute(0), "[0]", "[2, 3]");
    }

    @Test
    void gatherWithWrongIndexRank() {
        expect("gather", () -> Tensor.zeros(3, 4).gather(0, Tensor.of(new int[] {0, 1})), "[2]", "[3, 4]");
        expect("scatterAdd", () -> Tensor.zeros(3, 4).scatterAdd(1, Tensor.of(new int[] {0, 1}), Tensor.zeros(2)),
                "[2]", "[3, 4]");
        expect("indexSelect", () -> Tensor.zeros(3, 4).indexSelect(0, Tensor.of(new int[] {0, 1}, 1, 2)), "[1, 2]");
    }

    @Test
    void backwardOnANonScalar() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        expect("backward", y::backward, "[2, 3]");
        expect("backward", () -> y.backward(Tensor.ones(3, 2), false), "[3, 2]", "[2, 3]");
    }

    @Test
    void requiresGradOnAnIntegerTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new int[] {1, 2}).requiresGrad(true));
        assertTrue(e.getMessage().contains("int32") && e.getMessage().contains("floating-point"), e.getMessage());
        assertFalse(Tensor.of(new int[] {1, 2}).requiresGrad(false).requiresGrad()); // turning it off is fine
    }

    @Test
    void usingAClosedTensor() {
        Tensor t = Tensor.ones(2, 2);
        t.close();
        for (Executable use : new Executable[] {() -> t.matmul(t), () -> t.sum(), t::toFloatArray, () -> t.slice(0, 0, 1),
                t::detach, () -> Tensor.concat(0, Tensor.ones(2, 2), t)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void otherRefusals() {
        expect("item", () -> Tensor.zeros(2).item(), "[2]");
        expect("t", () -> Tensor.zeros(3).t(), "[3]");
        expect("pad", () -> Tensor.zeros(2, 2).pad(new int[] {1}, new int[] {1}, 0), "[2, 2]");
        expect("of", () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "[2, 2]");
    }
}
