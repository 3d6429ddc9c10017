package dev.fathom.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * For each distinct score, from the highest down: how many positives and negatives score at least
 * that much. Both curves (ROC, precision-recall) are read off these counts.
 */
record ThresholdCounts(double[] falsePositives, double[] truePositives, double[] thresholds) {

    static ThresholdCounts of(int[] yTrue, double[] scores) {
        Metrics.checkSameLength("yTrue", yTrue.length, "scores", scores.length);
        Metrics.checkNotEmpty("yTrue", yTrue.length);
        Classification.checkBinary("a threshold curve", yTrue);
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) throw new IllegalArgumentException("score " + i + " is " + scores[i] + "; scores must be finite");
        }
        // Highest score first; equal scores form one threshold, so ties count half-way on the curve.
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        int n = scores.length;
        double[] fps = new double[n];
        double[] tps = new double[n];
        double[] th = new double[n];
        int points = 0;
        long tp = 0;
        for (int j = 0; j < n; j++) {
            tp += yTrue[order[j]];
            if (j == n - 1 || scores[order[j + 1]] != scores[order[j]]) {
                tps[points] = tp;
                fps[points] = j + 1 - tp;
                th[points] = scores[order[j]];
                points++;
            }
        }
        return new ThresholdCounts(Arrays.copyOf(fps, points), Arrays.copyOf(tps, points), Arrays.copyOf(th, points));
    }
}
