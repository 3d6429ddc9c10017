package dev.fathom.workflow;

import org.apache.commons.statistics.distribution.TDistribution;

import java.util.Locale;

/**
 * Whether one model beats another by more than chance, judged from their scores on the same
 * cross-validation folds: the corrected resampled paired t-test of Nadeau and Bengio (2003,
 * "Inference for the Generalization Error", Machine Learning 52). The folds share training rows, so
 * their score differences are correlated and the ordinary paired t-test is far too confident; the
 * correction widens the variance of the mean difference from {@code s²/k} to
 * {@code (1/k + nTest/nTrain) · s²}. With k-fold cross-validation {@code nTest/nTrain = 1/(k-1)}.
 *
 * <pre>{@code
 * double[] mlp = {0.97, 0.98, 0.96, 0.97, 0.99};
 * double[] knn = {0.96, 0.97, 0.96, 0.95, 0.97};
 * PairedTTest.Result r = PairedTTest.corrected(mlp, knn, 1.0 / 4);   // 5 folds: test/train = 1/4
 * r.pValue();          // 0.11: not significant at 0.05
 * }</pre>
 */
public final class PairedTTest {
    private PairedTTest() {}

    /**
     * The test's outcome.
     *
     * @param meanDifference the mean of {@code a[i] - b[i]}
     * @param t              the corrected t statistic (infinite when every difference is the same non-zero value)
     * @param degreesOfFreedom folds − 1
     * @param pValue         two-sided: the chance of a difference at least this large if the models were equally good
     */
    public record Result(double meanDifference, double t, int degreesOfFreedom, double pValue) {
        /** Whether {@link #pValue} is below {@code alpha}. */
        public boolean significant(double alpha) {
            return pValue < alpha;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mean difference %+.4f, t = %.3f (df %d), p = %.4f", meanDifference, t, degreesOfFreedom, pValue);
        }
    }

    /**
     * The corrected resampled paired t-test of the per-fold scores {@code a} and {@code b}.
     *
     * @param testTrainRatio rows tested over rows trained per fold ({@code 1/(k-1)} for k-fold)
     * @throws IllegalArgumentException when the arrays differ in length, hold fewer than 2 folds or a
     *     non-finite score, or the ratio is negative
     */
    public static Result corrected(double[] a, double[] b, double testTrainRatio) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException("PairedTTest: the two models need scores on the same folds, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length) + " scores");
        }
        int k = a.length;
        if (k < 2) throw new IllegalArgumentException("PairedTTest: needs at least 2 folds to estimate a variance, got " + k);
        if (!(testTrainRatio >= 0) || Double.isInfinite(testTrainRatio)) {
            throw new IllegalArgumentException("PairedTTest: testTrainRatio must be finite and >= 0, got " + testTrainRatio);
        }
        double[] d = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("PairedTTest: fold " + i + " has a non-finite score (" + a[i] + ", " + b[i] + ")");
            }
            d[i] = a[i] - b[i];
            mean += d[i];
        }
        mean /= k;
        double ss = 0;
        for (double v : d) ss += (v - mean) * (v - mean);
        double variance = ss / (k - 1);
        int df = k - 1;
        double se = Math.sqrt((1.0 / k + testTrainRatio) * variance);
        if (se == 0) {
            // Every fold differs by the same amount: no doubt left, unless that amount is zero.
            return mean == 0 ? new Result(0, 0, df, 1) : new Result(mean, Math.copySign(Double.POSITIVE_INFINITY, mean), df, 0);
        }
        double t = mean / se;
        double p = 2 * TDistribution.of(df).survivalProbability(Math.abs(t));
        return new Result(mean, t, df, Math.min(1, p));
    }
}
