package dev.fathom.backend.cpu;

import dev.fathom.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** exp, sigmoid and tanh built from exactly rounded operations: accurate, and the same bits as vectors or one at a time. */
class VectorMathTest {
    private static final int LANES = FloatKernels.SPECIES.length();

    /** Random values over the whole useful range, and the edges: zeros, infinities, NaN, overflow and denormal limits. */
    private static float[] inputs() {
        List<Float> v = new ArrayList<>(List.of(0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                88.72f, 88.73f, 89f, 100f, -87.3f, -100f, -103.2f, -103.9f, -104f, -110f, 1e-7f, -1e-7f, 0.2499f, 0.25f,
                -0.25f, 0.2501f, 9f, -9f, 20f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE));
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) v.add((float) (r.nextDouble() * 220 - 110));
        for (int i = 0; i < 20_000; i++) v.add((float) (r.nextGaussian() * 2));
        for (int i = 0; i < 2_000; i++) v.add((float) (r.nextGaussian() * 1e-3));
        while (v.size() % LANES != 0) v.add(0.5f);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    private interface VectorFunction {
        int apply(float[] x, int xo, float[] out, int oo, int n);
    }

    private interface ScalarFunction {
        float apply(float v);
    }

    /** {@code flushBelow}: true values below it may come out as 0 (sigmoid's 1/(1 + e^-x) once e^-x overflows). */
    private static void check(String name, VectorFunction vector, ScalarFunction scalar, DoubleUnaryOperator exact, double flushBelow, int ulps) {
        float[] x = inputs();
        float[] y = new float[x.length];
        assertEquals(x.length, vector.apply(x, 0, y, 0, x.length));
        for (int i = 0; i < x.length; i++) {
            float in = x[i];
            float got = y[i];
            float one = scalar.apply(in);
            assertEquals(Float.floatToIntBits(one), Float.floatToIntBits(got),   // any NaN is NaN
                    () -> name + "(" + in + "): one at a time " + one + " but as a vector " + got);
            double want = exact.applyAsDouble(in);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), () -> name + "(" + in + ") = " + got + ", want NaN");
                continue;
            }
            float wantFloat = (float) want;
            // Within `ulps` units in the last place of the correctly rounded float (of the smallest denormal below).
            double tolerance = ulps * Math.max(Math.ulp(wantFloat), Float.MIN_VALUE);
            assertTrue(Math.abs(got - want) <= tolerance || got == wantFloat || (Math.abs(want) < flushBelow && got == 0),
                    () -> name + "(" + in + ") = " + got + ", want " + want + " (off by " + Math.abs(got - want) / Math.ulp(wantFloat) + " ulp)");
        }
    }

    @Test
    void expIsAccurateAndTheSameAsAVectorOrAlone() {
        check("exp", VectorMath::exp, VectorMath::exp, Math::exp, 0, 2);
    }

    @Test
    void sigmoidIsAccurateAndTheSameAsAVectorOrAlone() {
        check("sigmoid", VectorMath::sigmoid, VectorMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), 1e-38, 2);
    }

    @Test
    void tanhIsAccurateAndTheSameAsAVectorOrAlone() {
        check("tanh", VectorMath::tanh, VectorMath::tanh, Math::tanh, 0, 3);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(VectorMath.tanh(-0f)));
    }

    @Test
    void theUnaryKernelGivesAValueTheSameBitsWhereverItSits() {
        // A row whose length is not a whole number of vectors: the body and the tail must agree.
        int n = 3 * LANES + 5;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 0.7312f);
        for (dev.fathom.backend.UnaryOp op : new dev.fathom.backend.UnaryOp[] {
                dev.fathom.backend.UnaryOp.EXP, dev.fathom.backend.UnaryOp.TANH, dev.fathom.backend.UnaryOp.SIGMOID}) {
            float[] y = new float[n];
            FloatKernels.unary(op, x, 0, 1, y, 0, 1, n);
            for (int i = 1; i < n; i++) assertEquals(Float.floatToRawIntBits(y[0]), Float.floatToRawIntBits(y[i]), op + " at " + i);
        }
    }

    @Test
    void shortArraysGoThroughTheScalarLoopWithTheVectorLoopsBits() {
        float[] x = inputs();
        int n = VectorMath.VECTOR_FROM - 1;
        assertEquals(0, VectorMath.exp(x, 0, new float[n], 0, n));
        assertEquals(0, VectorMath.tanh(x, 0, new float[n], 0, n));
        assertEquals(0, VectorMath.sigmoid(x, 0, new float[n], 0, n));
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            float[] vectors = new float[x.length];
            FloatKernels.unary(op, x, 0, 1, vectors, 0, 1, x.length);
            float[] scalars = new float[n];
            FloatKernels.unary(op, x, 0, 1, scalars, 0, 1, n);
            for (int i = 0; i < n; i++) {
                int at = i;
                assertEquals(Float.floatToIntBits(vectors[i]), Float.floatToIntBits(scalars[i]),
                        () -> op + "(" + x[at] + "): " + scalars[at] + " in a short array, " + vectors[at] + " in a long one");
            }
        }
    }
}
