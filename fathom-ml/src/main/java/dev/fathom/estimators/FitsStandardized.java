package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

/**
 * An estimator that fits on standardized features without a standardized copy of them, as {@code
 * fit((x − mean) / scale, y)} column by column would: {@link
 * dev.fathom.validation.StandardizedEstimator} calls {@link #fitStandardized} instead of fitting on
 * its transformed copy, which on a large table saves a pass over the rows and a copy of them. The
 * fitted estimator then takes standardized rows, as after the plain fit.
 *
 * <pre>{@code
 * Estimator inner = new LogisticRegression();
 * if (inner instanceof FitsStandardized s) s.fitStandardized(x, y, mean, scale);   // as inner.fit(standardized, y)
 * }</pre>
 */
public interface FitsStandardized extends Estimator {
    /**
     * Fits on {@code (x − mean) / scale}, one mean and one positive scale per column, without
     * making that copy. Returns this.
     */
    Estimator fitStandardized(Tensor x, Tensor y, double[] mean, double[] scale);
}
