package dev.fathom.metrics;

import dev.fathom.saving.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every metric against scikit-learn on the cases of {@code make_golden_metrics.py}: random data, a
 * class never predicted, a class only predicted, ties in scores, a zero regression target.
 */
class GoldenMetricsTest {
    private static final double TOL = 1e-9;

    @TestFactory
    List<DynamicTest> matchesScikitLearn() throws IOException {
        Map<String, Object> golden;
        try (InputStream in = GoldenMetricsTest.class.getResourceAsStream("golden_metrics.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_metrics.json");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Object o : (List<?>) golden.get("cases")) {
            @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) o;
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
        }
        assertEquals(13, tests.size(), "cases in the fixture");
        return tests;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) {
        switch ((String) c.get("kind")) {
            case "classification" -> {
                int[] yt = ints(c.get("y_true"));
                int[] yp = ints(c.get("y_pred"));
                assertEquals(num(c, "accuracy"), Classification.accuracy(yt, yp), TOL);
                assertEquals(num(c, "balanced_accuracy"), Classification.balancedAccuracy(yt, yp), TOL);
                List<?> cm = (List<?>) c.get("confusion_matrix");
                long[][] counts = ConfusionMatrix.of(yt, yp).counts();
                for (int i = 0; i < cm.size(); i++) assertArrayEquals(longs(cm.get(i)), counts[i], "confusion row " + i);
                for (Average avg : Average.values()) {
                    Map<String, Object> expected = (Map<String, Object>) c.get(avg.name().toLowerCase());
                    if (expected == null) continue;
                    String what = avg + " ";
                    assertEquals(num(expected, "precision"), Classification.precision(yt, yp, avg), TOL, what + "precision");
                    assertEquals(num(expected, "recall"), Classification.recall(yt, yp, avg), TOL, what + "recall");
                    assertEquals(num(expected, "f1"), Classification.f1(yt, yp, avg), TOL, what + "f1");
                    assertEquals(num(expected, "f2"), Classification.fBeta(yt, yp, 2, avg), TOL, what + "f2");
                }
            }
            case "scores" -> {
                int[] yt = ints(c.get("y_true"));
                double[] s = doubles(c.get("scores"));
                RocCurve roc = RocCurve.of(yt, s);
                assertArrayEquals(doubles(c.get("fpr")), roc.falsePositiveRate(), TOL, "fpr");
                assertArrayEquals(doubles(c.get("tpr")), roc.truePositiveRate(), TOL, "tpr");
                assertArrayEquals(doubles(c.get("roc_thresholds")), roc.thresholds(), TOL, "roc thresholds");
                assertEquals(num(c, "roc_auc"), Classification.rocAuc(yt, s), TOL, "roc auc");
                PrecisionRecallCurve pr = PrecisionRecallCurve.of(yt, s);
                assertArrayEquals(doubles(c.get("precision")), pr.precision(), TOL, "precision");
                assertArrayEquals(doubles(c.get("recall")), pr.recall(), TOL, "recall");
                assertArrayEquals(doubles(c.get("pr_thresholds")), pr.thresholds(), TOL, "pr thresholds");
                assertEquals(num(c, "average_precision"), Classification.averagePrecision(yt, s), TOL, "average precision");
                assertEquals(num(c, "log_loss"), Classification.logLoss(yt, s), TOL, "binary log loss");
            }
            case "proba" -> {
                int[] yt = ints(c.get("y_true"));
                List<?> rows = (List<?>) c.get("proba");
                double[][] p = new double[rows.size()][];
                for (int i = 0; i < p.length; i++) p[i] = doubles(rows.get(i));
                assertEquals(num(c, "log_loss"), Classification.logLoss(yt, p), TOL, "log loss");
                assertEquals(num(c, "roc_auc_macro"), Classification.rocAuc(yt, p, Average.MACRO), TOL, "ovr macro");
                assertEquals(num(c, "roc_auc_weighted"), Classification.rocAuc(yt, p, Average.WEIGHTED), TOL, "ovr weighted");
            }
            case "regression" -> {
                double[] yt = doubles(c.get("y_true"));
                double[] yp = doubles(c.get("y_pred"));
                assertEquals(num(c, "mse"), Regression.mse(yt, yp), TOL, "mse");
                assertEquals(num(c, "rmse"), Regression.rmse(yt, yp), TOL, "rmse");
                assertEquals(num(c, "mae"), Regression.mae(yt, yp), TOL, "mae");
                assertEquals(num(c, "mape"), Regression.mape(yt, yp), Math.abs(num(c, "mape")) * 1e-12, "mape");
                assertEquals(num(c, "r2"), Regression.r2(yt, yp), TOL, "r2");
                int features = ((Number) c.get("features")).intValue();
                assertEquals(num(c, "adjusted_r2"), Regression.adjustedR2(yt, yp, features), TOL, "adjusted r2");
                if (c.containsKey("rmsle")) assertEquals(num(c, "rmsle"), Regression.rmsle(yt, yp), TOL, "rmsle");
            }
            default -> throw new IllegalStateException("unknown case kind " + c.get("kind"));
        }
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    private static long[] longs(Object list) {
        return ((List<?>) list).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
