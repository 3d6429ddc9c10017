package dev.fathom.backend.cpu;

import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
    // Comparisons write 1 where true, 0 where false. Kernels spell their vector steps out rather than
    // calling helpers that take or return vectors: a helper the JIT compiles on its own before a caller
    // may not be inlined into it later, and its vectors then cross the call as heap objects (ten times
    // slower, and gigabytes of garbage a second in a training loop).
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
    /** Int lanes matching the float lanes one for one, for index vectors beside value vectors. */
    private static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());

    private FloatKernels() {}

    /*
     * Every op has its own small loop that names its vector operation directly. A shared loop that
     * takes the operation as an argument (an enum switch, a VectorOperators constant, a lambda) is
     * compiled once for all ops, the operation is then not a constant, and the Vector API falls back
     * to boxing each vector as an object: ten times slower than scalar code.
     */

    static void unary(UnaryOp op, float[] x, int xo, int xs, float[] out, int oo, int os, int n) {
        int i = 0;
        if (xs == 1 && os == 1) {
            i = switch (op) {
                case NEG -> neg(x, xo, out, oo, n);
                case EXP -> VectorMath.exp(x, xo, out, oo, n);
                case SQRT -> sqrt(x, xo, out, oo, n);
                case ABS -> abs(x, xo, out, oo, n);
                case TANH -> VectorMath.tanh(x, xo, out, oo, n);
                case RELU -> relu(x, xo, out, oo, n);
                case SIGMOID -> VectorMath.sigmoid(x, xo, out, oo, n);
                case SIGN -> sign(x, xo, out, oo, n);
                // The Vector API's LOG, SIN and COS differ between compiled and interpreted code (see VectorMath):
                // Math's, one value at a time, give the same bits in every run.
                case LOG, SIN, COS -> 0;
            };
        }
        for (; i < n; i++) out[oo + i * os] = apply(op, x[xo + i * xs]);
    }

    /** One value, with the same bits as the vector loops give it. */
    private static float apply(UnaryOp op, float v) {
        return switch (op) {
            case EXP -> VectorMath.exp(v);
            case TANH -> VectorMath.tanh(v);
            case SIGMOID -> VectorMath.sigmoid(v);
            default -> (float) op.apply(v);
        };
    }

    private static int neg(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            v.neg().intoArray(out, oo + i);
        }
        return i;
    }

    private static int sqrt(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            v.sqrt().intoArray(out, oo + i);
        }
        return i;
    }

    private static int abs(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            v.abs().intoArray(out, oo + i);
        }
        return i;
    }

    // max keeps NaN, like the reference: a diverged value must not turn into a plausible 0.
    private static int relu(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            v.max(0f).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sign(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xo + i);
            FloatVector.zero(SPECIES).blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .blend(v, v.test(VectorOperators.IS_NAN)).intoArray(out, oo + i);
        }
        return i;
    }

    static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                       float[] out, int oo, int os, int n) {
        int i = 0;
        // Vector path: unit-stride output, each operand unit-stride or one repeated value (stride 0).
        if (os == 1 && (as == 1 || as == 0) && (bs == 1 || bs == 0)) {
            i = switch (op) {
                case ADD -> add(a, ao, as, b, bo, bs, out, oo, n);
                case SUB -> sub(a, ao, as, b, bo, bs, out, oo, n);
                case MUL -> mul(a, ao, as, b, bo, bs, out, oo, n);
                case DIV -> div(a, ao, as, b, bo, bs, out, oo, n);
                case POW -> pow(a, ao, as, b, bo, bs, out, oo, n);
                case MAXIMUM -> maximum(a, ao, as, b, bo, bs, out, oo, n);
                case MINIMUM -> minimum(a, ao, as, b, bo, bs, out, oo, n);
                case EQ -> eq(a, ao, as, b, bo, bs, out, oo, n);
                case NE -> ne(a, ao, as, b, bo, bs, out, oo, n);
                case LT -> lt(a, ao, as, b, bo, bs, out, oo, n);
                case LE -> le(a, ao, as, b, bo, bs, out, oo, n);
                case GT -> gt(a, ao, as, b, bo, bs, out, oo, n);
                case GE -> ge(a, ao, as, b, bo, bs, out, oo, n);
            };
        }
        for (; i < n; i++) out[oo + i * os] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    /** {@code out = cond != 0 ? a : b} over n elements; a and b may be one repeated value (stride 0). */
    static void where(float[] cond, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs,
                      float[] out, int oo, int os, int n) {
        int i = 0;
        if (cs == 1 && os == 1 && (as == 1 || as == 0) && (bs == 1 || bs == 0)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                VectorMask<Float> take = FloatVector.fromArray(SPECIES, cond, co + i).compare(VectorOperators.NE, 0f);
                FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
                FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
                y.blend(x, take).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) out[oo + i * os] = cond[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.add(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.sub(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.mul(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.div(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int pow(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.pow(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int maximum(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.max(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int minimum(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            x.min(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int eq(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.eq(y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ne(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.compare(VectorOperators.NE, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int lt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.lt(y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int le(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.compare(VectorOperators.LE, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.compare(VectorOperators.GT, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ge(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector x = as == 0 ? FloatVector.broadcast(SPECIES, a[ao]) : FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector y = bs == 0 ? FloatVector.broadcast(SPECIES, b[bo]) : FloatVector.fromArray(SPECIES, b, bo + i);
            ZERO.blend(ONE, x.compare(VectorOperators.GE, y)).intoArray(out, oo + i);
        }
        return i;
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
     * Whether {@code x[xo .. xo + n)} holds no NaN and no infinity: {@code v * 0} is 0 for every
     * finite v and NaN otherwise, and a sum of zeros stays 0, so one NaN anywhere shows at the end.
     */
    static boolean allFinite(float[] x, int xo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            acc = acc.add(FloatVector.fromArray(SPECIES, x, xo + i).mul(0f));
        }
        if (sumLanes(acc) != 0f) return false;
        for (; i < n; i++) if (!Float.isFinite(x[xo + i])) return false;
        return true;
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

    /**
     * For each column {@code k} of {@code [from, to)} of a {@code [reduced, stride]} block at
     * {@code xo}, the row of its largest ({@code max}) or smallest value: the first on ties, the
     * first NaN if any (as the scalar argReduce does). Whole vectors of columns at a time, with
     * blends rather than branches.
     */
    static void argReduceColumns(boolean max, float[] x, int xo, int reduced, int stride, int[] out, int oo, int from, int to) {
        int k = from;
        for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
            FloatVector best = FloatVector.fromArray(SPECIES, x, xo + k);
            IntVector index = IntVector.zero(INT_SPECIES);
            for (int r = 1; r < reduced; r++) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, xo + r * stride + k);
                VectorMask<Float> take = best.compare(max ? VectorOperators.GT : VectorOperators.LT, v).not()
                        .and(best.compare(VectorOperators.EQ, v).not())   // strictly better, or v is NaN ...
                        .andNot(best.test(VectorOperators.IS_NAN));     // ... unless a NaN already won
                best = best.blend(v, take);
                index = index.blend(r, take.cast(INT_SPECIES));
            }
            index.intoArray(out, oo + k);
        }
        for (; k < to; k++) {
            int bestRow = 0;
            float bestValue = x[xo + k];
            for (int r = 1; r < reduced && !Float.isNaN(bestValue); r++) {
                float v = x[xo + r * stride + k];
                if (Float.isNaN(v) || (max ? v > bestValue : v < bestValue)) {
                    bestRow = r;
                    bestValue = v;
                }
            }
            out[oo + k] = bestRow;
        }
    }
}
