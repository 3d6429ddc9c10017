package dev.fathom.validation;

import dev.fathom.backend.DType;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricInput;
import dev.fathom.metrics.MetricRegistry;
import dev.fathom.metrics.Predictions;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The built-in scorers are the registry's metrics: same names, directions, inputs and values. */
class ScorerRegistryTest {

    @Test
    void everyScorerIsARegistryMetricUnderItsScorerName() {
        List<MetricDefinition> scored = MetricRegistry.all().stream()
                .filter(d -> !d.needs().isEmpty() && !d.needs().contains(MetricInput.FEATURE_COUNT)).toList();
        assertEquals(scored.stream().map(MetricDefinition::scorerName).toList(), Scorer.names());
        for (MetricDefinition d : scored) {
            Scorer s = Scorer.of(d.scorerName());
            assertEquals(d.greaterIsBetter(), s.greaterIsBetter(), d.name());
            assertEquals(d.needs().contains(MetricInput.PROBABILITIES), s.needsProba(), d.name());
            for (String alias : d.aliases()) assertSame(s, Scorer.of(d.greaterIsBetter() ? alias : "neg_" + alias), alias);
        }
        assertSame(Scorer.of("accuracy"), Scorer.of("acc"));
        assertSame(Scorer.of("roc_auc"), Scorer.of("AUC"));
        assertSame(Scorer.of("neg_root_mean_squared_error"), Scorer.of("neg_rmse"));
    }

    @Test
    void aScoreIsTheRegistrysMetricSigned() {
        TabularDataset iris = Datasets.load("iris");
        var knn = new KNeighborsClassifier(5).fit(iris.features(), iris.labels());
        int[] y = iris.labels().toIntArray();
        Tensor proba = knn.predictProba(iris.features());
        double[][] rows = new double[y.length][3];
        double[] flat = proba.asType(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < y.length; i++) System.arraycopy(flat, 3 * i, rows[i], 0, 3);
        Predictions p = Predictions.ofClasses(y, knn.predict(iris.features()).toIntArray(), rows);
        for (String name : List.of("f1_macro", "balanced_accuracy", "roc_auc_ovr", "log_loss")) {
            MetricDefinition d = MetricRegistry.get(name);
            double signed = Scorer.of(d.scorerName()).score(knn, iris.features(), iris.labels());
            assertEquals(d.compute(p), d.greaterIsBetter() ? signed : -signed, 0, name);
        }

        TabularDataset diabetes = Datasets.load("diabetes");
        var linear = new LinearRegression().fit(diabetes.features(), diabetes.labels());
        Predictions r = Predictions.ofValues(diabetes.labels().toDoubleArray(), linear.predict(diabetes.features()).toDoubleArray());
        for (String name : List.of("r2", "rmse", "mae", "mape")) {
            MetricDefinition d = MetricRegistry.get(name);
            double signed = Scorer.of(d.scorerName()).score(linear, diabetes.features(), diabetes.labels());
            assertEquals(d.compute(r), Scorer.of(d.scorerName()).metric(signed), 0, name);
        }
    }
}
