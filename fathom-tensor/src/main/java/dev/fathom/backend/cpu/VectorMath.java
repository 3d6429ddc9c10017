package dev.fathom.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh in float32 from additions, multiplications, fused multiply-adds and bit
 * operations only: loops over whole vectors, and single values with the same bits.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: compiled code computes it with the CPU
 * vendor's vector math library and interpreted code with {@code Math.exp}; the two differ in the
 * last bit, and which one runs depends on when the JIT compiler gets to the loop. Training with the
 * same seed then ended in different weights from run to run (a softmax's exp in every step). The
 * basic operations here are exactly rounded by IEEE 754 in either mode, so the result never
 * depends on the compiler. Accuracy against the exact value, over the whole range: exp and sigmoid
 * within 2 units in the last place of the float result, tanh within 3 (around |x| = 0.5, where
 * (1 - e)/(1 + e) loses a bit); sigmoid is 0 below x = -88 (checked by {@code VectorMathTest}).
 * Speed, one thread, a million floats on the AVX-512 development machine: tanh 0.77 ms against
 * 12.9 ms for the Vector API's {@code lanewise(TANH)}, exp 0.43 ms against 5.8 ms.
 */
final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts: the high part has few bits, so {@code n * LN2_HI} is exact for the n in range. */
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187045e-6f;
    /** 1.5 * 2^23: adding it to a float of magnitude below 2^22 rounds it to an integer, kept in the low bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Beyond these exp is infinite or zero in float (the last denormal is 2^-149, about e^-103.3). */
    private static final float EXP_LOW = -104f;
    private static final float EXP_HIGH = 89f;
    /** Taylor coefficients 1/k! of e^r for |r| <= ln2/2; the first term left out is below 1e-8 relative. */
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;
    /** Below this |x|, tanh by its odd Taylor series to x^11 (the next term is below 1e-9 relative). */
    private static final float TANH_SERIES = 0.25f;
    private static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835, T11 = -1382f / 155925;

    private static final int EXP = 0, SIGMOID = 1, TANH = 2;
    private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    /**
     * Below this many values the vector loop is left to the caller's scalar loop (same bits). Until
     * the JIT's C2 compiler gets to {@link #run}, its vectors are heap objects and each lane operation
     * a call: a classifier's [64, 10] softmax, an 80-iteration loop twice a training step, reaches C2
     * only after a second or more, and until then it cost more than the step's matrix products (12% of
     * a one-thread MLP epoch's samples in JFR). Scalar code is fast from the first call, and for a
     * thousand values it costs a few microseconds once compiled.
     */
    static final int VECTOR_FROM = 1024;

    /** {@code out[oo + i] = e^x[xo + i]} for whole vectors of i below n; returns how many were done. */
    static int exp(float[] x, int xo, float[] out, int oo, int n) {
        return n < VECTOR_FROM ? 0 : run(EXP, x, xo, out, oo, n);
    }

    static int sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        return n < VECTOR_FROM ? 0 : run(SIGMOID, x, xo, out, oo, n);
    }

    static int tanh(float[] x, int xo, float[] out, int oo, int n) {
        return n < VECTOR_FROM ? 0 : run(TANH, x, xo, out, oo, n);
    }

    /**
     * One loop for the three functions, with exp written out once inside it and its polynomials as
     * chains of fused multiply-adds (Horner's scheme, as the scalar forms nest Math.fma). Were exp, or
     * one Horner step, a method of its own, the JIT compiler would compile it separately once it got
     * hot and then refuse to inline the result into a caller compiled later: its vectors would then
     * cross the call as heap objects, ten times slower. Which came first depended on the run.
     */
    private static int run(int fn, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            FloatVector arg = fn == EXP ? v : fn == SIGMOID ? v.neg() : v.abs().mul(-2f);
            // e^arg: arg = k ln2 + r with integer k and |r| <= ln2/2; e^r by its Taylor polynomial; times 2^k
            // built in the exponent bits, as two halves so that denormal and infinite results round once.
            FloatVector c = arg.max(EXP_LOW).min(EXP_HIGH); // NaN stays NaN
            FloatVector t = c.fma(c.broadcast(LOG2E), c.broadcast(ROUNDER));
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(k.broadcast(-LN2_HI), c);
            r = k.fma(k.broadcast(-LN2_LO), r);
            FloatVector p = r.broadcast(C7).fma(r, r.broadcast(C6)).fma(r, r.broadcast(C5)).fma(r, r.broadcast(C4))
                    .fma(r, r.broadcast(C3)).fma(r, r.broadcast(C2)).fma(r, r.broadcast(1f)).fma(r, r.broadcast(1f));
            IntVector bits = (IntVector) t.reinterpretAsInts().sub(ROUNDER_BITS);
            IntVector half = bits.lanewise(VectorOperators.ASHR, 1);
            FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector scale2 = bits.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale1).mul(scale2);
            FloatVector y;
            if (fn == EXP) {
                y = e;
            } else if (fn == SIGMOID) {
                // e^-x overflows to infinity below -88, and 1/(1+inf) is the right limit 0.
                y = v.broadcast(1f).div(e.add(1f));
            } else {
                // tanh: sign(x) (1 - e)/(1 + e) with e = e^(-2|x|), which never overflows; near zero, where that
                // would cancel, the odd series x (1 + x^2 (T3 + x^2 (T5 + ...))), which also keeps -0.
                FloatVector far = e.neg().add(1f).div(e.add(1f));
                FloatVector x2 = v.mul(v);
                FloatVector near = x2.broadcast(T11).fma(x2, x2.broadcast(T9)).fma(x2, x2.broadcast(T7)).fma(x2, x2.broadcast(T5))
                        .fma(x2, x2.broadcast(T3)).mul(x2).add(1f).mul(v);
                y = far.blend(far.neg(), v.compare(VectorOperators.LT, 0f))
                        .blend(near, v.abs().compare(VectorOperators.LT, TANH_SERIES));
            }
            y.intoArray(out, oo + i);
        }
        return i;
    }

    /** e^x for one value: the same steps, so the same bits as a lane of the vector loop. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
        float t = Math.fma(c, LOG2E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_HI, c);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(C7, r, C6), r, C5), r, C4), r, C3), r, C2), r, 1f), r, 1f);
        int bits = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int half = bits >> 1;
        float scale1 = Float.intBitsToFloat((half + 127) << 23);
        float scale2 = Float.intBitsToFloat((bits - half + 127) << 23);
        return p * scale1 * scale2;
    }

    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    static float tanh(float x) {
        float e = exp(Math.abs(x) * -2f);
        float far = (1f - e) / (e + 1f);
        float x2 = x * x;
        float near = (Math.fma(Math.fma(Math.fma(Math.fma(T11, x2, T9), x2, T7), x2, T5), x2, T3) * x2 + 1f) * x;
        return Math.abs(x) < TANH_SERIES ? near : x < 0 ? -far : far;
    }
}
