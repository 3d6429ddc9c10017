package dev.fathom.validation;

import dev.fathom.estimators.Estimator;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A regressor of several targets is scored as scikit-learn scores it: R² and RMSE per target,
 * averaged (golden values from {@code make_golden_review.py}), by the scorers and by
 * {@link Estimator#score}. Both once pooled the targets into one column.
 */
class MultiTargetScoringTest {
    /** A regressor that predicts the golden predictions whatever it is shown. */
    private record Fixed(Tensor prediction) implements Estimator {
        @Override
        public Estimator fit(Tensor x, Tensor y) {
            return this;
        }

        @Override
        public Tensor predict(Tensor x) {
            return prediction;
        }

        @Override
        public boolean isClassifier() {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> golden() throws IOException {
        try (InputStream in = MultiTargetScoringTest.class.getResourceAsStream("/dev/fathom/review/golden_review.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_review.json")
                    .get("multi_target");
        }
    }

    private static Tensor matrix(Object rows) {
        List<?> r = (List<?>) rows;
        double[] flat = r.stream().flatMap(row -> ((List<?>) row).stream()).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return Tensor.of(flat, r.size(), 2);
    }

    @Test
    void scorersAndScoreAverageOverTargets() throws IOException {
        Map<String, Object> g = golden();
        Tensor y = matrix(g.get("y_true"));
        Estimator fixed = new Fixed(matrix(g.get("y_pred")));
        Tensor x = Tensor.zeros(4, 1);
        double r2 = ((Number) g.get("r2")).doubleValue();
        assertEquals(r2, Scorer.of("r2").score(fixed, x, y), 1e-12);
        assertEquals(r2, fixed.score(x, y), 1e-12);
        assertEquals(-((Number) g.get("rmse")).doubleValue(), Scorer.of("neg_rmse").score(fixed, x, y), 1e-12);
        assertEquals(-((Number) g.get("rmsle")).doubleValue(), Scorer.of("neg_rmsle").score(fixed, x, y), 1e-12);
        assertEquals(-((Number) g.get("mse")).doubleValue(), Scorer.of("neg_mse").score(fixed, x, y), 1e-12);
    }
}
