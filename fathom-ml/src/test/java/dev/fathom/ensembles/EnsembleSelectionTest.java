package dev.fathom.ensembles;

import dev.fathom.tensor.Tensor;
import dev.fathom.validation.Scorer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy selection on constructed out-of-fold predictions whose best mix is known. */
class EnsembleSelectionTest {
    /** Two classes; each model is right (p = 0.9) on its own rows and hesitantly wrong (p = 0.4) elsewhere. */
    private static double[][] rightOn(int[] labels, java.util.function.IntPredicate rows) {
        double[][] p = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            double pTrue = rows.test(i) ? 0.9 : 0.4;
            p[i] = labels[i] == 1 ? new double[] {1 - pTrue, pTrue} : new double[] {pTrue, 1 - pTrue};
        }
        return p;
    }

    @Test
    void modelsRightOnDifferentRowsAreAveragedAndANoisyOneIsLeftOut() {
        int n = 40;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 2;
        Tensor y = Tensor.of(labels, n);
        double[][] firstHalf = rightOn(labels, i -> i < 24);    // accuracy 0.6
        double[][] secondHalf = rightOn(labels, i -> i >= 20);   // 0.5
        double[][] wrong = rightOn(labels, i -> false);          // 0.0
        Scorer accuracy = Scorer.of("accuracy");
        assertEquals(0.6, accuracy.scoreOutputs(y, firstHalf), 1e-12);

        EnsembleSelection.Result r = EnsembleSelection.select(List.of(firstHalf, wrong, secondHalf), avg -> accuracy.scoreOutputs(y, avg), 10);
        // The average of the first and the third is right everywhere: (0.9 + 0.4) / 2 > 0.5 on every row.
        assertEquals(1.0, r.score(), 1e-12);
        assertEquals(List.of(0, 2), r.members());
        assertEquals(0, r.counts()[1], "the model that is always wrong is never picked");
        assertEquals(0.6, r.scoreByRound()[0], 1e-12, "round 1 picks the best single model");
        assertEquals(2, r.counts()[0] + r.counts()[2], "the best round is kept: two picks, later rounds add nothing");
        assertArrayEquals(new double[] {0.5, 0, 0.5}, r.weights(), 1e-12);
    }

    @Test
    void aModelChosenTwiceWeighsTwiceAndRowsWithoutPredictionsAreLeftOut() {
        // Regression by R²: the target is (2a + b) / 3 for two models' predictions a and b, so picking a twice and b once is exact.
        int n = 30;
        double[] target = new double[n];
        double[][] p1 = new double[n][1], p2 = new double[n][1];
        for (int i = 0; i < n; i++) {
            double a = Math.sin(i), b = Math.cos(3 * i);
            p1[i][0] = a;
            p2[i][0] = b;
            target[i] = (2 * a + b) / 3;
        }
        p1[0][0] = Double.NaN;   // row 0 tested by no fold
        float[] t = new float[n - 1];
        for (int i = 1; i < n; i++) t[i - 1] = (float) target[i];
        Tensor y = Tensor.of(t, n - 1);
        assertArrayEquals(java.util.stream.IntStream.range(1, n).toArray(), EnsembleSelection.scoredRows(List.of(p1, p2)));
        Scorer r2 = Scorer.of("r2");
        EnsembleSelection.Result r = EnsembleSelection.select(List.of(p1, p2), avg -> r2.scoreOutputs(y, avg), 6);
        assertArrayEquals(new int[] {2, 1}, r.counts(), "with replacement: model 0 twice, model 1 once");
        assertEquals(1.0, r.score(), 1e-6);
    }

    @Test
    void badInputIsExplained() {
        var none = assertThrows(IllegalArgumentException.class, () -> EnsembleSelection.select(List.of(), a -> 0, 5));
        assertTrue(none.getMessage().contains("at least one model"), none.getMessage());
        var shapes = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSelection.select(List.of(new double[3][2], new double[4][2]), a -> 0, 5));
        assertTrue(shapes.getMessage().contains("model 1's predictions are 4 x 2, model 0's 3 x 2"), shapes.getMessage());
    }
}
