package dev.fathom.ensembles;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.fathom.ensembles.EnsemblesGoldenTest.rows;
import static dev.fathom.ensembles.EnsemblesGoldenTest.standardize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bagging: reproducible draws, lower variance than one high-variance member, out-of-bag scores, and its messages. */
class BaggingTest {

    @Test
    void baggedNearestNeighbourRegressionBeatsASingleOneOnHeldOutData() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor x = standardize(d.features());
        Tensor xTrain = rows(x, 0), yTrain = rows(d.labels(), 0), xTest = rows(x, 1), yTest = rows(d.labels(), 1);
        double single = new KNeighborsRegressor(1).fit(xTrain, yTrain).score(xTest, yTest);
        BaggingRegressor bag = new BaggingRegressor(() -> new KNeighborsRegressor(1), 50).seed(0).oobScore(true).fit(xTrain, yTrain);
        double bagged = bag.score(xTest, yTest);
        // 1-NN is the high-variance extreme (R² below 0 here); averaging 50 bootstrap fits smooths it.
        assertTrue(bagged > single + 0.15, "bagged R² " + bagged + " vs a single 1-NN's " + single);
        assertEquals(bagged, bag.oobScore(), 0.1, "the out-of-bag R² estimates the held-out one");
        assertArrayEquals(yTrain.shape(), bag.oobPrediction().shape());
        assertArrayEquals(yTest.shape(), bag.predict(xTest).shape(), "predictions shaped like the targets");
    }

    @Test
    void baggedNearestNeighbourClassifierOnFeatureSubsetsBeatsASingleOne() {
        TabularDataset wine = Datasets.load("wine");
        Tensor x = standardize(wine.features());
        Tensor xTrain = rows(x, 0), yTrain = rows(wine.labels(), 0), xTest = rows(x, 1), yTest = rows(wine.labels(), 1);
        double single = new KNeighborsClassifier(1).fit(xTrain, yTrain).score(xTest, yTest);
        BaggingClassifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(1), 50).maxFeatures(0.5).seed(0).oobScore(true);
        double bagged = bag.fit(xTrain, yTrain).score(xTest, yTest);
        assertTrue(bagged > single, "bagged accuracy " + bagged + " vs a single 1-NN's " + single);
        for (int[] f : bag.estimatorsFeatures()) {
            assertEquals(6, f.length, "half of 13 features, rounded down as scikit-learn");
            assertEquals(6, Arrays.stream(f).distinct().count(), "drawn without replacement");
        }
        float[] oob = bag.oobDecisionFunction().toFloatArray();
        for (int i = 0; i < oob.length / 3; i++) {
            float s = oob[3 * i] + oob[3 * i + 1] + oob[3 * i + 2];
            assertTrue(Float.isNaN(s) || Math.abs(s - 1) < 1e-5, "out-of-bag row " + i + " sums to " + s);
        }
        assertTrue(bag.oobScore() > 0.85, "out-of-bag accuracy " + bag.oobScore());
        float[] p = bag.predictProba(xTest).toFloatArray();
        for (int i = 0; i < p.length / 3; i++) assertEquals(1, p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1e-5);
    }

    @Test
    void theSameSeedGivesTheSameMembersAndAnotherSeedOthers() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = standardize(iris.features());
        Tensor y = iris.labels();
        BaggingClassifier a = new BaggingClassifier(() -> new KNeighborsClassifier(1), 10).maxFeatures(0.5).seed(7).fit(x, y);
        BaggingClassifier b = new BaggingClassifier(() -> new KNeighborsClassifier(1), 10).maxFeatures(0.5).seed(7).fit(x, y);
        BaggingClassifier c = new BaggingClassifier(() -> new KNeighborsClassifier(1), 10).maxFeatures(0.5).seed(8).fit(x, y);
        assertTrue(Arrays.deepEquals(a.inBagMasks(), b.inBagMasks()));
        assertTrue(Arrays.deepEquals(a.estimatorsFeatures(), b.estimatorsFeatures()));
        assertArrayEquals(a.predictProba(x).toFloatArray(), b.predictProba(x).toFloatArray());
        assertFalse(Arrays.deepEquals(a.inBagMasks(), c.inBagMasks()), "another seed draws other rows");
        // A bootstrap sample holds about 1 - 1/e = 63% of the distinct rows.
        for (boolean[] mask : a.inBagMasks()) {
            int drawn = 0;
            for (boolean m : mask) if (m) drawn++;
            assertTrue(drawn > 0.5 * 150 && drawn < 0.75 * 150, "distinct rows drawn: " + drawn);
        }
    }

    @Test
    void withoutBootstrapEachMemberGetsDistinctRows() {
        TabularDataset iris = Datasets.load("iris");
        BaggingClassifier bag = new BaggingClassifier(DummyClassifier::new, 5).bootstrap(false).maxSamples(0.4).fit(iris.features(), iris.labels());
        for (boolean[] mask : bag.inBagMasks()) {
            int drawn = 0;
            for (boolean m : mask) if (m) drawn++;
            assertEquals(60, drawn, "40% of 150 rows, each once");
        }
        var e = assertThrows(IllegalStateException.class, bag::oobScore);
        assertTrue(e.getMessage().contains("oobScore(true) before fit"), e.getMessage());
        var noBootstrap = assertThrows(IllegalStateException.class, () -> new BaggingClassifier(DummyClassifier::new, 5).bootstrap(false)
                .oobScore(true).fit(iris.features(), iris.labels()));
        assertTrue(noBootstrap.getMessage().contains("needs bootstrap samples"), noBootstrap.getMessage());
    }

    @Test
    void membersThatMissARareClassStillGiveEveryColumn() {
        // Class 2 has two of 40 rows: many bootstrap samples miss it, and those members see two classes only.
        int n = 40;
        float[] xs = new float[n];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = i < 2 ? 2 : i % 2;
        }
        Tensor x = Tensor.of(xs, n, 1);
        Tensor y = Tensor.of(ys, n);
        BaggingClassifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(3), 30).seed(1).fit(x, y);
        assertTrue(bag.estimators().stream().anyMatch(m -> m.classCount() == 2), "some member never saw class 2");
        assertEquals(3, bag.classCount());
        Tensor p = bag.predictProba(x);
        assertArrayEquals(new int[] {n, 3}, p.shape());
        assertTrue(p.toFloatArray()[2] > 0, "row 0's class 2 probability comes from the members that saw it");
    }

    @Test
    void multiTargetRegressionKeepsTheTargetShape() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor x = standardize(d.features());
        Tensor y = Tensor.stack(1, d.labels(), d.labels().mul(-2));
        BaggingRegressor bag = new BaggingRegressor(LinearRegression::new, 3).maxFeatures(0.8).oobScore(true).fit(x, y);
        assertArrayEquals(new int[] {442, 2}, bag.predict(x).shape());
        assertArrayEquals(new int[] {442, 2}, bag.oobPrediction().shape());
        float[] p = bag.predict(x.slice(0, 0, 5)).toFloatArray();
        for (int i = 0; i < 5; i++) assertEquals(-2 * p[2 * i], p[2 * i + 1], 1e-2 * Math.abs(p[2 * i]), "the second target is -2 × the first");
        assertTrue(bag.oobScore() > 0.3, "out-of-bag R² " + bag.oobScore());
    }

    @Test
    void badSettingsAndMisuseSayWhatToDo() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 4, 1);
        Tensor y = Tensor.of(new int[] {0, 1, 0, 1}, 4);
        var zero = assertThrows(IllegalArgumentException.class, () -> new BaggingClassifier(DummyClassifier::new, 0));
        assertTrue(zero.getMessage().contains("nEstimators >= 1, got 0"), zero.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class, () -> new BaggingRegressor(LinearRegression::new, 3).maxFeatures(1.5));
        assertTrue(fraction.getMessage().contains("maxFeatures must be in (0, 1], got 1.5"), fraction.getMessage());

        KNeighborsClassifier shared = new KNeighborsClassifier(1);
        var same = assertThrows(IllegalArgumentException.class, () -> new BaggingClassifier(() -> shared, 3).fit(x, y));
        assertTrue(same.getMessage().contains("same KNeighborsClassifier(k=1) twice") && same.getMessage().contains("new estimator on each call"),
                same.getMessage());

        @SuppressWarnings({"unchecked", "rawtypes"})
        var regressor = assertThrows(IllegalArgumentException.class,
                () -> new BaggingClassifier((java.util.function.Supplier) () -> new KNeighborsRegressor(1), 3).fit(x, y));
        assertTrue(regressor.getMessage().contains("is a regressor"), regressor.getMessage());
        var classifier = assertThrows(IllegalArgumentException.class,
                () -> new BaggingRegressor(() -> new KNeighborsClassifier(1), 3).fit(x, y));
        assertTrue(classifier.getMessage().contains("is a classifier"), classifier.getMessage());

        var unfitted = assertThrows(IllegalStateException.class, () -> new BaggingRegressor(LinearRegression::new, 2).predict(x));
        assertTrue(unfitted.getMessage().contains("not fitted yet; call fit(x, y) first"), unfitted.getMessage());
        BaggingClassifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(1), 2).fit(x, y);
        var features = assertThrows(IllegalArgumentException.class, () -> bag.predict(Tensor.of(new float[] {1, 2}, 1, 2)));
        assertTrue(features.getMessage().contains("fitted on [samples, 1] but x has shape [1, 2]"), features.getMessage());
    }
}
