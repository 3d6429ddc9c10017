package dev.fathom.tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/** Value comparisons and random data shared by the tensor tests. */
final class Check {
    /** Sizes around the vector width (16 floats with AVX-512, 8 with AVX2): full vectors, tails, tails only. */
    static final int[] ODD_SIZES = {1, 3, 15, 16, 17, 33, 100};

    private Check() {}

    /**
     * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element by element; NaN must
     * meet NaN and an infinity the same infinity. The message names the first element that differs.
     */
    static void close(double[] expected, double[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) ok = Double.isNaN(e) && Double.isNaN(a);
            else if (Double.isInfinite(e) || Double.isInfinite(a)) ok = e == a;
            else ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (|difference| " + Math.abs(a - e) + ")");
            }
        }
    }

    /** Exact equality, NaN meeting NaN. */
    static void same(double[] expected, double[] actual, String what) {
        close(expected, actual, 0, 0, what);
    }

    static float[] floats(Generator g, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * g.nextDouble());
        return v;
    }

    static double[] doubles(Generator g, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * g.nextDouble();
        return v;
    }

    static int[] ints(Generator g, int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = g.nextInt(bound);
        return v;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Row-major multi-index of flat position {@code flat}. */
    static int[] unravel(int flat, int[] shape) {
        return GradCheck.unravel(flat, shape);
    }

    /** Flat row-major position of {@code index}. */
    static int ravel(int[] index, int[] shape) {
        int flat = 0;
        for (int axis = 0; axis < shape.length; axis++) flat = flat * shape[axis] + index[axis];
        return flat;
    }

    /**
     * The row-major values of {@code x} (given row-major with {@code shape}) with its axes
     * reordered by {@code order}, as a reference for permuted views.
     */
    static double[] permuted(double[] x, int[] shape, int[] order) {
        int[] outShape = new int[order.length];
        for (int i = 0; i < order.length; i++) outShape[i] = shape[order[i]];
        double[] out = new double[x.length];
        for (int flat = 0; flat < out.length; flat++) {
            int[] oi = unravel(flat, outShape);
            int[] xi = new int[shape.length];
            for (int i = 0; i < order.length; i++) xi[order[i]] = oi[i];
            out[flat] = x[ravel(xi, shape)];
        }
        return out;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
