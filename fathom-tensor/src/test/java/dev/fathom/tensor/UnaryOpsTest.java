package dev.fathom.tensor;

import dev.fathom.backend.DType;

import dev.fathom.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class UnaryOpsTest {

    private static Tensor apply(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case ABS -> x.abs();
            case SIGN -> x.sign();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case SIN -> x.sin();
            case COS -> x.cos();
        };
    }

    /** An input range where the op is defined and its float32 result is representable. */
    private static double[] domain(UnaryOp op) {
        return switch (op) {
            case LOG -> new double[] {1e-3, 100};
            case SQRT -> new double[] {0, 100};
            case EXP -> new double[] {-20, 20};
            case SIGMOID -> new double[] {-30, 30};
            default -> new double[] {-10, 10};
        };
    }

    private static double[] reference(UnaryOp op, double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = op.apply(x[i]);
        return r;
    }

    // ---- values ------------------------------------------------------------------------------

    @Test
    void float32MatchesReferenceOnOddSizes() {
        Generator g = new Generator(10);
        for (UnaryOp op : UnaryOp.values()) {
            double[] d = domain(op);
            for (int n : Check.ODD_SIZES) {
                float[] x = Check.floats(g, n, d[0], d[1]);
                double[] expected = reference(op, Check.toDouble(x));
                // Cold and JIT-compiled Vector API transcendentals measured within 2 ulps (sigmoid) on
                // AVX-512; 1e-6 leaves room for other instruction sets, 1e-7 absolute for sin/cos near 0.
                Check.close(expected, apply(op, Tensor.of(x)).toDoubleArray(), 1e-6, 1e-7, op + " n=" + n);
            }
        }
    }

    @Test
    void float32MatchesReferenceOnStridedAndBroadcastViews() {
        Generator g = new Generator(11);
        for (UnaryOp op : UnaryOp.values()) {
            double[] d = domain(op);
            float[] x = Check.floats(g, 17 * 33, d[0], d[1]);
            Tensor base = Tensor.of(x, 17, 33);
            double[] ref = reference(op, Check.toDouble(x));
            // Transposed: rows of stride 33.
            Check.close(Check.permuted(ref, new int[] {17, 33}, new int[] {1, 0}),
                    apply(op, base.t()).toDoubleArray(), 1e-6, 1e-7, op + " transposed");
            // Every third column of rows 1..16.
            Tensor sl = base.slice(0, 1, 17).slice(1, 0, 33, 3);
            double[] expected = new double[16 * 11];
            for (int r = 0; r < 16; r++) for (int c = 0; c < 11; c++) expected[r * 11 + c] = ref[(r + 1) * 33 + c * 3];
            Check.close(expected, apply(op, sl).toDoubleArray(), 1e-6, 1e-7, op + " sliced");
            // A row expanded to 5 rows (stride 0).
            Tensor row = base.slice(0, 4, 5).expand(5, 33);
            double[] rowRef = new double[5 * 33];
            for (int r = 0; r < 5; r++) System.arraycopy(ref, 4 * 33, rowRef, r * 33, 33);
            Check.close(rowRef, apply(op, row).toDoubleArray(), 1e-6, 1e-7, op + " expanded");
        }
    }

    @Test
    void float32LargeInputsTakeTheParallelPaths() {
        Generator g = new Generator(12);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.RELU, UnaryOp.SIN}) {
            float[] x = Check.floats(g, 300 * 150, -5, 5);
            double[] ref = reference(op, Check.toDouble(x));
            // One long row: split within the row.
            Check.close(ref, apply(op, Tensor.of(x)).toDoubleArray(), 1e-6, 1e-7, op + " 1-D");
            // Many strided rows: split by rows.
            Check.close(Check.permuted(ref, new int[] {300, 150}, new int[] {1, 0}),
                    apply(op, Tensor.of(x, 300, 150).t()).toDoubleArray(), 1e-6, 1e-7, op + " transposed");
        }
    }

    @Test
    void float64MatchesReferenceExactly() {
        Generator g = new Generator(13);
        for (UnaryOp op : UnaryOp.values()) {
            double[] d = domain(op);
            double[] x = Check.doubles(g, 33, d[0], d[1]);
            Check.same(Check.permuted(reference(op, x), new int[] {3, 11}, new int[] {1, 0}),
                    apply(op, Tensor.of(x, 3, 11).t()).toDoubleArray(), op + " float64");
            assertEquals(DType.FLOAT64, apply(op, Tensor.of(x)).dtype());
        }
    }

    @Test
    void specialValuesAgreeBetweenVectorLanesAndTail() {
        // Each special value fills a whole vector and the tail, so both code paths must produce the reference.
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 200, -200,
                1e-30, -1e-30, 88.5, -88.5, 1e30};
        for (UnaryOp op : UnaryOp.values()) {
            for (double s : specials) {
                float[] x = new float[33];
                java.util.Arrays.fill(x, (float) s);
                float expected = (float) op.apply((float) s);
                float[] got = apply(op, Tensor.of(x)).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    boolean ok = Float.isNaN(expected) ? Float.isNaN(got[i])
                            : Float.isInfinite(expected) ? got[i] == expected
                            : Math.abs(got[i] - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
                    if (!ok) {
                        throw new AssertionError(op + "(" + s + ") at position " + i + " gave " + got[i]
                                + ", expected " + expected);
                    }
                }
            }
        }
    }

    @Test
    void integerInputs() {
        Tensor x = Tensor.of(new int[] {-3, 0, 4});
        assertEquals(DType.INT32, x.neg().dtype());
        assertArrayEquals(new int[] {3, 0, -4}, x.neg().toIntArray());
        assertArrayEquals(new int[] {3, 0, 4}, x.abs().toIntArray());
        assertArrayEquals(new int[] {0, 0, 4}, x.relu().toIntArray());
        assertArrayEquals(new int[] {-1, 0, 1}, x.sign().toIntArray());
        // Ops that need fractions compute in float32.
        Tensor e = x.exp();
        assertEquals(DType.FLOAT32, e.dtype());
        assertArrayEquals(new float[] {(float) Math.exp(-3), 1, (float) Math.exp(4)}, e.toFloatArray(), 1e-5f);
    }

    @Test
    void compositesMatchDefinitions() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0.25, 3});
        assertArrayEquals(new double[] {4, 0.25, 0.0625, 9}, x.square().toDoubleArray());
        assertArrayEquals(new double[] {-0.5, -2, 4, 1 / 3.0}, x.reciprocal().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-1, -0.5, 0.25, 1}, x.clamp(-1, 1).toDoubleArray());
    }

    // ---- gradients ---------------------------------------------------------------------------

    private static void check(String op, UnaryOperator<Tensor> f, Tensor x) {
        GradCheck.check(op, f, x);
        // The same op on non-contiguous operands: a transposed view and a strided slice.
        GradCheck.check(op + " of transposed", t -> f.apply(t.t()), x.t().contiguousCopy());
        int[] s = x.shape();
        Tensor wide = Tensor.concat(1, x, x.add(0.01)).contiguousCopy(); // [rows, 2 * cols] of in-domain values
        GradCheck.check(op + " of strided slice", t -> f.apply(t.slice(1, 0, 2 * s[1], 2)), wide);
    }

    @Test
    void gradients() {
        Generator g = new Generator(14);
        check("neg", Tensor::neg, GradCheck.randn(g, 3, 4));
        check("exp", Tensor::exp, GradCheck.randn(g, 3, 4));
        check("log", Tensor::log, GradCheck.uniform(g, 0.2, 3, 3, 4));
        check("sqrt", Tensor::sqrt, GradCheck.uniform(g, 0.2, 3, 3, 4));
        check("abs", Tensor::abs, GradCheck.awayFromZero(g, 3, 4));
        check("sign", Tensor::sign, GradCheck.awayFromZero(g, 3, 4));
        check("tanh", Tensor::tanh, GradCheck.randn(g, 3, 4));
        check("sigmoid", Tensor::sigmoid, GradCheck.randn(g, 3, 4));
        check("relu", Tensor::relu, GradCheck.awayFromZero(g, 3, 4));
        check("sin", Tensor::sin, GradCheck.randn(g, 3, 4));
        check("cos", Tensor::cos, GradCheck.randn(g, 3, 4));
        check("square", Tensor::square, GradCheck.randn(g, 3, 4));
        check("reciprocal", Tensor::reciprocal, GradCheck.awayFromZero(g, 3, 4));
        check("clamp", t -> t.clamp(-1, 1), GradCheck.awayFromZero(g, 3, 4));
        GradCheck.check("scalar exp", Tensor::exp, Tensor.full(DType.FLOAT64, 0.7));
    }

    @Test
    void reluGradientIsZeroForNegativeInputs() {
        Tensor x = Tensor.of(new double[] {-1, 2, -3, 4}).requiresGrad(true);
        x.relu().sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 1}, x.grad().toDoubleArray());
        assertFalse(x.relu().detach().requiresGrad());
        // float32 past one vector, zeros included: the gradient is 1 exactly where the input is positive (0 at 0, as PyTorch).
        float[] v = new float[40];
        for (int i = 0; i < v.length; i++) v[i] = (i % 3) - 1;   // -1, 0, 1, ...
        Tensor f = Tensor.of(v).requiresGrad(true);
        f.relu().mul(Tensor.arange(40).asType(DType.FLOAT32)).sum().backward();
        float[] grad = f.grad().toFloatArray();
        for (int i = 0; i < v.length; i++) assertEquals(v[i] > 0 ? i : 0, grad[i], 0, "element " + i);
    }
}
