package dev.fathom.estimators;

import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nearest neighbours of features far from the origin equal scikit-learn's (golden values from
 * {@code make_golden_review.py}). Distances were once expanded as |q|² + |x|² − 2·q·x in float32,
 * where near 10⁴ gaps of 0.2 and 0.3 cancel to the same value: the first training row won every
 * vote, and an exact match no longer took the whole distance-weighted vote.
 */
class NeighboursPrecisionTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> golden() throws IOException {
        try (InputStream in = NeighboursPrecisionTest.class.getResourceAsStream("/dev/fathom/review/golden_review.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_review.json")
                    .get("neighbours_far_from_origin");
        }
    }

    private static Tensor matrix(Object rows) {
        List<?> r = (List<?>) rows;
        int cols = ((List<?>) r.getFirst()).size();
        double[] flat = r.stream().flatMap(row -> ((List<?>) row).stream()).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return Tensor.of(flat, r.size(), cols).asType(dev.fathom.backend.DType.FLOAT32);
    }

    private static double[] numbers(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Test
    void theNearestRowWinsFarFromTheOrigin() throws IOException {
        Map<String, Object> g = golden();
        Tensor x = matrix(g.get("x"));
        Tensor y = Tensor.of(numbers(g.get("y")), 3).asType(dev.fathom.backend.DType.FLOAT32);
        int[] expected = ((List<?>) g.get("classifier_k1")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        assertArrayEquals(expected, new KNeighborsClassifier(1).fit(x, y).predict(matrix(g.get("queries"))).toIntArray());
    }

    @Test
    void anExactMatchTakesTheWholeDistanceWeightedVote() throws IOException {
        Map<String, Object> g = golden();
        Tensor x = matrix(g.get("x"));
        Tensor y = Tensor.of(numbers(g.get("y")), 3).asType(dev.fathom.backend.DType.FLOAT32);
        KNeighborsRegressor knn = new KNeighborsRegressor(2, true).fit(x, y);
        assertEquals(numbers(g.get("regressor_k2_distance_exact"))[0], knn.predict(matrix(g.get("exact"))).toFloatArray()[0], 0);
        double[] expected = numbers(g.get("regressor_k2_distance"));
        float[] got = knn.predict(matrix(g.get("queries"))).toFloatArray();
        // the queries are float32 here (10000.3 is 10000.2998), so the weights move in the 4th digit
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], 2e-3);
    }
}
