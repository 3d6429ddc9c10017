package dev.fathom.workflow;

import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A searched k-NN whose k is larger than the rows of the learning curve's smallest share (seen: k = 25
 * on 16 training rows) ended fathom train in its last step; the curve is now left out with the reason.
 */
class LearningCurveFallbackTest {

    @Test
    void aModelThatCannotFitTheSmallestShareGetsNoCurveAndTheRunGoesOn() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, 60, 3);
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) labels[i] = i % 2;
        Tensor y = Tensor.of(labels, 60);
        LeaderboardEntry entry = new LeaderboardEntry("k-NN k=25", "k-NN", "search", new double[] {0.5, 0.5, 0.5}, 0.5, 0, 0.01);
        Workflow.Chosen chosen = new Workflow.Chosen(entry, () -> new KNeighborsClassifier(25), new Leaderboard("accuracy", List.of(entry)),
                Optional.empty(), List.of(), 0.5, new StratifiedKFold(3), 3);
        Presentation.Curve c = Presentation.curve(null, chosen, "accuracy", x, y);
        assertNull(c.curve());
        assertTrue(c.note().startsWith("no learning curve: ") && c.note().contains("k = 25 neighbours"), c.note());
    }
}
