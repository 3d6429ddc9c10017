package dev.fathom.trees;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A single tree's split importances (mean decrease in impurity, normalized to 1) against
 * scikit-learn's {@code feature_importances_} on cases where the tie order of the features does not
 * change the tree (make_golden_tree_importances.py checks 40 random states): the same splits, so
 * the same importances to rounding, and the same node count, depth and root split.
 */
class TreeImportancesGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TreeImportancesGoldenTest.class.getResourceAsStream("golden_tree_importances.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_tree_importances.json");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> g(String key) {
        return (Map<String, Object>) golden.get(key);
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /** The seeded make_classification set written into the file: x [600, 6] float32, y class indices. */
    private static Tensor[] synthetic() {
        List<?> rows = (List<?>) g("synthetic").get("x");
        int n = rows.size(), f = ((List<?>) rows.getFirst()).size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            double[] r = doubles(rows.get(i));
            for (int j = 0; j < f; j++) x[i * f + j] = (float) r[j];
        }
        int[] y = Arrays.stream(doubles(g("synthetic").get("y"))).mapToInt(v -> (int) v).toArray();
        return new Tensor[] {Tensor.of(x, n, f), Tensor.of(y, n)};
    }

    private static void check(String name, TreeModel<?> tree) {
        Map<String, Object> expected = g(name);
        double[] want = doubles(expected.get("importances"));
        double[] got = tree.featureImportances();
        String both = name + ": Fathom " + Arrays.toString(got) + ", scikit-learn " + Arrays.toString(want);
        assertEquals(((Number) expected.get("nodes")).intValue(), tree.trees[0].nodes(), both);
        assertEquals(((Number) expected.get("depth")).intValue(), tree.depth(), both);
        assertEquals(((Number) expected.get("root_feature")).intValue(), tree.trees[0].feature[0], both);
        assertEquals(((Number) expected.get("root_threshold")).doubleValue(), tree.trees[0].threshold[0], 1e-12, both);
        assertArrayEquals(want, got, 1e-9, both);
        assertEquals(1.0, Arrays.stream(got).sum(), 1e-12);
    }

    @Test
    void giniTreeMatchesScikitLearn() {
        Tensor[] d = synthetic();
        check("synthetic_gini", new DecisionTreeClassifier().maxDepth(5).minSamplesLeaf(5).seed(3).fit(d[0], d[1]));
    }

    @Test
    void entropyTreeMatchesScikitLearn() {
        Tensor[] d = synthetic();
        check("synthetic_entropy", new DecisionTreeClassifier().criterion(Criterion.ENTROPY).maxDepth(5).seed(3).fit(d[0], d[1]));
    }

    @Test
    void squaredErrorTreeOnDiabetesMatchesScikitLearn() {
        TabularDataset d = Datasets.load("diabetes");
        check("diabetes_squared_error", new DecisionTreeRegressor().minSamplesLeaf(5).seed(3).fit(d.features(), d.labels()));
    }
}
