package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.BinaryCrossentropy;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.metrics.Average;
import dev.fathom.metrics.Classification;
import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricInput;
import dev.fathom.metrics.MetricRegistry;
import dev.fathom.metrics.Predictions;
import dev.fathom.metrics.Regression;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole-epoch metrics in fit and evaluate equal dev.fathom.metrics on the model's own predictions. */
class EpochMetricTest {

    @Test
    void binaryMetricsInEvaluateEqualTheStandaloneOnes() {
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 200, 4);
        // a noisy linear rule, so the scores are neither perfect nor chance
        Tensor y = x.matmul(Tensor.of(new float[] {1, -2, 0.5f, 0}, 4, 1)).add(Tensor.randn(g, 200, 1)).gt(0).asType(x.dtype());
        Model model = new Sequential(new Dense(1)).seed(1).build(4)
                .compile(new Adam(0.05), new BinaryCrossentropy(true), "precision", "recall", "f1", "auc", "balanced_accuracy");
        History h = model.fit(x, y, Fit.epochs(3).batchSize(32).validationSplit(0.25).silent());
        // "auc" is the registry's alias of roc_auc: logged under the registry's name, as everywhere else
        assertTrue(h.keys().containsAll(java.util.List.of("roc_auc", "val_roc_auc", "f1", "val_precision")), h.keys().toString());

        Map<String, Double> scores = model.evaluate(x, y);
        float[] logits = model.predict(x).toFloatArray();
        int[] actual = y.reshape(200).asType(dev.fathom.backend.DType.INT32).toIntArray();
        int[] predicted = new int[200];
        double[] s = new double[200];
        for (int i = 0; i < 200; i++) {
            predicted[i] = logits[i] > 0 ? 1 : 0;
            s[i] = logits[i];
        }
        assertEquals(Classification.rocAuc(actual, s), scores.get("roc_auc"), 1e-12);
        assertEquals(Classification.precision(actual, predicted, Average.BINARY), scores.get("precision"), 1e-12);
        assertEquals(Classification.recall(actual, predicted, Average.BINARY), scores.get("recall"), 1e-12);
        assertEquals(Classification.f1(actual, predicted, Average.BINARY), scores.get("f1"), 1e-12);
        assertEquals(Classification.balancedAccuracy(actual, predicted), scores.get("balanced_accuracy"), 1e-12);
        assertTrue(scores.get("roc_auc") > 0.8, "learned the rule: " + scores);
    }

    @Test
    void aKerasProgramWatchingAnAliasStillTrains() {
        // compile(..., "auc") logs roc_auc; callbacks and History still answer to the name compile was given
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 200, 4);
        Tensor y = x.matmul(Tensor.of(new float[] {1, -2, 0.5f, 0}, 4, 1)).gt(0).asType(x.dtype());
        Model model = new Sequential(new Dense(1)).seed(1).build(4).compile(new Adam(0.05), new BinaryCrossentropy(true), "acc", "auc");
        History h = model.fit(x, y, Fit.epochs(4).batchSize(32).validationSplit(0.25).silent()
                .callbacks(new EarlyStopping("val_auc", 2, true), new ReduceLROnPlateau("val_acc")));
        assertEquals(h.last("val_roc_auc"), h.last("val_auc"), 0);
        assertEquals(h.get("accuracy")[0], h.get("acc")[0], 0);
        var e = assertThrows(IllegalArgumentException.class, () -> h.get("aucc"));
        assertTrue(e.getMessage().startsWith("history has no 'aucc'; it has [loss, accuracy, roc_auc"), e.getMessage());
    }

    @Test
    void multiclassAucAppliesSoftmaxToLogits() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 150, 3);
        Tensor y = x.argmax(1);   // class = the largest feature
        Model model = new Sequential(new Dense(3)).seed(2).build(3)
                .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true), "auc", "f1");
        model.fit(x, y, Fit.epochs(5).batchSize(30).silent());
        Map<String, Double> scores = model.evaluate(x, y);
        Tensor proba = model.predictProba(x);
        double expected = Classification.rocAuc(y.toIntArray(), rowsOf(proba), Average.MACRO);
        assertEquals(expected, scores.get("roc_auc"), 1e-6);
        assertEquals(Classification.f1(y.toIntArray(), model.predictClasses(x).toIntArray(), Average.MACRO), scores.get("f1"), 1e-12);
    }

    @Test
    void regressionMetrics() {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, 100, 2);
        Tensor y = x.matmul(Tensor.of(new float[] {2, -1}, 2, 1)).add(3);
        Model model = new Sequential(new Dense(1)).seed(3).build(2).compile(new Adam(0.1), new MeanSquaredError(), "rmse", "r2");
        model.fit(x, y, Fit.epochs(20).batchSize(20).silent());
        Map<String, Double> scores = model.evaluate(x, y);
        double[] p = model.predict(x).toDoubleArray();
        double[] t = y.toDoubleArray();
        assertEquals(Regression.rmse(t, p), scores.get("rmse"), 1e-6);
        assertEquals(Regression.r2(t, p), scores.get("r2"), 1e-6);
    }

    @Test
    void unknownMetricListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Dense(1)).build(2)
                .compile(new Adam(0.1), new MeanSquaredError(), "rsquared"));
        assertTrue(e.getMessage().contains("unknown metric 'rsquared'") && e.getMessage().contains("r2"), e.getMessage());
    }

    @Test
    void namesAndAliasesComeFromTheRegistry() {
        for (MetricDefinition d : MetricRegistry.all()) {
            if (d.needs().contains(MetricInput.FEATURE_COUNT)) continue;
            assertEquals(d.name(), Metric.named(d.name(), true).name());
            for (String alias : d.aliases()) assertEquals(d.name(), Metric.named(alias, false).name(), alias);
        }
        Model model = new Sequential(new Dense(1)).build(2).compile(new Adam(0.1), new MeanSquaredError(), "mean_absolute_error", "R2");
        assertEquals(List.of("loss", "mae", "r2"), List.copyOf(model.evaluate(Tensor.randn(new Generator(1), 8, 2),
                Tensor.randn(new Generator(2), 8, 1)).keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> Metric.named("adjusted_r2", false));
        assertTrue(e.getMessage().startsWith("metric 'adjusted_r2' needs the number of features"), e.getMessage());
    }

    @Test
    void logLossAndMacroMetricsOfSeveralUnitsEqualTheRegistrysOnProbabilities() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 90, 3);
        Tensor y = x.argmax(1);
        Model model = new Sequential(new Dense(3)).seed(4).build(3)
                .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true), "log_loss", "precision_weighted", "baseline_accuracy");
        model.fit(x, y, Fit.epochs(2).batchSize(30).silent());
        Map<String, Double> scores = model.evaluate(x, y);
        int[] classes = y.toIntArray();
        assertEquals(Classification.logLoss(classes, rowsOf(model.predictProba(x))), scores.get("log_loss"), 1e-6);
        assertEquals(Classification.precision(classes, model.predictClasses(x).toIntArray(), Average.WEIGHTED),
                scores.get("precision_weighted"), 1e-12);
        assertEquals(MetricRegistry.get("baseline_accuracy").compute(Predictions.ofClasses(classes, classes, null)),
                scores.get("baseline_accuracy"), 0);

        EpochMetric ap = new EpochMetric("average_precision", true);
        ap.update(Tensor.randn(g, 4, 3), Tensor.of(new int[] {0, 1, 2, 1}, 4));
        var e = assertThrows(IllegalArgumentException.class, ap::result);
        assertEquals("average_precision is for two classes (one output unit), but the model has 3 output units; compile with a metric"
                + " for several classes, e.g. 'roc_auc_ovr' or 'f1_macro'", e.getMessage());
    }

    @Test
    void monitorDirectionsComeFromTheRegistry() {
        assertEquals(MonitorMode.MAX, MonitorMode.AUTO.resolve("val_r2"));   // Keras' substring rule read r2 as an error
        assertEquals(MonitorMode.MIN, MonitorMode.AUTO.resolve("val_rmse"));
        assertEquals(MonitorMode.MIN, MonitorMode.AUTO.resolve("log_loss"));
        assertEquals(MonitorMode.MAX, MonitorMode.AUTO.resolve("val_roc_auc"));
        assertEquals(MonitorMode.MAX, MonitorMode.AUTO.resolve("val_balanced_accuracy"));
        assertEquals(MonitorMode.MIN, MonitorMode.AUTO.resolve("val_loss"));          // not a metric: the name rule
        assertEquals(MonitorMode.MAX, MonitorMode.AUTO.resolve("val_my_accuracy"));
        for (MetricDefinition d : MetricRegistry.all()) {
            assertEquals(d.greaterIsBetter() ? MonitorMode.MAX : MonitorMode.MIN, MonitorMode.AUTO.resolve("val_" + d.name()), d.name());
        }
    }

    private static double[][] rowsOf(Tensor t) {
        float[] f = t.toFloatArray();
        int k = t.shape(1);
        double[][] out = new double[t.shape(0)][k];
        for (int i = 0; i < out.length; i++) for (int c = 0; c < k; c++) out[i][c] = f[i * k + c];
        return out;
    }

    /** Two output units are two targets: R² per target, averaged (scikit-learn's and Keras' R2Score default), not pooled. */
    @Test
    void r2OfSeveralOutputsAveragesTheTargets() {
        // the "multi_target" case of make_golden_review.py
        Tensor y = Tensor.of(new float[] {1, 10, 2, 20, 3, 35, 4, 41}, 4, 2);
        Tensor p = Tensor.of(new float[] {1.1f, 12, 2.2f, 19, 2.9f, 30, 4.5f, 40}, 4, 2);
        EpochMetric r2 = new EpochMetric("r2", false);
        r2.update(p.slice(0, 0, 2), y.slice(0, 0, 2));
        r2.update(p.slice(0, 2, 4), y.slice(0, 2, 4));
        assertEquals(0.943036850921273, r2.result(), 1e-6);
    }
}
