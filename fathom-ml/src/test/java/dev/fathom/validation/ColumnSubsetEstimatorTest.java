package dev.fathom.validation;

import dev.fathom.estimators.EstimatorTree;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnSubsetEstimatorTest {
    /** 40 rows: column 1 decides the class, columns 0 and 2 are noise the subset leaves out. */
    private static Tensor x() {
        float[] v = new float[40 * 3];
        for (int r = 0; r < 40; r++) {
            v[r * 3] = (r * 7919 % 13) - 6;
            v[r * 3 + 1] = r < 20 ? -1 - r % 3 : 1 + r % 3;
            v[r * 3 + 2] = (r * 104729 % 17) - 8;
        }
        return Tensor.of(v, 40, 3);
    }

    private static Tensor y() {
        int[] y = new int[40];
        for (int r = 20; r < 40; r++) y[r] = 1;
        return Tensor.of(y, 40);
    }

    @Test
    void theInnerEstimatorSeesOnlyItsColumns() {
        ColumnSubsetEstimator s = new ColumnSubsetEstimator(new int[] {1}, new LogisticRegression()).fit(x(), y());
        LogisticRegression alone = new LogisticRegression().fit(x().indexSelect(1, Tensor.of(new int[] {1}, 1)), y());
        assertArrayEquals(alone.predictProba(x().indexSelect(1, Tensor.of(new int[] {1}, 1))).toFloatArray(), s.predictProba(x()).toFloatArray());
        assertEquals(1, ((LogisticRegression) s.inner()).coefficients().length, "one feature seen");
        assertEquals(1.0, s.score(x(), y()));
    }

    @Test
    void savesAndLoadsWithItsColumns() {
        ColumnSubsetEstimator s = new ColumnSubsetEstimator(new int[] {2, 1}, new LogisticRegression()).fit(x(), y());
        EstimatorTree tree = EstimatorTree.of(s);
        Map<String, Object> root = Json.parse(Json.write(tree.root()), "test");
        ColumnSubsetEstimator back = (ColumnSubsetEstimator) EstimatorTree.restore(root, tree.tensors(), tree.files());
        assertArrayEquals(new int[] {2, 1}, back.columns());
        assertArrayEquals(s.predictProba(x()).toFloatArray(), back.predictProba(x()).toFloatArray());
    }

    @Test
    void refusesBadColumnsAndOtherWidths() {
        assertThrows(IllegalArgumentException.class, () -> new ColumnSubsetEstimator(new int[] {1, 1}, new LogisticRegression()));
        assertThrows(IllegalArgumentException.class, () -> new ColumnSubsetEstimator(new int[0], new LogisticRegression()));
        ColumnSubsetEstimator s = new ColumnSubsetEstimator(new int[] {1}, new LogisticRegression()).fit(x(), y());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.predict(Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("fitted on 3 features"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new ColumnSubsetEstimator(new int[] {0}, new LogisticRegression()).predict(x()));
    }
}
