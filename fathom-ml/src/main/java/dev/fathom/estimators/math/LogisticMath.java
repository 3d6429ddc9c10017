package dev.fathom.estimators.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two transcendental functions of the two-class log loss, {@code e^-a} for {@code a ≥ 0} and
 * {@code log(1 + e)} for {@code e} in [0, 1], on vectors of doubles and on scalars, from
 * multiply-adds, divisions and bit shifts only, in the same order both ways. Every one of those
 * operations is exactly rounded whether the JIT has compiled it or not, so a lane gives the same
 * bits as the scalar twin and as itself before and after compilation (the Vector API's own {@code
 * EXP} and {@code LOG} may differ in the last bit between interpreted and compiled code). Both err
 * by a few units in the last place (LogisticMathTest: within 6e-16 of {@link Math}'s, relative),
 * far below what the line search compares. Four lanes of each cost about what one {@link
 * Math#exp} and one {@link Math#log} call do. Shared by the logistic regression's loss and
 * histogram boosting's log loss; the package is not exported (an internal kernel of fathom-ml).
 *
 * <pre>{@code
 * LogisticMath.expNegative(2.0);   // e^-2 = 0.1353352832366127
 * LogisticMath.log1pUnit(1.0);     // log 2 = 0.6931471805599453
 * }</pre>
 */
public final class LogisticMath {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double INV_LN2 = 1.4426950408889634;
    /** ln 2 in two parts, fdlibm's: the high part's low bits are zero, so k · LN2_HI is exact for k below 2^11. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 · 2^52: adding it rounds to an integer held in the low bits of the sum. */
    private static final double ROUND = 6755399441055744.0;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** e^-708 is still a normal double; beyond, the result stays e^-708 (about 3e-308), as good as 0 for the loss. */
    private static final double MAX = 708;
    /** Taylor coefficients of e^u, 1/13! down to 1: |u| ≤ ln 2 / 2 leaves a remainder below 1e-17. */
    private static final double[] EXP = new double[14];
    /** Coefficients of atanh(s)/s in s², 1/31 down to 1: s ≤ 1/3 leaves a remainder below 1e-16. */
    private static final double[] LOG = new double[16];

    static {
        double factorial = 1;
        for (int q = 0; q < EXP.length; q++) {
            if (q > 0) factorial *= q;
            EXP[EXP.length - 1 - q] = 1 / factorial;
        }
        for (int q = 0; q < LOG.length; q++) LOG[LOG.length - 1 - q] = 1.0 / (2 * q + 1);
    }

    private LogisticMath() {}

    /**
     * {@code e^-a} for {@code a ≥ 0}: {@code a = k·ln 2 + r} with k the nearest integer, then
     * {@code 2^-k · e^-r}, a polynomial for {@code e^-r}.
     */
    public static double expNegative(double a) {
        a = Math.min(a, MAX);
        double t = Math.fma(a, INV_LN2, ROUND);
        double k = t - ROUND;
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, a));
        double u = -r;
        double p = EXP[0];
        for (int q = 1; q < EXP.length; q++) p = Math.fma(p, u, EXP[q]);
        long kl = Double.doubleToRawLongBits(t) - ROUND_BITS;
        return p * Double.longBitsToDouble((1023 - kl) << 52);
    }

    /** {@link #expNegative(double)} lane by lane. */
    public static DoubleVector expNegative(DoubleVector a) {
        a = a.min(MAX);
        DoubleVector t = a.fma(DoubleVector.broadcast(S, INV_LN2), DoubleVector.broadcast(S, ROUND));
        DoubleVector k = t.sub(ROUND);
        DoubleVector minusK = k.neg();
        DoubleVector r = minusK.fma(DoubleVector.broadcast(S, LN2_LO), minusK.fma(DoubleVector.broadcast(S, LN2_HI), a));
        DoubleVector u = r.neg();
        DoubleVector p = DoubleVector.broadcast(S, EXP[0]);
        for (int q = 1; q < EXP.length; q++) p = p.fma(u, DoubleVector.broadcast(S, EXP[q]));
        LongVector kl = ((LongVector) t.reinterpretAsLongs()).sub(ROUND_BITS);
        LongVector bits = kl.neg().add(1023).lanewise(VectorOperators.LSHL, 52);
        return p.mul((DoubleVector) bits.reinterpretAsDoubles());
    }

    /** {@code log(1 + e)} for {@code e} in [0, 1]: {@code 2·atanh(s)} with {@code s = e / (2 + e)} in [0, 1/3]. */
    public static double log1pUnit(double e) {
        double s = e / (2 + e);
        double s2 = s * s;
        double p = LOG[0];
        for (int q = 1; q < LOG.length; q++) p = Math.fma(p, s2, LOG[q]);
        return 2 * s * p;
    }

    /** {@link #log1pUnit(double)} lane by lane. */
    public static DoubleVector log1pUnit(DoubleVector e) {
        DoubleVector s = e.div(e.add(2));
        DoubleVector s2 = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(S, LOG[0]);
        for (int q = 1; q < LOG.length; q++) p = p.fma(s2, DoubleVector.broadcast(S, LOG[q]));
        return s.mul(2).mul(p);
    }
}
