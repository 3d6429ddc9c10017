package dev.fathom.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standard bundles: their fixed order, values equal to the functions, notes for what is left out. */
class MetricBundleTest {
    private static final int[] Y = {0, 1, 2, 2, 1, 0, 2, 1};
    private static final int[] PRED = {0, 2, 2, 2, 1, 0, 1, 1};
    private static final double[][] PROBA = {{0.7, 0.2, 0.1}, {0.2, 0.3, 0.5}, {0.1, 0.2, 0.7}, {0.2, 0.2, 0.6}, {0.1, 0.8, 0.1},
            {0.6, 0.3, 0.1}, {0.3, 0.4, 0.3}, {0.2, 0.5, 0.3}};

    @Test
    void theStandardBundlesHaveOneFixedOrder() {
        assertEquals(List.of("accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_weighted",
                "recall_weighted", "f1_weighted", "log_loss", "roc_auc_ovr", "baseline_accuracy"), MetricBundle.standard(MetricTask.CLASSIFICATION).names());
        assertEquals(List.of("accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_weighted",
                "recall_weighted", "f1_weighted", "log_loss", "roc_auc", "baseline_accuracy"), MetricBundle.standard(MetricTask.BINARY).names());
        assertEquals(List.of("rmse", "mae", "r2", "adjusted_r2", "mape", "rmsle"), MetricBundle.standard(MetricTask.REGRESSION).names());
        assertEquals(MetricTask.BINARY, MetricTask.ofClasses(2));
        assertEquals(MetricTask.CLASSIFICATION, MetricTask.ofClasses(3));
    }

    @Test
    void classificationValuesAreTheFunctionsBitForBit() {
        MetricBundle.Scores s = MetricBundle.standard(MetricTask.CLASSIFICATION).score(Predictions.ofClasses(Y, PRED, PROBA));
        Map<String, Double> v = s.values();
        assertEquals(MetricBundle.standard(MetricTask.CLASSIFICATION).names(), List.copyOf(v.keySet()));
        assertEquals(Classification.accuracy(Y, PRED), v.get("accuracy"), 0);
        assertEquals(Classification.balancedAccuracy(Y, PRED), v.get("balanced_accuracy"), 0);
        assertEquals(Classification.precision(Y, PRED, Average.MACRO), v.get("precision_macro"), 0);
        assertEquals(Classification.recall(Y, PRED, Average.WEIGHTED), v.get("recall_weighted"), 0);
        assertEquals(Classification.f1(Y, PRED, Average.WEIGHTED), v.get("f1_weighted"), 0);
        assertEquals(Classification.logLoss(Y, PROBA), v.get("log_loss"), 0);
        assertEquals(Classification.rocAuc(Y, PROBA, Average.MACRO), v.get("roc_auc_ovr"), 0);
        assertEquals(3 / 8.0, v.get("baseline_accuracy"), 0);
        assertEquals(List.of(), s.notes());
    }

    @Test
    void whatIsUndefinedIsLeftOutWithAReason() {
        List<String> classes = List.of("x", "y", "z");
        int[] y = {0, 1, 1};
        double[][] proba = {{0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.5, 0.4, 0.1}};
        MetricBundle.Scores s = MetricBundle.standard(MetricTask.CLASSIFICATION)
                .score(Predictions.ofClasses(y, new int[] {0, 1, 0}, proba).withClassNames(classes));
        assertTrue(!s.values().containsKey("roc_auc_ovr") && s.values().containsKey("log_loss"), s.values().toString());
        assertEquals(List.of("ROC AUC is left out: the data has no rows of class z, and a class's ROC curve needs rows of it and of"
                + " the others"), s.notes());

        s = MetricBundle.standard(MetricTask.BINARY).score(Predictions.ofClasses(new int[] {0, 1, 1}, new int[] {0, 1, 0}, null));
        assertEquals(List.of("log_loss is left out: it needs class probabilities", "roc_auc is left out: it needs class probabilities"),
                s.notes());

        s = MetricBundle.standard(MetricTask.REGRESSION).score(Predictions.ofValues(new double[] {0, 2, -1, 4},
                new double[] {0.5, 2, -1.5, 3}).withFeatures(3));
        assertEquals(List.of("rmse", "mae", "r2"), List.copyOf(s.values().keySet()));
        assertEquals(List.of("adjusted R² is left out: it needs more rows than the model's 3 features + 1",
                "MAPE is left out: 1 true value is 0, where a percentage error divides by zero",
                "RMSLE is left out: it takes the logarithm of 1 + value, and 2 values (true or predicted) are negative"), s.notes());
        assertEquals(Regression.rmse(new double[] {0, 2, -1, 4}, new double[] {0.5, 2, -1.5, 3}), s.values().get("rmse"), 0);

        s = MetricBundle.standard(MetricTask.REGRESSION).score(Predictions.ofValues(new double[] {1, 2, 3}, new double[] {1, 2, 2}));
        assertEquals(List.of("adjusted_r2 is left out: it needs the number of features"), s.notes());
    }

    @Test
    void aBundleOfAnotherTaskIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricBundle.standard(MetricTask.REGRESSION)
                .score(Predictions.ofClasses(Y, PRED, PROBA)));
        assertTrue(e.getMessage().startsWith("rmse is a regression metric, but these are a classifier's predictions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricBundle.of(MetricTask.REGRESSION, "rmse", "accuracy"));
        assertTrue(e.getMessage().startsWith("'accuracy' is a classification metric, but the problem is regression; the regression"
                + " metrics are r2, "), e.getMessage());
        assertEquals("regression metrics [r2, rmse]", MetricBundle.of(MetricTask.REGRESSION, "R2", "root_mean_squared_error").toString());
    }
}
