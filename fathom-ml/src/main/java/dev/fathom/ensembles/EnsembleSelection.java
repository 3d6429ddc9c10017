package dev.fathom.ensembles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Greedy ensemble selection (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004), as
 * auto-sklearn and AutoGluon build their final ensembles: starting from nothing, each round adds
 * (with replacement) the model whose out-of-fold predictions, averaged with those already chosen,
 * score best; a model chosen several times weighs that much more. The selection kept is the round
 * that scored best (the earliest of equals), so more rounds never make it worse on these
 * predictions. Rows where any model has no prediction (NaN: no fold tested them) are left out.
 *
 * <pre>{@code
 * // oof.get(m): model m's out-of-fold class probabilities [samples][classes]
 * EnsembleSelection.Result r = EnsembleSelection.select(oof, avg -> scorer.scoreOutputs(y, avg), 25);
 * r.counts();   // e.g. [3, 0, 2]: model 0 three times, model 2 twice
 * r.weights();  // [0.6, 0, 0.4]
 * }</pre>
 */
public final class EnsembleSelection {
    private EnsembleSelection() {}

    /**
     * The chosen selection: how many times each model was picked, the score of their weighted
     * average, and the best score after each round.
     */
    public record Result(int[] counts, double score, double[] scoreByRound) {
        /** Each model's share of the average (its count over the total). */
        public double[] weights() {
            int total = Arrays.stream(counts).sum();
            return Arrays.stream(counts).mapToDouble(c -> (double) c / total).toArray();
        }

        /** The indices of the models picked at least once, in index order. */
        public List<Integer> members() {
            List<Integer> m = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) if (counts[i] > 0) m.add(i);
            return m;
        }
    }

    /**
     * Selects over {@code predictions} (one [samples][width] matrix per model, the same samples in
     * the same order), scoring an average with {@code score} (higher is better) for {@code rounds}
     * rounds.
     *
     * @throws IllegalArgumentException for no models, no rounds, or matrices of different shapes
     */
    public static Result select(List<double[][]> predictions, ToDoubleFunction<double[][]> score, int rounds) {
        if (predictions.isEmpty()) throw new IllegalArgumentException("ensemble selection needs the predictions of at least one model");
        if (rounds < 1) throw new IllegalArgumentException("ensemble selection needs at least 1 round, got " + rounds);
        int models = predictions.size();
        int n = predictions.getFirst().length;
        int width = n == 0 ? 0 : predictions.getFirst()[0].length;
        for (int m = 0; m < models; m++) {
            double[][] p = predictions.get(m);
            if (p.length != n || (n > 0 && p[0].length != width)) {
                throw new IllegalArgumentException("ensemble selection: model " + m + "'s predictions are " + p.length + " x "
                        + (p.length == 0 ? 0 : p[0].length) + ", model 0's " + n + " x " + width + "; all must be out-of-fold"
                        + " predictions of the same samples");
            }
        }
        int[] kept = rowsPredictedByAll(predictions, n);
        List<double[][]> rows = new ArrayList<>();
        for (double[][] p : predictions) {
            double[][] r = new double[kept.length][];
            for (int i = 0; i < kept.length; i++) r[i] = p[kept[i]];
            rows.add(r);
        }
        double[][] sum = new double[kept.length][width];
        double[][] average = new double[kept.length][width];
        int[] counts = new int[models];
        int[] bestCounts = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] byRound = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            int pick = -1;
            double pickScore = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < models; m++) {
                double[][] p = rows.get(m);
                for (int i = 0; i < kept.length; i++) {
                    for (int k = 0; k < width; k++) average[i][k] = (sum[i][k] + p[i][k]) / (round + 1);
                }
                double s = score.applyAsDouble(average);
                if (s > pickScore) {   // strictly better: ties keep the earlier model
                    pickScore = s;
                    pick = m;
                }
            }
            if (pick < 0) throw new IllegalArgumentException("ensemble selection: every average scored NaN");
            double[][] p = rows.get(pick);
            for (int i = 0; i < kept.length; i++) for (int k = 0; k < width; k++) sum[i][k] += p[i][k];
            counts[pick]++;
            byRound[round] = pickScore;
            if (pickScore > bestScore) {
                bestScore = pickScore;
                bestCounts = counts.clone();
            }
        }
        return new Result(bestCounts, bestScore, byRound);
    }

    private static int[] rowsPredictedByAll(List<double[][]> predictions, int n) {
        List<Integer> kept = new ArrayList<>();
        rows:
        for (int i = 0; i < n; i++) {
            for (double[][] p : predictions) for (double v : p[i]) if (Double.isNaN(v)) continue rows;
            kept.add(i);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The rows of {@code predictions} no model left without a prediction: what {@link #select} scores on. */
    public static int[] scoredRows(List<double[][]> predictions) {
        return rowsPredictedByAll(predictions, predictions.isEmpty() ? 0 : predictions.getFirst().length);
    }
}
