package dev.fathom.tensor;

import dev.fathom.backend.DType;

import dev.fathom.backend.BinaryOp;
import org.junit.jupiter.api.Test;

import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class BinaryOpsTest {

    private static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    /** The broadcast result shape, straight from NumPy's rule. */
    private static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - rank + a.length];
            int db = i < rank - b.length ? 1 : b[i - rank + b.length];
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Index into an operand of shape {@code s} for output index {@code oi}: size-1 and missing axes read position 0. */
    private static int operandIndex(int[] oi, int[] s) {
        int flat = 0;
        int lead = oi.length - s.length;
        for (int axis = 0; axis < s.length; axis++) flat = flat * s[axis] + (s[axis] == 1 ? 0 : oi[lead + axis]);
        return flat;
    }

    private static double[] reference(BinaryOp op, double[] a, int[] as, double[] b, int[] bs) {
        int[] shape = broadcastShape(as, bs);
        double[] out = new double[Shapes.size(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] oi = Check.unravel(i, shape);
            out[i] = op.apply(a[operandIndex(oi, as)], b[operandIndex(oi, bs)]);
        }
        return out;
    }

    /** Operands in the op's domain: a positive base for pow, values with some exact ties for comparisons. */
    private static float[] operand(BinaryOp op, Generator g, int n, boolean first) {
        if (op == BinaryOp.POW) return first ? Check.floats(g, n, 0.1, 4) : Check.floats(g, n, -3, 3);
        if (op == BinaryOp.DIV && !first) {
            float[] v = Check.floats(g, n, 0.5, 4);
            for (int i = 0; i < n; i += 2) v[i] = -v[i];
            return v;
        }
        float[] v = Check.floats(g, n, -4, 4);
        for (int i = 0; i < n; i++) if (op.isComparison() || op == BinaryOp.MAXIMUM) v[i] = Math.round(v[i]); // ties
        return v;
    }

    private static void compare(BinaryOp op, float[] a, int[] as, float[] b, int[] bs, Tensor got, String what) {
        double[] expected = reference(op, Check.toDouble(a), as, Check.toDouble(b), bs);
        // Float32 results rounded once; pow goes through the Vector API's approximation.
        double rtol = op == BinaryOp.POW ? 2e-6 : 1e-7;
        Check.close(expected, got.toDoubleArray(), rtol, 1e-30, op + " " + what);
        assertArrayEquals(broadcastShape(as, bs), got.shape(), op + " " + what + " shape");
    }

    // ---- values ------------------------------------------------------------------------------

    @Test
    void float32MatchesReferenceOnOddSizes() {
        Generator g = new Generator(20);
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : Check.ODD_SIZES) {
                float[] a = operand(op, g, n, true);
                float[] b = operand(op, g, n, false);
                int[] s = {n};
                compare(op, a, s, b, s, apply(op, Tensor.of(a), Tensor.of(b)), "n=" + n);
            }
        }
    }

    @Test
    void float32Broadcasting() {
        Generator g = new Generator(21);
        int[][][] cases = {
                {{3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {{33}, {}}, {{}, {33}}, {{17, 1}, {1, 17}},
                {{5, 17}, {5, 1}}, {{1}, {2, 3}}, {{2, 3, 17}, {2, 1, 17}}, {{}, {}},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] c : cases) {
                float[] a = operand(op, g, Shapes.size(c[0]), true);
                float[] b = operand(op, g, Shapes.size(c[1]), false);
                Tensor ta = c[0].length == 0 ? Tensor.scalar(a[0]) : Tensor.of(a, c[0]);
                Tensor tb = c[1].length == 0 ? Tensor.scalar(b[0]) : Tensor.of(b, c[1]);
                compare(op, a, c[0], b, c[1], apply(op, ta, tb), Check.str(c[0]) + " with " + Check.str(c[1]));
            }
        }
    }

    /** A random operand shape that broadcasts to {@code out}: leading axes dropped, some axes set to 1. */
    private static int[] operandShape(Generator g, int[] out) {
        int drop = g.nextInt(out.length + 1);
        int[] s = java.util.Arrays.copyOfRange(out, drop, out.length);
        for (int i = 0; i < s.length; i++) if (g.nextDouble() < 0.3) s[i] = 1;
        return s;
    }

    /** The values {@code v} (row-major for {@code shape}) as a tensor, dense or as a reversed-axes view. */
    private static Tensor layout(Generator g, float[] v, int[] shape) {
        if (shape.length == 0) return Tensor.scalar(v[0]);
        if (shape.length < 2 || g.nextDouble() < 0.5) return Tensor.of(v, shape);
        int[] rev = new int[shape.length];
        int[] revShape = new int[shape.length];
        for (int i = 0; i < rev.length; i++) {
            rev[i] = shape.length - 1 - i;
            revShape[i] = shape[rev[i]];
        }
        double[] p = Check.permuted(Check.toDouble(v), shape, rev);
        float[] pf = new float[p.length];
        for (int i = 0; i < p.length; i++) pf[i] = (float) p[i];
        return Tensor.of(pf, revShape).permute(rev);
    }

    @Test
    void float32RandomBroadcastPairsAndLayouts() {
        Generator g = new Generator(30);
        int[] dims = {1, 2, 3, 5, 16, 17};
        BinaryOp[] ops = BinaryOp.values();
        for (int iter = 0; iter < 150; iter++) {
            int rank = 1 + g.nextInt(4);
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) out[i] = dims[g.nextInt(dims.length)];
            if (Shapes.size(out) > 5000) continue;
            int[] as = operandShape(g, out);
            int[] bs = operandShape(g, out);
            BinaryOp op = ops[iter % ops.length];
            float[] a = operand(op, g, Shapes.size(as), true);
            float[] b = operand(op, g, Shapes.size(bs), false);
            compare(op, a, as, b, bs, apply(op, layout(g, a, as), layout(g, b, bs)),
                    Check.str(as) + " with " + Check.str(bs));
        }
    }

    @Test
    void float32NonContiguousOperands() {
        Generator g = new Generator(22);
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = operand(op, g, 17 * 33, true);
            float[] b = operand(op, g, 17 * 33, false);
            int[] s = {17, 33};
            int[] t = {33, 17};
            double[] at = Check.permuted(Check.toDouble(a), s, new int[] {1, 0});
            double[] bt = Check.permuted(Check.toDouble(b), s, new int[] {1, 0});
            // Both transposed, and one transposed with the other dense.
            Tensor both = apply(op, Tensor.of(a, s).t(), Tensor.of(b, s).t());
            Check.close(reference(op, at, t, bt, t), both.toDoubleArray(), op == BinaryOp.POW ? 2e-6 : 1e-7, 1e-30,
                    op + " transposed");
            float[] bd = new float[bt.length];
            for (int i = 0; i < bd.length; i++) bd[i] = (float) bt[i];
            Tensor mixed = apply(op, Tensor.of(a, s).t(), Tensor.of(bd, t));
            Check.close(reference(op, at, t, bt, t), mixed.toDoubleArray(), op == BinaryOp.POW ? 2e-6 : 1e-7, 1e-30,
                    op + " transposed with dense");
        }
    }

    @Test
    void float32RowsOfSlicedViewsAndBroadcastRowsAndColumns() {
        // The per-row kernel path: operands whose rows sit further apart than their length (a column slice),
        // a row repeated (a bias), a column repeated (a per-row scale), on 2-D and 3-D shapes with size-1 axes.
        Generator g = new Generator(26);
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = operand(op, g, 6 * 9, true);
            float[] b = operand(op, g, 6 * 9, false);
            Tensor sliced = Tensor.of(a, 6, 9).slice(1, 2, 7);        // [6, 5], rows 9 apart, offset 2
            float[] ad = Tensor.of(a, 6, 9).slice(1, 2, 7).contiguous().toFloatArray();
            float[] row = java.util.Arrays.copyOf(b, 5);
            float[] column = java.util.Arrays.copyOf(b, 6);
            compare(op, ad, new int[] {6, 5}, row, new int[] {5}, apply(op, sliced, Tensor.of(row, 5)), "column slice with a row");
            compare(op, ad, new int[] {6, 5}, column, new int[] {6, 1}, apply(op, sliced, Tensor.of(column, 6, 1)),
                    "column slice with a column");
            compare(op, column, new int[] {6, 1}, ad, new int[] {6, 5}, apply(op, Tensor.of(column, 6, 1), sliced),
                    "a column with a column slice");
            float[] x3 = java.util.Arrays.copyOf(a, 2 * 3 * 4);
            float[] r3 = java.util.Arrays.copyOf(b, 3 * 4);
            compare(op, x3, new int[] {2, 1, 3, 4}, r3, new int[] {3, 4}, apply(op, Tensor.of(x3, 2, 1, 3, 4), Tensor.of(r3, 3, 4)),
                    "4-D with a repeated matrix");
            compare(op, r3, new int[] {3, 1, 4}, x3, new int[] {2, 1, 1, 4},
                    apply(op, Tensor.of(r3, 3, 1, 4), Tensor.of(java.util.Arrays.copyOf(x3, 8), 2, 1, 1, 4)), "both repeated");
        }
    }

    @Test
    void float32SlicesWithOffsetsAndScalarViews() {
        // Dense slices that start inside their arrays, and one element repeated: the direct kernel path.
        Generator g = new Generator(25);
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = operand(op, g, 40, true);
            float[] b = operand(op, g, 40, false);
            Tensor sa = Tensor.of(a, 4, 10).slice(0, 1, 3);             // rows 1-2: offset 10
            Tensor sb = Tensor.of(b, 40).slice(0, 17, 37).reshape(2, 10); // offset 17
            float[] ar = java.util.Arrays.copyOfRange(a, 10, 30);
            float[] br = java.util.Arrays.copyOfRange(b, 17, 37);
            compare(op, ar, new int[] {2, 10}, br, new int[] {2, 10}, apply(op, sa, sb), "offset slices");
            Tensor one = Tensor.of(b, 40).slice(0, 5, 6).reshape(1, 1);   // one value at offset 5, broadcast
            compare(op, ar, new int[] {2, 10}, new float[] {b[5]}, new int[] {1, 1}, apply(op, sa, one), "offset scalar view");
        }
        // In place into a slice: only the slice changes.
        Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 6);
        base.slice(0, 2, 5).addInPlace(Tensor.of(new float[] {10, 20, 30}, 3));
        assertArrayEquals(new float[] {1, 2, 13, 24, 35, 6}, base.toFloatArray());
    }

    @Test
    void float32LargeInputsTakeTheParallelPaths() {
        Generator g = new Generator(23);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.MAXIMUM, BinaryOp.LT}) {
            float[] a = operand(op, g, 300 * 150, true);
            float[] b = operand(op, g, 150, false);
            compare(op, a, new int[] {300, 150}, b, new int[] {150},
                    apply(op, Tensor.of(a, 300, 150), Tensor.of(b)), "large row-broadcast");
            float[] c = operand(op, g, 300 * 150, false);
            compare(op, a, new int[] {45000}, c, new int[] {45000}, apply(op, Tensor.of(a), Tensor.of(c)), "large 1-D");
        }
    }

    @Test
    void float64AndInt32() {
        Generator g = new Generator(24);
        for (BinaryOp op : BinaryOp.values()) {
            double[] a = Check.doubles(g, 12, 0.5, 3);
            double[] b = Check.doubles(g, 4, -2, 2);
            Tensor r = apply(op, Tensor.of(a, 3, 4), Tensor.of(b));
            assertEquals(DType.FLOAT64, r.dtype());
            Check.same(reference(op, a, new int[] {3, 4}, b, new int[] {4}), r.toDoubleArray(), op + " float64");
        }
        Tensor i = Tensor.of(new int[] {7, -7, 3});
        Tensor j = Tensor.of(new int[] {2, 2, 3});
        assertEquals(DType.INT32, i.add(j).dtype());
        assertArrayEquals(new int[] {9, -5, 6}, i.add(j).toIntArray());
        assertArrayEquals(new int[] {3, -3, 1}, i.div(j).toIntArray()); // truncates toward zero
        assertArrayEquals(new int[] {0, 0, 1}, i.eq(j).toIntArray());
        // Mixed types promote; pow of ints is computed in float32.
        assertEquals(DType.FLOAT32, i.add(Tensor.of(new float[] {0.5f, 0.5f, 0.5f})).dtype());
        assertEquals(DType.FLOAT64, Tensor.ones(3).add(Tensor.of(new double[] {1, 2, 3})).dtype());
        assertEquals(DType.FLOAT32, i.pow(j).dtype());
        assertArrayEquals(new float[] {49, 49, 27}, i.pow(j).toFloatArray(), 1e-4f);
    }

    @Test
    void nanPropagatesThroughMaximumAndMinimum() {
        float[] a = new float[33];
        float[] b = new float[33];
        a[0] = Float.NaN;
        a[32] = Float.NaN;
        b[5] = Float.NaN;
        for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
            float[] r = apply(op, Tensor.of(a), Tensor.of(b)).toFloatArray();
            for (int i = 0; i < 33; i++) {
                assertEquals(i == 0 || i == 5 || i == 32, Float.isNaN(r[i]), op + " element " + i);
            }
        }
    }

    @Test
    void whereValues() {
        Generator g = new Generator(25);
        float[] c = new float[17 * 3];
        for (int i = 0; i < c.length; i++) c[i] = g.nextDouble() < 0.5 ? 0 : 1;
        float[] a = Check.floats(g, 17 * 3, -1, 1);
        float[] b = Check.floats(g, 17, -1, 1);
        Tensor r = Tensor.where(Tensor.of(c, 3, 17), Tensor.of(a, 3, 17), Tensor.of(b, 17));
        double[] expected = new double[c.length];
        for (int i = 0; i < c.length; i++) expected[i] = c[i] != 0 ? a[i] : b[i % 17];
        Check.same(expected, r.toDoubleArray(), "where");
        // Int condition broadcast over a transposed operand; scalar branch.
        Tensor cond = Tensor.of(new int[] {1, 0, 2});
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).t();
        assertArrayEquals(new float[] {1, -1, 5, 2, -1, 6}, Tensor.where(cond, x, Tensor.scalar(-1)).toFloatArray());
    }

    @Test
    void comparisonsRecordNoGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor c = x.gt(1.5);
        assertFalse(c.requiresGrad());
        assertNull(c.gradFn());
        assertArrayEquals(new double[] {0, 1}, c.toDoubleArray());
    }

    // ---- gradients ---------------------------------------------------------------------------

    /** Broadcasting shape pairs the gradient checks run over, including scalars on both sides. */
    private static final int[][][] SHAPES = {
            {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{4}, {3, 4}}, {{2, 1, 4}, {3, 1}}, {{}, {2, 3}}, {{2, 3}, {}}, {{3, 1}, {1, 3}},
    };

    private static void checkShapes(String op, BinaryOperator<Tensor> f, Generator g, boolean positiveFirst,
                                    boolean awaySecond) {
        for (int[][] s : SHAPES) {
            Tensor a = positiveFirst ? GradCheck.uniform(g, 0.3, 2.5, s[0]) : GradCheck.distinct(g, s[0]);
            Tensor b = awaySecond ? GradCheck.awayFromZero(g, s[1]) : GradCheck.distinct(g, s[1]).add(0.013);
            GradCheck.check(op + " " + Check.str(s[0]) + " with " + Check.str(s[1]), f, a, b);
        }
    }

    @Test
    void gradientsWithBroadcasting() {
        Generator g = new Generator(26);
        checkShapes("add", Tensor::add, g, false, false);
        checkShapes("sub", Tensor::sub, g, false, false);
        checkShapes("mul", Tensor::mul, g, false, false);
        checkShapes("div", Tensor::div, g, false, true);
        checkShapes("pow", Tensor::pow, g, true, false);
        // distinct(...) + 0.013 never ties with distinct(...) values, which sit on a 0.1 grid plus < 0.04.
        checkShapes("maximum", Tensor::maximum, g, false, false);
        checkShapes("minimum", Tensor::minimum, g, false, false);
    }

    @Test
    void gradientsWithNonContiguousOperands() {
        Generator g = new Generator(27);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW,
                BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
            String name = op.name().toLowerCase();
            BinaryOperator<Tensor> f = (a, b) -> apply(op, a, b);
            // Transposed first operand against a dense second: [4, 3] seen as [3, 4].
            GradCheck.check(name + " transposed", (a, b) -> f.apply(a.t(), b),
                    GradCheck.uniform(g, 0.3, 2.5, 4, 3), GradCheck.awayFromZero(g, 3, 4).add(0.011));
            // Every other column, from both sides.
            GradCheck.check(name + " step slices", (a, b) -> f.apply(a.slice(1, 0, 8, 2), b.slice(1, 1, 8, 2)),
                    GradCheck.uniform(g, 0.3, 2.5, 3, 8), GradCheck.awayFromZero(g, 3, 8).add(0.011));
            // An explicitly expanded row (stride 0) against a transposed matrix.
            GradCheck.check(name + " expanded", (a, b) -> f.apply(a.expand(3, 4), b.t()),
                    GradCheck.uniform(g, 0.3, 2.5, 1, 4), GradCheck.awayFromZero(g, 4, 3).add(0.011));
        }
    }

    @Test
    void gradientsOfScalarArgumentsAndConstantExponent() {
        Generator g = new Generator(28);
        GradCheck.check("pow 3", x -> x.pow(3), GradCheck.randn(g, 5));
        GradCheck.check("pow 0.5", x -> x.pow(0.5), GradCheck.uniform(g, 0.2, 2, 5));
        GradCheck.check("add scalar", x -> x.add(2).mul(-3).div(7).sub(1), GradCheck.randn(g, 2, 3));
        GradCheck.check("scalar base pow", x -> Tensor.full(DType.FLOAT64, 1.7).pow(x), GradCheck.randn(g, 4));
        // Mixed float32/float64: the float64 result's gradient reaches a float32 leaf as float32.
        Tensor a = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.5, 0.25, 2}).requiresGrad(true);
        a.mul(b).sum().backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertArrayEquals(new float[] {0.5f, 0.25f, 2}, a.grad().toFloatArray());
        assertArrayEquals(new double[] {1, 2, 3}, b.grad().toDoubleArray());
    }

    @Test
    void powExponentGradientAtZeroBaseIsZero() {
        // d/dy x^y = x^y log x is 0 * -inf at x = 0; one such element must not turn a shared exponent's gradient to NaN.
        Tensor x = Tensor.of(new double[] {0, 2, 0.5});
        Tensor y = Tensor.full(DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0, 2, 0.5}).requiresGrad(true);
        x.pow(y).sum().backward();
        assertEquals(4 * Math.log(2) + 0.25 * Math.log(0.5), y.grad().item(), 1e-12);
        b.pow(y.detach()).sum().backward();
        assertArrayEquals(new double[] {0, 4, 1}, b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientOfWhere() {
        Generator g = new Generator(29);
        Tensor cond = Tensor.of(new int[] {1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1}, 3, 4);
        GradCheck.check("where", (a, b) -> Tensor.where(cond, a, b), GradCheck.randn(g, 3, 4), GradCheck.randn(g, 3, 4));
        GradCheck.check("where broadcast", (a, b) -> Tensor.where(cond, a, b), GradCheck.randn(g, 4), GradCheck.randn(g, 3, 1));
        Tensor rowCond = Tensor.of(new float[] {1, 0, 1});
        GradCheck.check("where transposed", (a, b) -> Tensor.where(rowCond, a.t(), b),
                GradCheck.randn(g, 3, 2), GradCheck.randn(g));
    }

    @Test
    void tiesSplitTheGradientOfMaximumAndMinimum() {
        for (boolean max : new boolean[] {true, false}) {
            Tensor a = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
            Tensor b = Tensor.of(new double[] {1, 5, 0}).requiresGrad(true);
            (max ? a.maximum(b) : a.minimum(b)).sum().backward();
            assertArrayEquals(max ? new double[] {0.5, 0, 1} : new double[] {0.5, 1, 0}, a.grad().toDoubleArray());
            assertArrayEquals(max ? new double[] {0.5, 1, 0} : new double[] {0.5, 0, 1}, b.grad().toDoubleArray());
        }
    }
}
