package dev.fathom.estimators.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LogisticMath}'s exponential and logarithm against {@link Math}'s, and its lanes against its scalars. */
class LogisticMathTest {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Test
    void expNegativeIsWithinAFewUlpsOfMathExp() {
        Random r = new Random(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double a = i < 100_000 ? r.nextDouble() * 40 : r.nextDouble() * 708;
            double expected = Math.exp(-a);
            worst = Math.max(worst, Math.abs(LogisticMath.expNegative(a) - expected) / expected);
        }
        for (double a : new double[] {0, Double.MIN_VALUE, 1e-300, 1e-17, Math.log(2) / 2, Math.log(2), 1, 700, 708}) {
            double expected = Math.exp(-a);
            worst = Math.max(worst, Math.abs(LogisticMath.expNegative(a) - expected) / expected);
        }
        assertTrue(worst <= 6e-16, "largest relative error " + worst);
        assertEquals(1.0, LogisticMath.expNegative(0), 0.0);
        // beyond e^-708 it stays there (a normal double, as good as 0 next to 1 + e)
        assertEquals(LogisticMath.expNegative(708), LogisticMath.expNegative(800), 0.0);
        assertEquals(LogisticMath.expNegative(708), LogisticMath.expNegative(Double.MAX_VALUE), 0.0);
        assertTrue(LogisticMath.expNegative(708) < 4e-308 && LogisticMath.expNegative(708) > 0);
    }

    @Test
    void log1pUnitIsWithinAFewUlpsOfMathLog1p() {
        Random r = new Random(6);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double e = i % 2 == 0 ? r.nextDouble() : Math.exp(-r.nextDouble() * 700);
            double expected = Math.log1p(e);
            worst = Math.max(worst, Math.abs(LogisticMath.log1pUnit(e) - expected) / expected);
        }
        assertTrue(worst <= 6e-16, "largest relative error " + worst);
        assertEquals(0.0, LogisticMath.log1pUnit(0), 0.0);
        assertEquals(Math.log(2), LogisticMath.log1pUnit(1), 2e-16);
    }

    @Test
    void lanesGiveTheScalarsBits() {
        Random r = new Random(7);
        int lanes = S.length();
        double[] a = new double[lanes], e = new double[lanes], outA = new double[lanes], outE = new double[lanes];
        for (int round = 0; round < 5_000; round++) {
            for (int q = 0; q < lanes; q++) {
                a[q] = round % 50 == 0 ? 750 * r.nextDouble() : 30 * r.nextDouble();
                e[q] = r.nextDouble();
            }
            LogisticMath.expNegative(DoubleVector.fromArray(S, a, 0)).intoArray(outA, 0);
            LogisticMath.log1pUnit(DoubleVector.fromArray(S, e, 0)).intoArray(outE, 0);
            for (int q = 0; q < lanes; q++) {
                assertEquals(Double.doubleToRawLongBits(LogisticMath.expNegative(a[q])), Double.doubleToRawLongBits(outA[q]), "e^-" + a[q]);
                assertEquals(Double.doubleToRawLongBits(LogisticMath.log1pUnit(e[q])), Double.doubleToRawLongBits(outE[q]), "log1p " + e[q]);
            }
        }
    }
}
