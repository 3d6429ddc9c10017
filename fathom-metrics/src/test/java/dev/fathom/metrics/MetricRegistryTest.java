package dev.fathom.metrics;

import dev.fathom.saving.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry against scikit-learn's scorers ({@code make_golden_registry.py}): every name
 * resolves, directions equal {@code greater_is_better}, each metric computes the scorer's metric.
 */
class MetricRegistryTest {
    /** Metrics that scikit-learn has no scorer for; the golden file computes them another way. */
    private static final Set<String> NO_SCORER = Set.of("adjusted_r2", "baseline_accuracy");

    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MetricRegistryTest.class.getResourceAsStream("golden_registry.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_registry.json");
        }
    }

    @Test
    void everyNameAndAliasResolvesToItsMetricInAnyCase() {
        Set<String> spellings = new LinkedHashSet<>();
        for (MetricDefinition d : MetricRegistry.all()) {
            assertSame(d, MetricRegistry.get(d.name()));
            assertSame(d, MetricRegistry.get(" " + d.name().toUpperCase(java.util.Locale.ROOT) + " "));
            assertTrue(spellings.add(d.name()), d.name());
            for (String a : d.aliases()) {
                assertSame(d, MetricRegistry.get(a), a);
                assertTrue(spellings.add(a), "spelt twice: " + a);
            }
            for (MetricTask t : MetricTask.values()) assertEquals(d.appliesTo(t), MetricRegistry.names(t).contains(d.name()));
        }
        assertEquals(27, MetricRegistry.all().size());
        assertEquals(List.of("r2", "adjusted_r2", "mse", "rmse", "mae", "mape", "rmsle"), MetricRegistry.names(MetricTask.REGRESSION));
    }

    @Test
    void aliasesAreTheKerasAndScikitLearnSpellings() {
        assertEquals("accuracy", MetricRegistry.get("acc").name());
        assertEquals("roc_auc", MetricRegistry.get("auc").name());
        assertEquals("rmse", MetricRegistry.get("root_mean_squared_error").name());
        assertEquals("mae", MetricRegistry.get("mean_absolute_error").name());
        assertEquals("mse", MetricRegistry.get("mean_squared_error").name());
        assertEquals("neg_root_mean_squared_error", MetricRegistry.get("rmse").scorerName());
        assertEquals("neg_log_loss", MetricRegistry.get("log_loss").scorerName());
        assertEquals("f1_macro", MetricRegistry.get("f1_macro").scorerName());
        assertEquals("precision_macro", MetricRegistry.get("precision").severalClassesForm());
        assertEquals("roc_auc_ovr", MetricRegistry.get("roc_auc").severalClassesForm());
    }

    @Test
    void anUnknownNameGetsOneLineListingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("rsquared"));
        assertEquals("unknown metric 'rsquared'; the classification metrics are " + String.join(", ", MetricRegistry.names(MetricTask.BINARY))
                + "; the regression metrics are r2, adjusted_r2, mse, rmse, mae, mape, rmsle", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("rsquared", MetricTask.REGRESSION));
        assertEquals("unknown regression metric 'rsquared'; the regression metrics are r2, adjusted_r2, mse, rmse, mae, mape, rmsle",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("r2", MetricTask.BINARY));
        assertTrue(e.getMessage().startsWith("'r2' is a regression metric, but the problem is binary classification; the binary"
                + " classification metrics are accuracy, balanced_accuracy, precision, "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("f1", MetricTask.CLASSIFICATION));
        assertTrue(e.getMessage().startsWith("'f1' is for two classes, but the problem has several; use 'f1_macro'; the classification"
                + " metrics are accuracy, balanced_accuracy, precision_macro, "), e.getMessage());
        assertFalse(e.getMessage().contains(", f1,"), "binary metrics are not listed for several classes: " + e.getMessage());
        for (IllegalArgumentException x : List.of(e, assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("nope")))) {
            assertFalse(x.getMessage().contains("\n"), "one line: " + x.getMessage());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void directionsAndInputsMatchScikitLearnsScorers() {
        Map<String, Object> scorers = (Map<String, Object>) golden.get("scorers");
        Set<String> withoutScorer = new TreeSet<>();
        for (MetricDefinition d : MetricRegistry.all()) {
            Map<String, Object> s = (Map<String, Object>) scorers.get(d.scorerName());
            if (s == null) {
                withoutScorer.add(d.name());
                continue;
            }
            assertEquals(((Number) s.get("sign")).intValue() > 0, d.greaterIsBetter(), d.name() + ": greater_is_better");
            String reads = (String) s.get("reads");
            boolean probabilities = d.needs().contains(MetricInput.PROBABILITIES);
            assertEquals(!reads.equals("predict"), probabilities, d.name() + " reads " + reads);
        }
        assertEquals(new TreeSet<>(NO_SCORER), withoutScorer);
        assertTrue(MetricRegistry.get("adjusted_r2").greaterIsBetter() && MetricRegistry.get("baseline_accuracy").greaterIsBetter());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMetricComputesWhatScikitLearnComputes() {
        Map<String, Object> cases = (Map<String, Object>) golden.get("cases");
        Map<String, Object> values = (Map<String, Object>) golden.get("values");
        Set<String> checked = new TreeSet<>();
        for (String name : cases.keySet()) {
            Map<String, Object> c = (Map<String, Object>) cases.get(name);
            Map<String, Object> expected = (Map<String, Object>) values.get(name);
            Predictions p = predictions(c);
            for (MetricDefinition d : MetricRegistry.all()) {
                Object v = expected.get(NO_SCORER.contains(d.name()) ? d.name() : d.scorerName());
                if (v == null) continue;   // scikit-learn refuses this case (a binary metric on three classes)
                assertEquals(((Number) v).doubleValue(), d.compute(p), 1e-9, name + ": " + d.name());
                checked.add(d.name());
            }
        }
        Set<String> all = new TreeSet<>(MetricRegistry.all().stream().map(MetricDefinition::name).toList());
        assertEquals(all, checked, "every metric checked on some case");
    }

    @Test
    void aMetricOfAnotherTaskOrWithoutItsInputSaysSo() {
        Predictions labelsOnly = Predictions.ofClasses(new int[] {0, 1, 1}, new int[] {0, 1, 0}, null);
        var e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("log_loss").compute(labelsOnly));
        assertEquals("log_loss needs class probabilities, which the predictions do not hold; pass the [samples][classes] probabilities"
                + " (predictProba) to Predictions.ofClasses", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("rmse").compute(labelsOnly));
        assertTrue(e.getMessage().startsWith("rmse is a regression metric, but these are a classifier's predictions; the classification"
                + " metrics are accuracy, "), e.getMessage());
        Predictions three = Predictions.ofClasses(new int[] {0, 1, 2}, null, new double[][] {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}});
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("roc_auc").compute(three));
        assertEquals("'roc_auc' is for two classes, but the probabilities have 3 columns (classes); for several classes use 'roc_auc_ovr'"
                + " or 'roc_auc_ovr_weighted'", e.getMessage());
    }

    @Test
    void positiveScoresStandInForProbabilityColumnOne() {
        int[] y = {0, 0, 1, 1};
        double[] logits = {-3, 0.4, 0.2, 2};
        double[][] proba = new double[4][];
        for (int i = 0; i < 4; i++) proba[i] = new double[] {1 - sigmoid(logits[i]), sigmoid(logits[i])};
        Predictions p = Predictions.ofClasses(y, null, proba).withPositiveScores(logits);
        assertEquals(Classification.rocAuc(y, logits), MetricRegistry.get("auc").compute(p));
        assertEquals(0.75, MetricRegistry.get("auc").compute(p));
        assertEquals(Classification.logLoss(y, proba), MetricRegistry.get("log_loss").compute(p));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static Predictions predictions(Map<String, Object> c) {
        if (c.containsKey("proba")) {
            List<?> rows = (List<?>) c.get("proba");
            double[][] proba = new double[rows.size()][];
            for (int i = 0; i < proba.length; i++) proba[i] = doubles(rows.get(i));
            return Predictions.ofClasses(ints(c.get("y_true")), ints(c.get("y_pred")), proba);
        }
        int targets = ((Number) c.get("targets")).intValue();
        return Predictions.ofValues(doubles(c.get("y_true")), doubles(c.get("y_pred")), targets)
                .withFeatures(((Number) c.get("features")).intValue());
    }

    static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }
}
