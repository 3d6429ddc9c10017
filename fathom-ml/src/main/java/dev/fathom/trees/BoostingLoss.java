package dev.fathom.trees;

import dev.fathom.estimators.math.LogisticMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * What gradient boosting minimizes, as scikit-learn's {@code HistGradientBoosting} losses (the
 * "half" forms, whose gradients carry no factor 2). Each tree fits a Newton step on the gradient
 * {@code g} and hessian {@code h} of the loss at the current raw predictions.
 *
 * <ul>
 *   <li>{@link #LOG_LOSS}: classification; binary on one logit ({@code g = σ(raw) - y},
 *       {@code h = σ(1 - σ)}), multinomial on one raw score per class ({@code g_k = p_k - [y = k]},
 *       {@code h_k = p_k(1 - p_k)});</li>
 *   <li>{@link #SQUARED_ERROR}: {@code ½(raw - y)²}, {@code g = raw - y}, {@code h = 1};</li>
 *   <li>{@link #ABSOLUTE_ERROR}: {@code |raw - y|}, {@code g = sign(raw - y)}, {@code h = 1}; each
 *       leaf then predicts the median of its rows' residuals, as scikit-learn does.</li>
 * </ul>
 *
 * <pre>{@code
 * new HistGradientBoostingRegressor().loss(BoostingLoss.ABSOLUTE_ERROR);
 * }</pre>
 */
public enum BoostingLoss {
    /** Cross-entropy of the predicted class probabilities. */
    LOG_LOSS,
    /** Half the squared error. */
    SQUARED_ERROR,
    /** The absolute error: robust to outliers in the target. */
    ABSOLUTE_ERROR;

    boolean constantHessian() {
        return this != LOG_LOSS;
    }

    /**
     * The raw prediction that minimizes the loss with no features, per output: the logit of the
     * positive share (binary), the centred log of each class's share (multinomial), the mean, the median.
     */
    double[] baseline(double[] y, int outputs) {
        int n = y.length;
        double[] out = new double[outputs];
        switch (this) {
            case SQUARED_ERROR -> {
                double s = 0;
                for (double v : y) s += v;
                out[0] = s / n;
            }
            case ABSOLUTE_ERROR -> out[0] = median(y.clone(), n);
            case LOG_LOSS -> {
                double eps = Math.ulp(1.0);
                if (outputs == 1) {
                    double s = 0;
                    for (double v : y) s += v;
                    double p = Math.clamp(s / n, eps, 1 - eps);
                    out[0] = Math.log(p / (1 - p));
                } else {
                    double[] count = new double[outputs];
                    for (double v : y) count[(int) v]++;
                    double mean = 0;
                    for (int k = 0; k < outputs; k++) {
                        out[k] = Math.log(Math.clamp(count[k] / n, eps, 1 - eps));
                        mean += out[k];
                    }
                    for (int k = 0; k < outputs; k++) out[k] -= mean / outputs;
                }
            }
        }
        return out;
    }

    /** Rows per task of {@link #gradients}: each row's values depend on that row alone, so any split gives the same bits. */
    private static final int CHUNK = 16_384;

    /**
     * Fills the gradients and hessians {@code [outputs][rows]} at raw predictions {@code raw [rows * outputs]};
     * {@code h} is left alone for the losses of a constant hessian. Large data is split over the threads.
     */
    void gradients(double[] y, double[] raw, int outputs, float[][] g, float[][] h) {
        int n = y.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks == 1) gradients(y, raw, outputs, g, h, 0, n);
        else TreeThreads.forEach(chunks, c -> gradients(y, raw, outputs, g, h, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    private void gradients(double[] y, double[] raw, int outputs, float[][] g, float[][] h, int lo, int hi) {
        switch (this) {
            case SQUARED_ERROR -> {
                float[] g0 = g[0];
                for (int i = lo; i < hi; i++) g0[i] = (float) (raw[i] - y[i]);
            }
            case ABSOLUTE_ERROR -> {
                float[] g0 = g[0];
                for (int i = lo; i < hi; i++) g0[i] = raw[i] > y[i] ? 1f : -1f;
            }
            case LOG_LOSS -> {
                if (outputs == 1) {
                    binary(y, raw, g[0], h[0], lo, hi);
                } else {
                    double[] p = new double[outputs];
                    for (int i = lo; i < hi; i++) {
                        softmax(raw, i * outputs, outputs, p);
                        int c = (int) y[i];
                        for (int k = 0; k < outputs; k++) {
                            g[k][i] = (float) (p[k] - (k == c ? 1 : 0));
                            h[k][i] = (float) (p[k] * (1 - p[k]));
                        }
                    }
                }
            }
        }
    }

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, VectorShape.forBitSize(S.length() * Float.SIZE));

    /**
     * Two-class log loss: {@code p = σ(raw)}, {@code g = p - y}, {@code h = p(1 - p)}, a vector of
     * rows at a time; {@link #sigmoid}'s steps lane by lane ({@link LogisticMath}'s exponential, which
     * rounds the same in lanes and scalars, compiled or not), so every row gets the same bits
     * whichever loop computes it.
     */
    private static void binary(double[] y, double[] raw, float[] g, float[] h, int lo, int hi) {
        int i = lo;
        for (int end = lo + S.loopBound(hi - lo); i < end; i += S.length()) {
            DoubleVector z = DoubleVector.fromArray(S, raw, i);
            DoubleVector e = LogisticMath.expNegative(z.abs());
            VectorMask<Double> positive = z.compare(VectorOperators.GE, 0);
            DoubleVector p = DoubleVector.broadcast(S, 1).blend(e, positive.not()).div(e.add(1));
            DoubleVector gd = p.sub(DoubleVector.fromArray(S, y, i));
            DoubleVector hd = p.mul(p.neg().add(1));
            ((FloatVector) gd.convertShape(VectorOperators.D2F, FS, 0)).intoArray(g, i);
            ((FloatVector) hd.convertShape(VectorOperators.D2F, FS, 0)).intoArray(h, i);
        }
        for (; i < hi; i++) {
            double p = sigmoid(raw[i]);
            g[i] = (float) (p - y[i]);
            h[i] = (float) (p * (1 - p));
        }
    }

    /** The mean loss at raw predictions {@code raw [rows * outputs]}. */
    double loss(double[] y, double[] raw, int outputs) {
        int n = y.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            switch (this) {
                case SQUARED_ERROR -> s += 0.5 * (raw[i] - y[i]) * (raw[i] - y[i]);
                case ABSOLUTE_ERROR -> s += Math.abs(raw[i] - y[i]);
                case LOG_LOSS -> {
                    if (outputs == 1) {
                        // log(1 + e^z) - y·z, computed without overflow
                        double z = raw[i];
                        s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
                    } else {
                        int base = i * outputs;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int k = 0; k < outputs; k++) max = Math.max(max, raw[base + k]);
                        double sum = 0;
                        for (int k = 0; k < outputs; k++) sum += Math.exp(raw[base + k] - max);
                        s += max + Math.log(sum) - raw[base + (int) y[i]];
                    }
                }
            }
        }
        return s / n;
    }

    static double sigmoid(double z) {
        double e = LogisticMath.expNegative(Math.abs(z));   // one exponential, never overflowing
        return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    static void softmax(double[] raw, int base, int outputs, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < outputs; k++) max = Math.max(max, raw[base + k]);
        double sum = 0;
        for (int k = 0; k < outputs; k++) sum += p[k] = Math.exp(raw[base + k] - max);
        for (int k = 0; k < outputs; k++) p[k] /= sum;
    }

    /** NumPy's median of the first {@code n} values (the mean of the middle two for an even count); reorders them. */
    static double median(double[] v, int n) {
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) * 0.5;
    }
}
