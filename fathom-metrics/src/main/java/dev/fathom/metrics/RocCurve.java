package dev.fathom.metrics;

import java.util.Arrays;

/**
 * The receiver operating characteristic of binary scores: for each threshold, the false positive
 * rate against the true positive rate of predicting class 1 when the score is at least the
 * threshold. Points on straight segments are dropped, and the curve starts at (0, 0) with a
 * threshold above every score, as scikit-learn's {@code roc_curve}.
 *
 * <pre>{@code
 * RocCurve roc = RocCurve.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});
 * roc.falsePositiveRate();   // [0, 0, 0.5, 0.5, 1]
 * roc.truePositiveRate();    // [0, 0.5, 0.5, 1, 1]
 * roc.auc();                 // 0.75
 * }</pre>
 *
 * @param falsePositiveRate increasing, from 0 to 1
 * @param truePositiveRate increasing, from 0 to 1
 * @param thresholds decreasing; the first is the highest score plus one, as in scikit-learn 1.2
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {

    /**
     * The curve of labels 0/1 and scores where higher means class 1.
     *
     * @throws IllegalArgumentException when labels are not 0/1, lengths differ, or a score is not finite
     */
    public static RocCurve of(int[] yTrue, double[] scores) {
        ThresholdCounts c = ThresholdCounts.of(yTrue, scores);
        double[] fps = c.falsePositives();
        double[] tps = c.truePositives();
        double[] th = c.thresholds();
        int n = fps.length;
        // Keep the ends and every corner: a point is dropped when both counts continue in a straight line.
        int[] keep = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            boolean corner = i == 0 || i == n - 1 || n <= 2
                    || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0;
            if (corner) keep[kept++] = i;
        }
        double[] fpr = new double[kept + 1];
        double[] tpr = new double[kept + 1];
        double[] thresholds = new double[kept + 1];
        double negatives = fps[n - 1];
        double positives = tps[n - 1];
        thresholds[0] = th[keep[0]] + 1;
        for (int j = 0; j < kept; j++) {
            int i = keep[j];
            fpr[j + 1] = negatives > 0 ? fps[i] / negatives : Double.NaN;
            tpr[j + 1] = positives > 0 ? tps[i] / positives : Double.NaN;
            thresholds[j + 1] = th[i];
        }
        fpr[0] = negatives > 0 ? 0 : Double.NaN;
        tpr[0] = positives > 0 ? 0 : Double.NaN;
        return new RocCurve(fpr, tpr, thresholds);
    }

    /**
     * The area under the curve by the trapezoidal rule: the probability that a random positive
     * scores above a random negative (ties count half).
     *
     * @throws IllegalArgumentException when the labels held one class only, where the area is undefined
     */
    public double auc() {
        if (Double.isNaN(falsePositiveRate[0]) || Double.isNaN(truePositiveRate[0])) {
            throw new IllegalArgumentException("ROC AUC is undefined when the true labels hold only one class ("
                    + (Double.isNaN(truePositiveRate[0]) ? "no positive sample" : "no negative sample")
                    + "); evaluate on data with both classes, e.g. a stratified split");
        }
        double area = 0;
        for (int i = 1; i < falsePositiveRate.length; i++) {
            area += (falsePositiveRate[i] - falsePositiveRate[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2;
        }
        return area;
    }

    @Override
    public String toString() {
        return "RocCurve[fpr=" + Arrays.toString(falsePositiveRate) + ", tpr=" + Arrays.toString(truePositiveRate) + "]";
    }
}
