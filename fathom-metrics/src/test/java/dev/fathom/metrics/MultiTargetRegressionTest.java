package dev.fathom.metrics;

import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression metrics of several targets equal scikit-learn's default {@code uniform_average}: each
 * target scored alone, then averaged (golden values from {@code make_golden_review.py}). R² of a
 * [samples, targets] tensor once pooled the columns, which rewards the spread between targets.
 */
class MultiTargetRegressionTest {
    static Map<String, Object> golden(String name) throws IOException {
        try (InputStream in = MultiTargetRegressionTest.class.getResourceAsStream("/dev/fathom/review/golden_review.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "golden_review.json").get(name);
            return g;
        }
    }

    static double[] flat(Object rows) {
        return ((List<?>) rows).stream().flatMap(r -> ((List<?>) r).stream()).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    static double number(Map<String, Object> g, String key) {
        return ((Number) g.get(key)).doubleValue();
    }

    @Test
    void severalTargetsAreScoredEachAndAveraged() throws IOException {
        Map<String, Object> g = golden("multi_target");
        double[] y = flat(g.get("y_true"));
        double[] p = flat(g.get("y_pred"));
        assertEquals(number(g, "r2"), Regression.r2(y, p, 2), 1e-12);
        assertEquals(number(g, "rmse"), Regression.rmse(y, p, 2), 1e-12);
        assertEquals(number(g, "rmsle"), Regression.rmsle(y, p, 2), 1e-12);
        // one target is the flat form
        assertEquals(Regression.r2(y, p), Regression.r2(y, p, 1), 0);
        assertNotEquals(number(g, "r2"), number(g, "r2_pooled"), 1e-3);   // the case tells the two apart
    }

    @Test
    void tensorsOfSeveralTargetsAreScoredPerTarget() throws IOException {
        Map<String, Object> g = golden("multi_target");
        Tensor y = Tensor.of(flat(g.get("y_true")), 4, 2);
        Tensor p = Tensor.of(flat(g.get("y_pred")), 4, 2);
        assertEquals(number(g, "r2"), Regression.r2(y, p), 1e-12);
        assertEquals(number(g, "rmse"), Regression.rmse(y, p), 1e-12);
        assertEquals(number(g, "mse"), Regression.mse(y, p), 1e-12);   // the same pooled or per target
        // a [samples] tensor and a [samples, 1] one are one target
        Tensor y1 = Tensor.of(new double[] {3, -0.5, 2, 7}, 4);
        Tensor p1 = Tensor.of(new double[] {2.5, 0.0, 2, 8}, 4);
        assertEquals(Regression.r2(y1, p1), Regression.r2(y1.reshape(4, 1), p1.reshape(4, 1)), 0);
    }

    @Test
    void aLengthThatIsNotWholeRowsIsExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> Regression.r2(new double[5], new double[5], 2));
        assertTrue(e.getMessage().contains("5 values do not split into rows of 2 targets"), e.getMessage());
    }
}
