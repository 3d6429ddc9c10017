package dev.fathom.diagnosis;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Baselines against scikit-learn's dummy models, trends against numpy.polyfit (make_golden_diagnosis.py). */
class BaselineGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = BaselineGoldenTest.class.getResourceAsStream("golden_diagnosis.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_diagnosis.json");
        }
    }

    private static double g(String key) {
        return ((Number) golden.get(key)).doubleValue();
    }

    private static double[] doubles(String key) {
        return ((List<?>) golden.get(key)).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Test
    void priorCrossEntropyIsTheDummyClassifiersLogLoss() {
        for (String name : List.of("iris", "wine", "breast_cancer")) {
            int[] labels = Datasets.load(name).labels().toIntArray();
            assertEquals(g(name + "_prior_log_loss"), Baseline.priorCrossEntropy(labels).value(), 1e-12, name);
        }
        assertEquals(g("breast_cancer_prior_log_loss"), Baseline.binaryCrossEntropy(g("breast_cancer_positive_rate")).value(), 1e-12);
        // iris is balanced: the prior loss is log(3)
        assertEquals(Baseline.crossEntropy(3).value(), g("iris_prior_log_loss"), 1e-12);
    }

    @Test
    void regressionBaselinesAreTheDummyRegressorsErrorsAndSkillIsRSquared() {
        TabularDataset diabetes = Datasets.load("diabetes");
        double[] y = diabetes.table().numeric(diabetes.targetName()).values();
        Baseline mse = Baseline.meanSquaredError(y);
        assertEquals(g("diabetes_mean_mse"), mse.value(), 1e-9);
        assertEquals(g("diabetes_median_mae"), Baseline.meanAbsoluteError(y).value(), 1e-9);
        assertEquals(g("diabetes_linear_r2"), mse.skill(g("diabetes_linear_mse")), 1e-12);
        assertTrue(mse.description().contains("target variance"), mse.description());
    }

    @Test
    void trendsAreRelativeLeastSquaresSlopes() {
        double[] falling = doubles("falling");
        CurveSummary s = CurveSummary.of(EpochCurves.of("loss", falling, null), null);
        assertEquals(2, s.trendWindow());
        assertEquals(g("falling_trend"), s.trainTrend(), 1e-12);
        double[] val = doubles("val");
        CurveSummary v = CurveSummary.of(EpochCurves.of("loss", val, val), null);
        assertEquals(6, v.trendWindow());
        assertEquals(g("val_trend"), v.validationTrend(), 1e-12);
    }

    @Test
    void skillOfScoresThatGoUpIsMeasuredTowardsOne() {
        Baseline acc = Baseline.of("accuracy", 0.5, "majority class");
        assertEquals(0.6, acc.skill(0.8), 1e-12);
        assertEquals(0, acc.skill(0.5), 0);
        assertEquals(-0.2, acc.skill(0.4), 1e-12);
        assertEquals(0.75, Baseline.of("loss", 2, "x").skill(0.5), 0);
        assertEquals("mse", Baseline.meanSquaredError(new double[] {1, 2, 3}).forKey("mse").key());
        var e = assertThrows(IllegalArgumentException.class, () -> Baseline.crossEntropy(1));
        assertTrue(e.getMessage().contains("at least 2 classes, got 1"));
        e = assertThrows(IllegalArgumentException.class, () -> Baseline.binaryCrossEntropy(1));
        assertTrue(e.getMessage().contains("positive rate in (0, 1), got 1.0"));
        e = assertThrows(IllegalArgumentException.class, () -> Baseline.meanSquaredError(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN or infinite"));
    }
}
