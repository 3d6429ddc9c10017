package dev.fathom.trees;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CART splits against values worked out by hand on tiny data. */
class DecisionTreeTest {
    static Tensor column(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, v.length, 1);
    }

    static Tensor labels(int... y) {
        return Tensor.of(y, y.length);
    }

    @Test
    void giniSplitTakesTheFirstOfTwoEqualThresholdsAndItsLeavesHoldClassShares() {
        // y = 0 0 1 0 1 1 at x = 0..5. Weighted Gini after x <= 1.5: 4/6 · (1 - 1/16 - 9/16) = 0.25;
        // after x <= 2.5: 4/9; after x <= 3.5: 4/6 · 0.375 = 0.25 again. The scan keeps the first: 1.5.
        var tree = new DecisionTreeClassifier().maxDepth(1).fit(column(0, 1, 2, 3, 4, 5), labels(0, 0, 1, 0, 1, 1));
        Tree t = tree.trees[0];
        assertEquals(3, t.nodes());
        assertEquals(0, t.feature[0]);
        assertEquals(1.5, t.threshold[0]);
        assertEquals(0.5, t.impurity[0], 1e-15);
        assertEquals(0.375, t.impurity[t.right[0]], 1e-15);
        assertArrayEquals(new float[] {1, 0, 0.25f, 0.75f}, tree.predictProba(column(1.5, 1.6)).toFloatArray());
    }

    @Test
    void entropyIsInBitsAndAFullTreeSeparatesEveryClass() {
        var tree = new DecisionTreeClassifier().criterion(Criterion.ENTROPY).fit(column(0, 1, 2, 3, 4, 5), labels(0, 0, 1, 0, 1, 1));
        Tree t = tree.trees[0];
        assertEquals(1.0, t.impurity[0], 1e-15);   // 3 of each class: one bit
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1}, tree.predict(column(0, 1, 2, 3, 4, 5)).toIntArray());
    }

    @Test
    void squaredErrorSplitMinimizesTheChildrensSquaredDeviations() {
        // y = 1 1 3 5: SSE after x <= 1.5 is 0 + 8, after 2.5 is 0 + 2, after 3.5 is 24/9 + 0; root variance 2.75.
        var tree = new DecisionTreeRegressor().maxDepth(1).fit(column(1, 2, 3, 4), Tensor.of(new float[] {1, 1, 3, 5}, 4));
        Tree t = tree.trees[0];
        assertEquals(2.5, t.threshold[0]);
        assertEquals(2.75, t.impurity[0], 1e-15);
        assertEquals(1.0, t.impurity[t.right[0]], 1e-15);
        assertArrayEquals(new float[] {1, 4}, tree.predict(column(0, 10)).toFloatArray());
    }

    @Test
    void importancesAreTheNormalizedImpurityDecreasesOfEachFeature() {
        // Feature 1 splits y perfectly at the root (decrease 0.5 over weight 1); feature 0 is noise.
        Tensor x = Tensor.of(new float[] {3, 0, 1, 0, 2, 1, 0, 1}, 4, 2);
        var tree = new DecisionTreeClassifier().fit(x, labels(0, 0, 1, 1));
        assertArrayEquals(new double[] {0, 1}, tree.featureImportances(), 1e-15);
        assertEquals(1, tree.depth());
    }

    @Test
    void minSamplesLeafKeepsEnoughRowsOnEachSide() {
        // The pure split at 0.5 would leave one row on the left; with minSamplesLeaf 2 the first allowed threshold is 1.5.
        var tree = new DecisionTreeClassifier().maxDepth(1).minSamplesLeaf(2).fit(column(0, 1, 2, 3, 4), labels(1, 0, 0, 0, 0));
        assertEquals(1.5, tree.trees[0].threshold[0]);
    }

    @Test
    void severalTargetsShareOneTree() {
        Tensor y = Tensor.of(new float[] {0, 10, 0, 10, 2, 20, 2, 20}, 4, 2);
        var tree = new DecisionTreeRegressor().fit(column(0, 1, 2, 3), y);
        Tensor p = tree.predict(column(0.2, 2.8));
        assertArrayEquals(new int[] {2, 2}, p.shape());
        assertArrayEquals(new float[] {0, 10, 2, 20}, p.toFloatArray());
    }

    @Test
    void errorsNameTheProblemAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RandomForestClassifier()
                .fit(Tensor.of(new float[] {0, Float.NaN}, 2, 1), labels(0, 1)));
        assertTrue(e.getMessage().contains("row 1, feature 0") && e.getMessage().contains("HistGradientBoosting"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DecisionTreeRegressor().criterion(Criterion.GINI));
        assertTrue(e.getMessage().contains("SQUARED_ERROR"), e.getMessage());
        var s = assertThrows(IllegalStateException.class, () -> new ExtraTreesClassifier().predict(column(1)));
        assertTrue(s.getMessage().contains("call fit(x, y) first"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DecisionTreeClassifier().fit(column(0, 1), labels(0, 1))
                .predict(Tensor.of(new float[] {0, 1}, 1, 2)));
        assertTrue(e.getMessage().contains("fitted on 1 features but x has 2"), e.getMessage());
    }
}
