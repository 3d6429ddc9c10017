package dev.fathom.metrics;

import dev.fathom.tensor.Tensor;

/**
 * Errors of a regression model's predictions, equal to scikit-learn's functions of the same names.
 *
 * <pre>{@code
 * double[] y = {3, -0.5, 2, 7};
 * double[] p = {2.5, 0.0, 2, 8};
 * Regression.mse(y, p);        // 0.375
 * Regression.rmse(y, p);       // 0.612...
 * Regression.r2(y, p);         // 0.948...
 * Regression.adjustedR2(y, p, 1);   // 0.923...: penalizes each of the model's features
 * // two targets, row by row: each target's R², averaged
 * Regression.r2(new double[] {1, 10, 2, 20, 3, 35}, new double[] {1.1, 12, 2.2, 19, 2.9, 30}, 2);   // 0.937...
 * }</pre>
 */
public final class Regression {
    private Regression() {}

    /** Mean squared error. */
    public static double mse(double[] yTrue, double[] yPred) {
        check(yTrue, yPred);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double d = yTrue[i] - yPred[i];
            s += d * d;
        }
        return s / yTrue.length;
    }

    /** Root mean squared error: in the target's own units. */
    public static double rmse(double[] yTrue, double[] yPred) {
        return Math.sqrt(mse(yTrue, yPred));
    }

    /** Mean absolute error. */
    public static double mae(double[] yTrue, double[] yPred) {
        check(yTrue, yPred);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
        return s / yTrue.length;
    }

    /**
     * Mean absolute percentage error, as a fraction (0.1 is 10%). A true value of 0 divides by the
     * float64 machine epsilon instead, as scikit-learn does, so it gives a huge but finite error.
     */
    public static double mape(double[] yTrue, double[] yPred) {
        check(yTrue, yPred);
        double eps = Math.ulp(1.0);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), eps);
        return s / yTrue.length;
    }

    /**
     * Root mean squared logarithmic error: the RMSE of log(1 + y), for targets that grow
     * multiplicatively (prices, counts), where being off by 10% matters alike at every size.
     *
     * @throws IllegalArgumentException naming the first negative value, where the logarithm is undefined
     */
    public static double rmsle(double[] yTrue, double[] yPred) {
        check(yTrue, yPred);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] < 0 || yPred[i] < 0) {
                throw new IllegalArgumentException("RMSLE needs values >= 0, but sample " + i + " has "
                        + (yTrue[i] < 0 ? "true value " + yTrue[i] : "prediction " + yPred[i])
                        + "; use RMSE for targets that can be negative, or clip predictions at 0");
            }
            double d = Math.log1p(yTrue[i]) - Math.log1p(yPred[i]);
            s += d * d;
        }
        return Math.sqrt(s / yTrue.length);
    }

    /**
     * The coefficient of determination: 1 − (residual sum of squares) / (total sum of squares).
     * 1 is perfect, 0 is no better than predicting the mean; it can be negative. Constant true values
     * give 1 for perfect predictions and 0 otherwise (scikit-learn's {@code force_finite}).
     *
     * @throws IllegalArgumentException for fewer than two samples, where R² is undefined
     */
    public static double r2(double[] yTrue, double[] yPred) {
        check(yTrue, yPred);
        if (yTrue.length < 2) throw new IllegalArgumentException("R² needs at least 2 samples, got " + yTrue.length);
        double mean = 0;
        for (double v : yTrue) mean += v;
        mean /= yTrue.length;
        double residual = 0, total = 0;
        for (int i = 0; i < yTrue.length; i++) {
            residual += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
            total += (yTrue[i] - mean) * (yTrue[i] - mean);
        }
        if (total == 0) return residual == 0 ? 1 : 0;
        return 1 - residual / total;
    }

    /**
     * R² adjusted for the number of features {@code p}: 1 − (1 − R²)(n − 1)/(n − p − 1), which only
     * rises when a new feature explains more than chance would.
     *
     * @throws IllegalArgumentException when n ≤ p + 1, where the adjustment divides by zero or flips sign
     */
    public static double adjustedR2(double[] yTrue, double[] yPred, int features) {
        int n = yTrue.length;
        if (features < 0) throw new IllegalArgumentException("the number of features must be >= 0, got " + features);
        if (n <= features + 1) {
            throw new IllegalArgumentException("adjusted R² needs more samples than features + 1, but n = " + n + " and p = " + features
                    + "; evaluate on more samples or report plain R²");
        }
        return 1 - (1 - r2(yTrue, yPred)) * (n - 1) / (n - features - 1);
    }

    /**
     * R² of several targets stored row by row ({@code [samples][targets]} flattened): each target's
     * R² on its own, then their unweighted mean, as scikit-learn's default
     * {@code multioutput="uniform_average"}. Pooling the columns instead would measure the spread
     * between targets, not how well each is predicted.
     *
     * @throws IllegalArgumentException when the length is not a multiple of {@code targets}
     */
    public static double r2(double[] yTrue, double[] yPred, int targets) {
        return perTarget(yTrue, yPred, targets, Regression::r2);
    }

    /** RMSE of each of several targets stored row by row, averaged over targets, as scikit-learn's default. */
    public static double rmse(double[] yTrue, double[] yPred, int targets) {
        return perTarget(yTrue, yPred, targets, Regression::rmse);
    }

    /** RMSLE of each of several targets stored row by row, averaged over targets, as scikit-learn's default. */
    public static double rmsle(double[] yTrue, double[] yPred, int targets) {
        return perTarget(yTrue, yPred, targets, Regression::rmsle);
    }

    private static double perTarget(double[] yTrue, double[] yPred, int targets,
                                    java.util.function.ToDoubleBiFunction<double[], double[]> metric) {
        check(yTrue, yPred);
        if (targets < 1 || yTrue.length % targets != 0) {
            throw new IllegalArgumentException(yTrue.length + " values do not split into rows of " + targets
                    + " targets; pass the number of target columns (y.shape(1))");
        }
        if (targets == 1) return metric.applyAsDouble(yTrue, yPred);
        int n = yTrue.length / targets;
        double sum = 0;
        for (int t = 0; t < targets; t++) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = yTrue[i * targets + t];
                b[i] = yPred[i * targets + t];
            }
            sum += metric.applyAsDouble(a, b);
        }
        return sum / targets;
    }

    /** The number of targets of a {@code [samples]} or {@code [samples, targets]} tensor. */
    static int targets(Tensor y) {
        return y.rank() < 2 || y.shape(0) == 0 ? 1 : y.size() / y.shape(0);
    }

    /** {@link #mse(double[], double[])} of two tensors of the same number of elements. */
    public static double mse(Tensor yTrue, Tensor yPred) {
        return mse(yTrue.toDoubleArray(), yPred.toDoubleArray());
    }

    /**
     * {@link #r2(double[], double[])} of two tensors; a {@code [samples, targets]} pair is scored per
     * target and averaged ({@link #r2(double[], double[], int)}).
     */
    public static double r2(Tensor yTrue, Tensor yPred) {
        return r2(yTrue.toDoubleArray(), yPred.toDoubleArray(), targets(yTrue));
    }

    /** {@link #rmse(double[], double[])} of two tensors; several targets are scored each and averaged. */
    public static double rmse(Tensor yTrue, Tensor yPred) {
        return rmse(yTrue.toDoubleArray(), yPred.toDoubleArray(), targets(yTrue));
    }

    /** {@link #rmsle(double[], double[])} of two tensors; several targets are scored each and averaged. */
    public static double rmsle(Tensor yTrue, Tensor yPred) {
        return rmsle(yTrue.toDoubleArray(), yPred.toDoubleArray(), targets(yTrue));
    }

    private static void check(double[] yTrue, double[] yPred) {
        Metrics.checkSameLength("yTrue", yTrue.length, "yPred", yPred.length);
        Metrics.checkNotEmpty("yTrue", yTrue.length);
    }
}
