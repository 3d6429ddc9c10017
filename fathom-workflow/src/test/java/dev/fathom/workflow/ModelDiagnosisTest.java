package dev.fathom.workflow;

import dev.fathom.diagnosis.Baseline;
import dev.fathom.diagnosis.Diagnoser;
import dev.fathom.diagnosis.Diagnosis;
import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.diagnosis.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fathom train's verdicts weigh the scores, and their advice names the knobs of the final model's own family. */
class ModelDiagnosisTest {

    private static ModelDiagnosis.Scores scores(double train, double cv, double dummy) {
        return new ModelDiagnosis.Scores("r2", train, cv, dummy, Double.NaN);
    }

    @Test
    void linearRegressionIsAdvisedInItsOwnTermsNeverCNeighboursOrDropout() {
        ModelDiagnosis d = ModelDiagnosis.fromScores(Algorithm.Family.LINEAR, false, scores(0.90, 0.70, -0.01));
        assertEquals(Verdict.OVERFITTING, d.verdict(), d.toString());
        assertEquals(List.of("fewer features: least squares has no regularization strength to tune, so drop the columns that carry noise",
                "more rows, at least 10 to 20 per feature"), d.advice());
        assertEquals("Overfitting: r2 0.9000 on its own training rows, 0.7000 cross-validated, -0.0100 for the dummy. The training score is"
                + " 0.2000 above the cross-validated one, 20% of the range from the dummy's score to a perfect one: the model fits rows it"
                + " has seen much better than new ones. Try: fewer features: least squares has no regularization strength to tune, so"
                + " drop the columns that carry noise; more rows, at least 10 to 20 per feature.", d.toString());
        for (Verdict v : List.of(Verdict.OVERFITTING, Verdict.UNDERFITTING, Verdict.GOOD_FIT)) {
            String advice = String.join("; ", FamilyAdvice.of(Algorithm.Family.LINEAR, v, false, false));
            for (String foreign : List.of(" C", "neighbour", "dropout", "weight decay")) {
                assertFalse(advice.contains(foreign), v + ": " + advice);
            }
        }
    }

    @Test
    void eachFamilyIsAdvisedAboutItsOwnKnobs() {
        assertEquals("a smaller C, which regularizes more strongly (the search tries C from 0.01 to 100)",
                FamilyAdvice.of(Algorithm.Family.LINEAR, Verdict.OVERFITTING, true, false).getFirst());
        assertEquals("a larger C, which regularizes less (e.g. C=10)",
                FamilyAdvice.of(Algorithm.Family.LINEAR, Verdict.UNDERFITTING, true, false).getFirst());
        assertEquals("more neighbours (a larger k, e.g. k=15): each prediction then averages more rows",
                FamilyAdvice.of(Algorithm.Family.NEIGHBOURS, Verdict.OVERFITTING, true, false).getFirst());
        assertEquals("fewer neighbours (a smaller k), or distance weighting",
                FamilyAdvice.of(Algorithm.Family.NEIGHBOURS, Verdict.UNDERFITTING, false, false).getFirst());
        assertEquals(List.of("more dropout (the search tries 0 to 0.3) or weight decay (L2 regularization)",
                "a smaller network: fewer units or layers", "early stopping with less patience, so training stops nearer the best epoch",
                "more rows"), FamilyAdvice.of(Algorithm.Family.MLP, Verdict.OVERFITTING, true, true));
        assertEquals("more images, or augmentation (flips, shifts)", FamilyAdvice.of(Algorithm.Family.CNN, Verdict.OVERFITTING, true, true).getLast());
        // logistic regression on pixels is a network: it has weight decay, not C
        assertEquals("weight decay (L2 regularization) on the pixel weights",
                FamilyAdvice.of(Algorithm.Family.LINEAR, Verdict.OVERFITTING, true, true).getFirst());
    }

    @Test
    void aForestsPerfectTrainingScoreIsItsDesignNotOverfitting() {
        // 1.0 on its training rows, 0.90 cross-validated, dummy 1/3: a gap of 15% of the range, overfitting for k-NN
        var scores = new ModelDiagnosis.Scores("accuracy", 1.0, 0.90, 1 / 3.0, Double.NaN);
        assertEquals(Verdict.OVERFITTING, ModelDiagnosis.fromScores(Algorithm.Family.NEIGHBOURS, true, scores).verdict());
        ModelDiagnosis forest = ModelDiagnosis.fromScores(Algorithm.Family.FOREST, true, scores);
        assertEquals(Verdict.GOOD_FIT, forest.verdict(), forest.toString());
        assertTrue(forest.findingsText().contains("as for any random forest"), forest.findingsText());
        // a forest no better than the dummy still underfits
        assertEquals(Verdict.UNDERFITTING, ModelDiagnosis.fromScores(Algorithm.Family.FOREST, true,
                new ModelDiagnosis.Scores("accuracy", 1.0, 0.52, 0.5, Double.NaN)).verdict());
        assertTrue(FamilyAdvice.of(Algorithm.Family.BOOSTING, Verdict.OVERFITTING, true, false).getFirst().contains("smaller learning rate"));
        assertTrue(FamilyAdvice.of(Algorithm.Family.FOREST, Verdict.UNDERFITTING, true, false).getFirst().contains("deeper trees"));
    }

    @Test
    void aSmallGapAtAHighScoreIsAGoodFitAndAModelAtTheDummysScoreThatMemorizesOverfits() {
        // k-NN: 1.0 on its training rows, 0.96 cross-validated, dummy 1/3: a gap of 6% of the range
        ModelDiagnosis good = ModelDiagnosis.fromScores(Algorithm.Family.NEIGHBOURS, true,
                new ModelDiagnosis.Scores("accuracy", 1.0, 0.96, 1 / 3.0, 1.0));
        assertEquals(Verdict.GOOD_FIT, good.verdict(), good.toString());
        assertEquals("accuracy 1.0000 on its own training rows, 0.9600 cross-validated, 0.3333 for the dummy, 1.0000 on the untouched"
                + " test split. The training score is 0.0400 above the cross-validated one, only 6% of the range from the dummy's score"
                + " to a perfect one (10% counts as overfitting), and well above the dummy's.", good.findingsText());
        // memorizes its rows, predicts new ones like the dummy: overfitting, not underfitting
        ModelDiagnosis memorized = ModelDiagnosis.fromScores(Algorithm.Family.NEIGHBOURS, true,
                new ModelDiagnosis.Scores("accuracy", 1.0, 0.52, 0.5, Double.NaN));
        assertEquals(Verdict.OVERFITTING, memorized.verdict(), memorized.toString());
        ModelDiagnosis poor = ModelDiagnosis.fromScores(Algorithm.Family.LINEAR, true, new ModelDiagnosis.Scores("accuracy", 0.55, 0.53, 0.5, Double.NaN));
        assertEquals(Verdict.UNDERFITTING, poor.verdict(), poor.toString());
        assertTrue(poor.findingsText().contains("It closes only 6% of the gap between the dummy and a perfect score"), poor.findingsText());
        assertEquals("a larger C, which regularizes less (e.g. C=10)", poor.advice().getFirst());
    }

    /**
     * fathom train digits: val_loss stalled at 0.224 (epoch 13) while loss kept falling, but the
     * weights kept are epoch 13's and they score 0.9944 on their training rows, 0.9770
     * cross-validated, 0.9806 on the test split: early stopping caught it, a good fit. The same
     * curves with kept weights far ahead of their cross-validated score stay overfitting.
     */
    @Test
    void overfittingThatEarlyStoppingCaughtIsAGoodFitOnlyWhenTheScoresAgree() {
        double[] train = IntStream.range(0, 23).mapToDouble(e -> 0.026 + 1.5 * Math.exp(-0.35 * e)).toArray();
        double[] val = IntStream.range(0, 23).mapToDouble(e -> e <= 12 ? 0.224 + 1.4 * Math.exp(-0.35 * e) - 1.4 * Math.exp(-0.35 * 12)
                : 0.224 + 0.012 * (e - 12)).toArray();
        Diagnosis curves = new Diagnoser().baseline(Baseline.crossEntropy(10)).diagnose(EpochCurves.of("loss", train, val));
        assertEquals(Verdict.OVERFITTING, curves.verdict(), curves.toString());

        ModelDiagnosis caught = ModelDiagnosis.fromCurves(curves, Algorithm.Family.MLP, new ModelDiagnosis.Scores("accuracy", 0.9944, 0.9770,
                0.1009, 0.9806));
        assertEquals(Verdict.GOOD_FIT, caught.verdict(), caught.toString());
        assertTrue(caught.findingsText().endsWith("The overfitting came after the epoch kept: the kept weights score 0.0174 above the"
                + " cross-validated accuracy on their own training rows, 2% of the range from the dummy's score to a perfect one (10% counts"
                + " as overfitting)."), caught.findingsText());
        assertFalse(caught.toString().contains("Overfitting:"), caught.toString());

        ModelDiagnosis memorized = ModelDiagnosis.fromCurves(curves, Algorithm.Family.MLP, new ModelDiagnosis.Scores("accuracy", 1.0, 0.80,
                0.1009, 0.81));
        assertEquals(Verdict.OVERFITTING, memorized.verdict(), memorized.toString());
    }

    /** Issue 25's run: val_loss 0.0055 → 0.0136 at test accuracy 1.0 was called "Overfitting". */
    @Test
    void aNetworkWhoseValidationLossDriftedAtAPerfectScoreIsAGoodFit() {
        double[] train = IntStream.range(0, 20).mapToDouble(e -> 0.0050 + 0.6 * Math.exp(-0.5 * e)).toArray();
        double[] val = IntStream.range(0, 20).mapToDouble(e -> e <= 6 ? 0.0055 + 0.5 * Math.exp(-0.5 * e) - 0.5 * Math.exp(-3)
                : 0.0055 + 0.0004 * (e - 6) * (e - 6) / 8.45).toArray();
        val[19] = 0.0136;
        Diagnosis curves = new Diagnoser().baseline(Baseline.crossEntropy(3)).diagnose(EpochCurves.of("loss", train, val));
        ModelDiagnosis d = ModelDiagnosis.fromCurves(curves, Algorithm.Family.MLP, new ModelDiagnosis.Scores("accuracy", 1.0, 0.9583,
                1 / 3.0, 1.0));
        assertEquals(Verdict.GOOD_FIT, d.verdict(), d.toString());
        assertTrue(d.toString().startsWith("Good fit: val_loss drifted slightly: it rose from its lowest 0.0055 at epoch 7 to 0.0136 at"
                + " epoch 20;"), d.toString());
        assertTrue(d.findingsText().contains("The saved weights are those of epoch 7, the lowest val_loss: training stops early and"
                + " restores them. accuracy 1.0000 on its own training rows, 0.9583 cross-validated, 0.3333 for the dummy, 1.0000 on the"
                + " untouched test split."), d.findingsText());
        assertEquals("keeping this setup: early stopping kept the best epoch", d.advice().getFirst());
        assertFalse(d.toString().contains("Underfitting") || d.toString().contains("Overfitting"), d.toString());
    }

    @Test
    void theLearningCurveIsDrawnAtFewerSizesOrTheReportSaysWhyNot() {
        CurvePlan quick = CurvePlan.of(new LeaderboardEntry("k-NN k=5", "k-NN", "spot-check", new double[5], 0.9, 0.01, 0.4));
        assertEquals(4, quick.sizes().length);
        assertEquals(5, quick.folds());
        assertNull(quick.note());
        CurvePlan slower = CurvePlan.of(new LeaderboardEntry("k-NN k=5", "k-NN", "spot-check", new double[5], 0.9, 0.01, 0.6));
        assertEquals(3, slower.sizes().length);
        assertEquals(5, slower.folds());
        assertEquals("learning curve at 3 training-set sizes instead of 4: k-NN k=5 takes 0.6 s per fold, and the curve may add about"
                + " 6 s", slower.note());
        CurvePlan fewerFolds = CurvePlan.of(new LeaderboardEntry("soft vote of a + b", "ensemble", "ensemble", new double[5], 0.9, 0.01, 1.2));
        assertEquals(3, fewerFolds.sizes().length);
        assertEquals(2, fewerFolds.folds(), "3 folds would cost 3 × 1.2 × 1.7 = 6.1 s, over the 6 s");
        assertEquals("learning curve at 3 training-set sizes on the first 2 of the 5 folds: soft vote of a + b takes 1.2 s per fold, and"
                + " the curve may add about 6 s", fewerFolds.note());
        CurvePlan slow = CurvePlan.of(new LeaderboardEntry("boosted trees", "boosted trees", "spot-check", new double[5], 0.9, 0.01, 3));
        assertEquals(2, slow.folds(), "a model that had a curve within the old 30 s keeps one, on 2 folds");
        assertEquals("learning curve at 3 training-set sizes on the first 2 of the 5 folds: boosted trees takes 3.0 s per fold, and the"
                + " curve may add about 10 s", slow.note());
        CurvePlan slowest = CurvePlan.of(new LeaderboardEntry("soft vote of a + b", "ensemble", "ensemble", new double[5], 0.9, 0.01, 12));
        assertFalse(slowest.draws());
        assertEquals("no learning curve over training-set sizes: soft vote of a + b takes 12.0 s per fold, so even 3 sizes over 2 folds"
                + " would add about 41 s (the curve may add 30 s); the leaderboard's cross-validated score is the estimate of how it does"
                + " on new rows", slowest.note());
        CurvePlan stopped = CurvePlan.of(new LeaderboardEntry("dummy (mean)", "dummy", "spot-check", new double[0], Double.NaN, Double.NaN, 0));
        assertEquals("no learning curve over training-set sizes: dummy (mean) was not cross-validated (the run stopped before it), and"
                + " the curve refits it on the same folds", stopped.note());
    }

    @Test
    void aCurveOnFewerFoldsUsesTheLeaderboardsFirstFoldsUnchanged() {
        var all = new dev.fathom.data.split.StratifiedKFold(5).shuffle(42);
        int[] labels = new int[50];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        var folds = all.split(labels);
        var two = new FirstFolds(all, 2).split(labels);
        assertEquals(2, two.size());
        for (int f = 0; f < 2; f++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(folds.get(f).trainIndices(), two.get(f).trainIndices());
            org.junit.jupiter.api.Assertions.assertArrayEquals(folds.get(f).testIndices(), two.get(f).testIndices());
        }
        assertEquals(5, new FirstFolds(all, 9).split(labels).size(), "never more folds than there are");
    }
}
