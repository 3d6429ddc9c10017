package dev.fathom.trees;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each loss's gradient and hessian against central differences of the loss itself, in float64. */
class BoostingLossTest {
    static final double EPS = 1e-5;

    /** The derivative of n · mean loss with respect to raw[at], by central differences. */
    static double numericGradient(BoostingLoss loss, double[] y, double[] raw, int outputs, int at) {
        double[] plus = raw.clone(), minus = raw.clone();
        plus[at] += EPS;
        minus[at] -= EPS;
        return (loss.loss(y, plus, outputs) - loss.loss(y, minus, outputs)) * y.length / (2 * EPS);
    }

    static void check(BoostingLoss loss, double[] y, int outputs, double[] raw) {
        int n = y.length;
        float[][] g = new float[outputs][n], h = new float[outputs][n];
        loss.gradients(y, raw, outputs, g, h);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < outputs; k++) {
                int at = i * outputs + k;
                assertEquals(numericGradient(loss, y, raw, outputs, at), g[k][i], 1e-6, loss + " gradient at row " + i + ", output " + k);
                if (loss.constantHessian()) continue;
                // the hessian is the derivative of the gradient
                double[] plus = raw.clone(), minus = raw.clone();
                plus[at] += EPS;
                minus[at] -= EPS;
                double hn = (numericGradient(loss, y, plus, outputs, at) - numericGradient(loss, y, minus, outputs, at)) / (2 * EPS);
                assertEquals(hn, h[k][i], 1e-4, loss + " hessian at row " + i + ", output " + k);
            }
        }
    }

    @Test
    void gradientsAndHessiansAreTheLossDerivatives() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 12;
        double[] yBinary = new double[n], yClass = new double[n], yValue = new double[n];
        double[] raw1 = new double[n], raw3 = new double[n * 3];
        for (int i = 0; i < n; i++) {
            yBinary[i] = r.nextInt(2);
            yClass[i] = r.nextInt(3);
            yValue[i] = r.nextGaussian() * 3;
            raw1[i] = r.nextGaussian() * 2;
            for (int k = 0; k < 3; k++) raw3[i * 3 + k] = r.nextGaussian() * 2;
        }
        check(BoostingLoss.LOG_LOSS, yBinary, 1, raw1);
        check(BoostingLoss.LOG_LOSS, yClass, 3, raw3);
        check(BoostingLoss.SQUARED_ERROR, yValue, 1, raw1);
        check(BoostingLoss.ABSOLUTE_ERROR, yValue, 1, raw1);   // away from its kink: raw and y are never that close here
    }

    @Test
    void binaryGradientsInLanesEqualTheScalarFormulaToTheBit() {
        // rows in lanes and in the scalar tail, several split points; logits from tiny to past e^-708
        SplittableRandom r = new SplittableRandom(3);
        int n = 100_003;   // more than one chunk over the threads, and no multiple of the lanes
        double[] y = new double[n], raw = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            raw[i] = switch (i % 7) {
                case 0 -> 0.0;
                case 1 -> -0.0;
                case 2 -> r.nextDouble(-800, 800);
                default -> r.nextGaussian() * 4;
            };
        }
        float[][] g = new float[1][n], h = new float[1][n];
        BoostingLoss.LOG_LOSS.gradients(y, raw, 1, g, h);
        for (int i = 0; i < n; i++) {
            double p = BoostingLoss.sigmoid(raw[i]);
            assertEquals(Float.floatToRawIntBits((float) (p - y[i])), Float.floatToRawIntBits(g[0][i]), "gradient at row " + i);
            assertEquals(Float.floatToRawIntBits((float) (p * (1 - p))), Float.floatToRawIntBits(h[0][i]), "hessian at row " + i);
            double exact = 1 / (1 + Math.exp(-raw[i]));
            assertEquals(exact, p, 1e-15, "sigmoid at " + raw[i]);
        }
    }

    @Test
    void baselinesMinimizeTheLossWithNoFeatures() {
        double[] y = {0, 1, 1, 1};
        assertEquals(Math.log(3), BoostingLoss.LOG_LOSS.baseline(y, 1)[0], 1e-15);
        double[] classes = {0, 1, 1, 2};
        double[] b = BoostingLoss.LOG_LOSS.baseline(classes, 3);
        double mean = (Math.log(0.25) + Math.log(0.5) + Math.log(0.25)) / 3;
        assertEquals(Math.log(0.5) - mean, b[1], 1e-15);
        assertEquals(2.5, BoostingLoss.SQUARED_ERROR.baseline(new double[] {1, 2, 3, 4}, 1)[0]);
        assertEquals(2.5, BoostingLoss.ABSOLUTE_ERROR.baseline(new double[] {4, 1, 100, 2, 3, -7}, 1)[0]);
        // the loss at the baseline is lower than a little to either side
        for (BoostingLoss loss : BoostingLoss.values()) {
            double[] t = loss == BoostingLoss.LOG_LOSS ? y : new double[] {1, 2, 4, 8, 9};
            double base = loss.baseline(t, 1)[0];
            double at = loss.loss(t, filled(t.length, base), 1);
            assertEquals(true, at < loss.loss(t, filled(t.length, base + 0.01), 1) && at < loss.loss(t, filled(t.length, base - 0.01), 1), loss.name());
        }
    }

    static double[] filled(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
