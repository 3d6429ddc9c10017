package dev.fathom.validation;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.FitsStandardized;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * An estimator behind a standard scaler, as scikit-learn's
 * {@code make_pipeline(StandardScaler(), estimator)}: {@link #fit} learns each feature's mean and
 * population standard deviation from the training rows only, and every later call scales its input
 * with those. Inside cross-validation each fold therefore scales with its own training statistics,
 * and nothing about the test rows leaks into training. A constant feature is only centred (scale 1),
 * as scikit-learn does.
 *
 * <pre>{@code
 * CrossValidationResult cv = Validation.crossValidate(() -> new StandardizedEstimator(new LogisticRegression()),
 *         bc.features(), bc.labels(), new StratifiedKFold(5));
 * cv.mean();   // 0.98 on breast cancer; scikit-learn's pipeline gives 0.9807
 * }</pre>
 */
public final class StandardizedEstimator extends FeatureMappingEstimator {
    private double[] mean;
    private double[] scale;

    /** Scales features before {@code inner} sees them; {@code inner} should be fresh (it is fitted here). */
    public StandardizedEstimator(Estimator inner) {
        super("StandardizedEstimator", inner);
    }

    /** Each feature's training mean (a copy). @throws IllegalStateException before fit */
    public double[] mean() {
        checkFitted();
        return mean.clone();
    }

    /** Each feature's training standard deviation, 1 for constant features (a copy). @throws IllegalStateException before fit */
    public double[] scale() {
        checkFitted();
        return scale.clone();
    }

    @Override
    public StandardizedEstimator fit(Tensor x, Tensor y) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("StandardizedEstimator: x must be [samples, features], got shape " + Arrays.toString(x.shape()));
        }
        int n = x.shape(0);
        int f = x.shape(1);
        if (n == 0) throw new IllegalArgumentException("StandardizedEstimator: no samples to fit");
        double[] m = new double[f];
        double[] s = new double[f];
        if (x.dtype() == DType.FLOAT32) moments(x.toFloatArray(), n, f, m, s);   // read as it is: no float64 copy (the sums are float64 all the same)
        else moments(x.asType(DType.FLOAT64).toDoubleArray(), n, f, m, s);
        mean = m;
        scale = s;
        // An inner model that can fold the scaling into its own pass skips the standardized copy.
        if (inner instanceof FitsStandardized standardizing) standardizing.fitStandardized(x, y, m, s);
        else inner.fit(transform(x), y);
        return this;
    }

    /*
     * The column statistics' loops stand in methods of their own, apart from fit: a loop over the rows in
     * fit itself was compiled on stack (OSR) with the rest of fit, the inner model's whole fit inlined
     * into it, at each loop (fit was compiled five times by C2 in a run of `fathom train digits`).
     */

    /** Each column's mean into {@code m} and population standard deviation into {@code s} (1 for a constant column). */
    private static void moments(float[] v, int n, int f, double[] m, double[] s) {
        for (int i = 0, o = 0; i < n; i++) for (int j = 0; j < f; j++, o++) m[j] += v[o];
        for (int j = 0; j < f; j++) m[j] /= n;
        for (int i = 0, o = 0; i < n; i++) {
            for (int j = 0; j < f; j++, o++) {
                double d = v[o] - m[j];
                s[j] += d * d;
            }
        }
        scales(s, n);
    }

    /** {@link #moments(float[], int, int, double[], double[])} of float64 values. */
    private static void moments(double[] v, int n, int f, double[] m, double[] s) {
        for (int i = 0, o = 0; i < n; i++) for (int j = 0; j < f; j++, o++) m[j] += v[o];
        for (int j = 0; j < f; j++) m[j] /= n;
        for (int i = 0, o = 0; i < n; i++) {
            for (int j = 0; j < f; j++, o++) {
                double d = v[o] - m[j];
                s[j] += d * d;
            }
        }
        scales(s, n);
    }

    /** Sums of squared deviations into standard deviations, 1 for a constant column (nothing to scale). */
    private static void scales(double[] s, int n) {
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.sqrt(s[j] / n);
            if (s[j] == 0) s[j] = 1;
        }
    }

    /**
     * {@code x} scaled with the training statistics, as float32.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException when x has another number of features than the training data
     */
    public Tensor transform(Tensor x) {
        checkFitted();
        if (x.rank() != 2 || x.shape(1) != mean.length) {
            throw new IllegalArgumentException("StandardizedEstimator was fitted on " + mean.length + " features but x has shape "
                    + Arrays.toString(x.shape()));
        }
        int f = mean.length;
        float[] out = new float[x.shape(0) * f];
        if (x.dtype() == DType.FLOAT32) {
            float[] v = x.toFloatArray();
            for (int o = 0; o < out.length; ) for (int j = 0; j < f; j++, o++) out[o] = (float) ((v[o] - mean[j]) / scale[j]);
        } else {
            double[] v = x.asType(DType.FLOAT64).toDoubleArray();
            for (int o = 0; o < out.length; ) for (int j = 0; j < f; j++, o++) out[o] = (float) ((v[o] - mean[j]) / scale[j]);
        }
        return Tensor.of(out, x.shape(0), f);
    }

    @Override
    Tensor innerInput(Tensor x) {
        return transform(x);
    }

    private void checkFitted() {
        checkFitted(mean != null);
    }

    /** Writes the training means and scales (float64, exact) and the inner estimator. */
    @Override
    public void saveState(EstimatorState state) {
        checkFitted();
        state.putDoubles("mean", mean).putDoubles("scale", scale).putChild("inner", inner);
    }

    /** The fitted wrapper {@link #saveState} wrote, its inner estimator restored. */
    public static StandardizedEstimator fromState(EstimatorState state) {
        StandardizedEstimator s = new StandardizedEstimator(state.estimator("inner"));
        double[] m = state.finiteDoubles("mean");
        double[] sc = state.finiteDoubles("scale");
        if (m.length != sc.length || m.length == 0) {
            throw new IllegalArgumentException(state.path() + ": " + m.length + " means but " + sc.length + " scales");
        }
        s.mean = m;
        s.scale = sc;
        return s;
    }

    @Override
    public String toString() {
        return "StandardScaler → " + inner;
    }
}
