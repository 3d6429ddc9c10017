package dev.fathom.backend.cpu;

import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels for float32: the Vector API on unit-stride rows, scalar code for the rest (strided
 * rows and the tail shorter than one vector).
 */
final class FloatKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private FloatKernels() {}

    static void unary(UnaryOp op, float[] x, int xo, int xs, float[] out, int oo, int os, int n) {
        int i = 0;
        if (xs == 1 && os == 1) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                apply(op, FloatVector.fromArray(SPECIES, x, xo + i)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) out[oo + i * os] = (float) op.apply(x[xo + i * xs]);
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case SQRT -> v.lanewise(VectorOperators.SQRT);
            case ABS -> v.abs();
            case SIGN -> {
                FloatVector zero = FloatVector.zero(SPECIES);
                yield zero.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                        .blend(v, v.test(VectorOperators.IS_NAN));
            }
            case TANH -> v.lanewise(VectorOperators.TANH);
            // exp(-x) overflows to +inf for x < -88, and 1/(1+inf) is the correct limit 0.
            case SIGMOID -> FloatVector.broadcast(SPECIES, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            // max keeps NaN, like the reference: a diverged value must not turn into a plausible 0.
            case RELU -> v.max(0f);
            case SIN -> v.lanewise(VectorOperators.SIN);
            case COS -> v.lanewise(VectorOperators.COS);
        };
    }

    static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int os, int n) {
        int i = 0;
        if (os == 1 && (as == 1 || as == 0) && (bs == 1 || bs == 0)) {
            int bound = SPECIES.loopBound(n);
            if (as == 1 && bs == 1) {
                for (; i < bound; i += LANES) {
                    apply(op, FloatVector.fromArray(SPECIES, a, ao + i), FloatVector.fromArray(SPECIES, b, bo + i))
                            .intoArray(out, oo + i);
                }
            } else if (as == 1) {
                FloatVector vb = FloatVector.broadcast(SPECIES, b[bo]);
                for (; i < bound; i += LANES) {
                    apply(op, FloatVector.fromArray(SPECIES, a, ao + i), vb).intoArray(out, oo + i);
                }
            } else if (bs == 1) {
                FloatVector va = FloatVector.broadcast(SPECIES, a[ao]);
                for (; i < bound; i += LANES) {
                    apply(op, va, FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(out, oo + i);
                }
            }
        }
        for (; i < n; i++) out[oo + i * os] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.lanewise(VectorOperators.POW, b);
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            case EQ -> truth(a.compare(VectorOperators.EQ, b));
            case NE -> truth(a.compare(VectorOperators.NE, b));
            case LT -> truth(a.compare(VectorOperators.LT, b));
            case LE -> truth(a.compare(VectorOperators.LE, b));
            case GT -> truth(a.compare(VectorOperators.GT, b));
            case GE -> truth(a.compare(VectorOperators.GE, b));
        };
    }

    private static FloatVector truth(VectorMask<Float> mask) {
        return FloatVector.zero(SPECIES).blend(1f, mask);
    }

    /** Sum of a row, with one accumulator per lane so the adds run in parallel. */
    static float sum(float[] x, int xo, int xs, int n) {
        int i = 0;
        float s = 0;
        if (xs == 1) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                acc = acc.add(FloatVector.fromArray(SPECIES, x, xo + i));
            }
            s = sumLanes(acc);
        }
        for (; i < n; i++) s += x[xo + i * xs];
        return s;
    }

    /**
     * The sum of a vector's lanes, added first to last. Not {@code reduceLanes(ADD)}: it leaves the
     * order open, and compiled and interpreted code do differ, so the same data could sum to
     * different values within one run.
     */
    static float sumLanes(FloatVector v) {
        float s = 0;
        for (int lane = 0; lane < LANES; lane++) s += v.lane(lane);
        return s;
    }

    /** {@code acc[i] += x[i]} (SUM) or the running max/min, over a row. */
    static void accumulate(boolean sum, boolean max, float[] x, int xo, float[] acc, int ao, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            FloatVector a = FloatVector.fromArray(SPECIES, acc, ao + i);
            FloatVector r = sum ? a.add(v) : max ? a.max(v) : a.min(v);
            // max/min must let NaN through, as the scalar combine does.
            if (!sum) r = r.blend(v, v.test(VectorOperators.IS_NAN));
            r.intoArray(acc, ao + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            float a = acc[ao + i];
            acc[ao + i] = sum ? a + v : Float.isNaN(v) ? v : max ? Math.max(a, v) : Math.min(a, v);
        }
    }
}
