package dev.fathom.tensor;

import dev.fathom.backend.DType;

import dev.fathom.autograd.GradMode;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Checks autodiff gradients against central finite differences, in float64.
 *
 * <p>For a function {@code f} of one or more float64 tensors it back-propagates
 * {@code sum(f(x) * R)}, with {@code R} a fixed random tensor of the output's shape (so every output
 * element, and any mix-up between them, shows in the gradient), and compares each input element's
 * gradient with {@code (L(x + eps) - L(x - eps)) / (2 eps)}. The inputs handed to {@code f} are fresh
 * dense leaves; to exercise non-contiguous operands, make the views inside {@code f}
 * ({@code x -> x.t().exp()}).
 *
 * <pre>{@code
 * GradCheck.check("mul", (a, b) -> a.mul(b), GradCheck.randn(g, 3, 4), GradCheck.randn(g, 4));
 * }</pre>
 */
public final class GradCheck {
    /** Finite-difference step, relative tolerance and absolute tolerance of the default check. */
    public static final double EPS = 1e-6;
    public static final double RTOL = 1e-6;
    public static final double ATOL = 1e-5;

    private static final GradCheck DEFAULT = new GradCheck(EPS, RTOL, ATOL);

    private final double eps;
    private final double rtol;
    private final double atol;

    /** A check with its own step and tolerances: passes where {@code |auto - numeric| <= atol + rtol * |numeric|}. */
    public GradCheck(double eps, double rtol, double atol) {
        this.eps = eps;
        this.rtol = rtol;
        this.atol = atol;
    }

    // ---- entry points ------------------------------------------------------------------------

    /** Checks the gradient of a function of one tensor. */
    public static void check(String op, UnaryOperator<Tensor> f, Tensor x) {
        DEFAULT.run(op, xs -> f.apply(xs[0]), x);
    }

    /** Checks the gradients of a function of two tensors. */
    public static void check(String op, BinaryOperator<Tensor> f, Tensor a, Tensor b) {
        DEFAULT.run(op, xs -> f.apply(xs[0], xs[1]), a, b);
    }

    /** Checks the gradients of a function of any number of tensors. */
    public static void checkN(String op, Function<Tensor[], Tensor> f, Tensor... inputs) {
        DEFAULT.run(op, f, inputs);
    }

    /**
     * Runs the check; throws an {@link AssertionError} naming the op, the input, the element and both
     * gradients at the first element that differs.
     */
    public void run(String op, Function<Tensor[], Tensor> f, Tensor... inputs) {
        int n = inputs.length;
        double[][] values = new double[n][];
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) {
                throw new AssertionError("gradcheck '" + op + "': input " + i + " is " + inputs[i].dtype()
                        + "; finite differences need float64 (use asType(DType.FLOAT64))");
            }
            values[i] = inputs[i].toDoubleArray();
            shapes[i] = inputs[i].shape();
        }

        // Autodiff: d/dx sum(f(x) * R).
        Tensor[] leaves = new Tensor[n];
        for (int i = 0; i < n; i++) leaves[i] = leaf(values[i], shapes[i]).requiresGrad(true);
        Tensor y = f.apply(leaves);
        if (y.dtype() != DType.FLOAT64) {
            throw new AssertionError("gradcheck '" + op + "': output is " + y.dtype() + ", expected float64");
        }
        int[] outShape = y.shape();
        Generator g = new Generator(0x5EED);
        double[] r = new double[y.size()];
        for (int j = 0; j < r.length; j++) r[j] = g.nextNormal();
        Tensor loss = y.mul(leaf(r, outShape)).sum();
        if (!loss.requiresGrad()) {
            throw new AssertionError("gradcheck '" + op + "': the output does not depend on any input through a recorded op");
        }
        loss.backward();
        double[][] auto = new double[n][];
        for (int i = 0; i < n; i++) {
            Tensor grad = leaves[i].grad();
            if (grad == null) {
                auto[i] = new double[values[i].length];
                continue;
            }
            if (!Arrays.equals(grad.shape(), shapes[i]) || grad.dtype() != DType.FLOAT64) {
                throw new AssertionError("gradcheck '" + op + "': input " + i + " has shape " + Arrays.toString(shapes[i])
                        + " but its gradient has shape " + Arrays.toString(grad.shape()) + " and type " + grad.dtype());
            }
            auto[i] = grad.toDoubleArray();
        }

        // Central differences, one element at a time.
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < values[i].length; j++) {
                    double saved = values[i][j];
                    values[i][j] = saved + eps;
                    double plus = evaluate(op, f, values, shapes, r, outShape);
                    values[i][j] = saved - eps;
                    double minus = evaluate(op, f, values, shapes, r, outShape);
                    values[i][j] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    double a = auto[i][j];
                    double tol = atol + rtol * Math.abs(numeric);
                    if (!(Math.abs(a - numeric) <= tol)) {
                        throw new AssertionError(String.format(
                                "gradcheck failed for '%s': input %d, element %d (index %s of shape %s): autodiff gradient %.10g"
                                        + " but finite difference %.10g (|difference| %.3g > tolerance %.3g)",
                                op, i, j, Arrays.toString(unravel(j, shapes[i])), Arrays.toString(shapes[i]), a, numeric,
                                Math.abs(a - numeric), tol));
                    }
                }
            }
        }
    }

    private static double evaluate(String op, Function<Tensor[], Tensor> f, double[][] values, int[][] shapes,
                                   double[] r, int[] outShape) {
        Tensor[] xs = new Tensor[values.length];
        for (int i = 0; i < xs.length; i++) xs[i] = leaf(values[i], shapes[i]);
        Tensor y = f.apply(xs);
        if (!Arrays.equals(y.shape(), outShape)) {
            throw new AssertionError("gradcheck '" + op + "': output shape changed from " + Arrays.toString(outShape)
                    + " to " + Arrays.toString(y.shape()) + " between evaluations");
        }
        double[] v = y.toDoubleArray();
        double s = 0;
        for (int k = 0; k < v.length; k++) s += v[k] * r[k];
        return s;
    }

    /** A dense float64 tensor; {@code Tensor.of} reads an empty shape as 1-D, so scalars go through {@code full}. */
    static Tensor leaf(double[] values, int[] shape) {
        return shape.length == 0 ? Tensor.full(DType.FLOAT64, values[0]) : Tensor.of(values.clone(), shape);
    }

    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return index;
    }

    // ---- inputs ------------------------------------------------------------------------------

    /** Standard normal float64 values. */
    public static Tensor randn(Generator g, int... shape) {
        return Tensor.randn(g, shape).asType(DType.FLOAT64);
    }

    /** Uniform float64 values in [lo, hi). */
    public static Tensor uniform(Generator g, double lo, double hi, int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * g.nextDouble();
        return leaf(v, shape);
    }

    /** Float64 values with {@code 0.2 <= |x| < 2} and random sign: away from the kinks of abs and relu. */
    public static Tensor awayFromZero(Generator g, int... shape) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (0.2 + 1.8 * g.nextDouble()) * (g.nextDouble() < 0.5 ? -1 : 1);
        return leaf(v, shape);
    }

    /**
     * Float64 values that are pairwise at least 0.05 apart (a shuffled ramp plus small noise), so
     * max, min, maximum and minimum have no ties within the finite-difference step.
     */
    public static Tensor distinct(Generator g, int... shape) {
        int n = Shapes.size(shape);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        g.shuffle(perm);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (perm[i] - n / 2) * 0.1 + 0.04 * g.nextDouble();
        return leaf(v, shape);
    }
}
