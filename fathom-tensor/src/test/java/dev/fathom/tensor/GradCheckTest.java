package dev.fathom.tensor;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient checker itself: it must pass correct rules and name what is wrong in broken ones. */
class GradCheckTest {

    /** {@code 2x} computed by a recorded op whose gradient rule is {@code rule}. */
    private static Tensor twice(Tensor x, dev.fathom.tensor.Node.Rule rule) {
        return x.detach().mul(2).record("twice", new Tensor[] {x}, rule);
    }

    @Test
    void passesCorrectGradients() {
        Generator g = new Generator(1);
        GradCheck.check("twice", x -> twice(x, gr -> new Tensor[] {gr.mul(2)}), GradCheck.randn(g, 3, 4));
        GradCheck.check("mul", Tensor::mul, GradCheck.randn(g, 2, 3), GradCheck.randn(g, 3));
        GradCheck.checkN("three", xs -> xs[0].mul(xs[1]).add(xs[2].exp()),
                GradCheck.randn(g, 2), GradCheck.randn(g, 2), GradCheck.randn(g, 2));
    }

    @Test
    void reportsOpInputElementAndBothValues() {
        Tensor x = Tensor.of(new double[] {0.5, -1.5, 2.0}, 3);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.check("twice", t -> twice(t, gr -> new Tensor[] {gr.mul(3)}), x));
        double r0 = new Generator(0x5EED).nextNormal(); // the first output weight
        String m = e.getMessage();
        assertTrue(m.contains("'twice'"), m);
        assertTrue(m.contains("input 0, element 0"), m);
        assertEquals(3 * r0, number(m, "autodiff gradient "), 1e-8, m);
        assertEquals(2 * r0, number(m, "finite difference "), 1e-6, m);
    }

    private static double number(String message, String after) {
        Matcher m = Pattern.compile(Pattern.quote(after) + "(-?[0-9.]+(e[-+]?[0-9]+)?)").matcher(message);
        assertTrue(m.find(), message);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void reportsTheSecondInputAndItsIndex() {
        Generator g = new Generator(2);
        // The rule for b drops element [0, 2].
        Tensor mask = Tensor.of(new double[] {1, 1, 0, 1, 1, 1}, 2, 3);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check("badAdd",
                (a, b) -> a.detach().add(b.detach()).record("badAdd", new Tensor[] {a, b},
                        gr -> new Tensor[] {gr, gr.mul(mask)}),
                GradCheck.randn(g, 2, 3), GradCheck.randn(g, 2, 3)));
        assertTrue(e.getMessage().contains("input 1, element 2 (index [0, 2] of shape [2, 3])"), e.getMessage());
    }

    @Test
    void weightsEveryOutputElementDifferently() {
        // A rule that routes gradients to the wrong elements (transposed) would pass a plain sum() check.
        Tensor x = GradCheck.randn(new Generator(3), 3, 3);
        assertThrows(AssertionError.class, () -> GradCheck.check("transposedRule",
                t -> twice(t, gr -> new Tensor[] {gr.t().contiguous().mul(2)}), x));
    }

    @Test
    void rejectsDetachedOutputsAndFloat32Inputs() {
        Tensor x = GradCheck.randn(new Generator(4), 2, 2);
        assertThrows(AssertionError.class, () -> GradCheck.check("detached", t -> t.detach().exp(), x));
        assertThrows(AssertionError.class, () -> GradCheck.check("float32", Tensor::exp, Tensor.randn(new Generator(5), 2)));
    }
}
