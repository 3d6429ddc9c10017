package dev.fathom.metrics;

import java.util.Arrays;

/**
 * Precision against recall of predicting class 1 when a score is at least each threshold, as
 * scikit-learn's {@code precision_recall_curve}: thresholds increase, recall decreases, and a last
 * point (precision 1, recall 0) closes the curve.
 *
 * <pre>{@code
 * PrecisionRecallCurve pr = PrecisionRecallCurve.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});
 * pr.precision();          // [0.5, 0.667, 0.5, 1, 1]
 * pr.recall();             // [1, 1, 0.5, 0.5, 0]
 * pr.averagePrecision();   // 0.833...
 * }</pre>
 *
 * @param precision one more value than thresholds, the last 1
 * @param recall one more value than thresholds, the last 0
 * @param thresholds the distinct scores, increasing
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

    /**
     * The curve of labels 0/1 and scores where higher means class 1. With no positive sample,
     * recall is 1 at every threshold (scikit-learn's convention).
     */
    public static PrecisionRecallCurve of(int[] yTrue, double[] scores) {
        ThresholdCounts c = ThresholdCounts.of(yTrue, scores);
        double[] fps = c.falsePositives();
        double[] tps = c.truePositives();
        int n = fps.length;
        double positives = tps[n - 1];
        double[] precision = new double[n + 1];
        double[] recall = new double[n + 1];
        double[] thresholds = new double[n];
        for (int j = 0; j < n; j++) {
            int i = n - 1 - j; // lowest threshold first
            double predicted = tps[i] + fps[i];
            precision[j] = predicted == 0 ? 0 : tps[i] / predicted;
            recall[j] = positives == 0 ? 1 : tps[i] / positives;
            thresholds[j] = c.thresholds()[i];
        }
        precision[n] = 1;
        recall[n] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /** The step-function area under the curve: the mean precision at each recall gain, weighted by the gain. */
    public double averagePrecision() {
        double ap = 0;
        for (int i = 0; i < recall.length - 1; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
        return ap;
    }

    @Override
    public String toString() {
        return "PrecisionRecallCurve[precision=" + Arrays.toString(precision) + ", recall=" + Arrays.toString(recall) + "]";
    }
}
