package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The element-wise merges (Add, Multiply, Average) and what every Merge shares. */
class MergeTest {

    private static List<int[]> shapes(int[]... s) {
        return Arrays.asList(s);
    }

    private static <M extends Merge> M built(M merge, int[]... s) {
        merge.build(shapes(s), new Generator(0));
        return merge;
    }

    /** Checks {@code merge} of three [2, 3] tensors against {@code op} folded element by element. */
    private static void checkValues(Merge merge, DoubleBinaryOperator op, double divisor) {
        built(merge, new int[] {3}, new int[] {3}, new int[] {3});
        Generator g = new Generator(1);
        Tensor a = GradCheck.randn(g, 2, 3);
        Tensor b = GradCheck.randn(g, 2, 3);
        Tensor c = GradCheck.randn(g, 2, 3);
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        double[] cv = c.toDoubleArray();
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) expected[i] = op.applyAsDouble(op.applyAsDouble(av[i], bv[i]), cv[i]) / divisor;
        Tensor y = merge.call(List.of(a, b, c), false);
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12, merge.typeName());
    }

    @Test
    void computeSumProductAndMean() {
        checkValues(new Add(), Double::sum, 1);
        checkValues(new Multiply(), (x, y) -> x * y, 1);
        checkValues(new Average(), Double::sum, 3);
    }

    @Test
    void gradientsMatchCentralDifferencesForEveryInput() {
        List<Supplier<Merge>> merges = List.of(Add::new, Multiply::new, Average::new);
        for (Supplier<Merge> make : merges) {
            Merge m = built(make.get(), new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3});
            Generator g = new Generator(2);
            GradCheck.checkN(m.typeName(), xs -> m.call(List.of(xs), true), GradCheck.randn(g, 4, 2, 3),
                    GradCheck.randn(g, 4, 2, 3), GradCheck.randn(g, 4, 2, 3));
        }
    }

    @Test
    void outputShapeIsTheSharedShapeAndThereAreNoWeights() {
        Average avg = new Average();
        assertArrayEquals(new int[] {4, 5}, avg.build(shapes(new int[] {4, 5}, new int[] {4, 5}), null));
        assertEquals(0, avg.parameterCount());
        assertArrayEquals(new int[] {4, 5}, avg.inputShape());
        assertEquals(2, avg.inputShapes().size());
        assertArrayEquals(new int[] {4, 5}, avg.inputShapes().get(1));
    }

    @Test
    void mismatchedShapesNameEveryInputAndTheFix() {
        assertShapeError(() -> built(new Add(), new int[] {4}, new int[] {5}), "Add", "same shape",
                "input 0: [batch, 4], input 1: [batch, 5]", "Dense(4)", "Concatenate");
        assertShapeError(() -> built((Multiply) new Multiply().name("gate"), new int[] {4}, new int[] {4}, new int[] {2, 2}), "Multiply 'gate'",
                "input 0: [batch, 4], input 1: [batch, 4], input 2: [batch, 2, 2]");
        assertShapeError(() -> built(new Average(), new int[] {3}), "Average", "got 1 input [batch, 3]", "at least 2");
    }

    @Test
    void aMergeInASequentialChainSaysToUseAFunctionalModel() {
        assertShapeError(() -> new Add().build(new int[] {4}, new Generator(0)), "Add", "single input [batch, 4]",
                "Functional model", "SymbolicTensor.apply(new Add(), a, b)");
        Add add = built(new Add(), new int[] {2}, new int[] {2});
        var e = assertThrows(IllegalArgumentException.class, () -> add.call(Tensor.zeros(3, 2), false));
        assertTrue(e.getMessage().contains("call(List.of(a, b), training)"), e.getMessage());
        var count = assertThrows(IllegalArgumentException.class, () -> add.call(List.of(Tensor.zeros(3, 2)), false));
        assertTrue(count.getMessage().contains("built for 2 inputs but got 1"), count.getMessage());
    }

    @Test
    void configsRoundTrip() {
        assertInstanceOf(Add.class, Add.fromConfig(new Add().config()));
        assertInstanceOf(Multiply.class, Multiply.fromConfig(new Multiply().config()));
        assertInstanceOf(Average.class, Average.fromConfig(new Average().config()));
        assertEquals("{}", new Add().config().toString());
    }

    @Test
    void float32InputsStayFloat32() {
        Add add = built(new Add(), new int[] {3}, new int[] {3});
        Tensor y = add.call(List.of(Tensor.ones(2, 3), Tensor.ones(2, 3)), false);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, y.toFloatArray());
    }
}
