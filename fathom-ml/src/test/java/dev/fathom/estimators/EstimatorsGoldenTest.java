package dev.fathom.estimators;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines against scikit-learn on the bundled data sets (make_golden_estimators.py). */
class EstimatorsGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EstimatorsGoldenTest.class.getResourceAsStream("golden_estimators.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_estimators.json");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> g(String key) {
        return (Map<String, Object>) golden.get(key);
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /** Columns to zero mean and unit population variance, as scikit-learn's StandardScaler. */
    static Tensor standardize(Tensor x) {
        Tensor x64 = x.asType(DType.FLOAT64);
        Tensor mean = x64.mean(0, true);
        Tensor std = x64.sub(mean).square().mean(0, true).sqrt();
        return x64.sub(mean).div(std).asType(DType.FLOAT32);
    }

    @Test
    void linearRegressionMatchesTheClosedFormAndScikitLearn() {
        TabularDataset d = Datasets.load("diabetes");
        Map<String, Object> expected = g("diabetes_linear");
        double[] coef = doubles(expected.get("coef"));
        double[][] xr = Estimators.rows(d.features(), -1, "test");
        double[][] yr = Estimators.rows(d.labels().reshape(-1, 1), 1, "test");
        double[][] exact = LinearRegression.leastSquares(xr, yr);
        // The bundled features are float32, scikit-learn's float64: agreement to float32's precision.
        for (int i = 0; i < coef.length; i++) assertEquals(coef[i], exact[i][0], 1e-5 * Math.max(1, Math.abs(coef[i])), "closed form coef " + i);
        double intercept = ((Number) expected.get("intercept")).doubleValue();
        assertEquals(intercept, exact[coef.length][0], 1e-5 * Math.abs(intercept));

        LinearRegression descent = new LinearRegression().fit(d.features(), d.labels());
        double r2 = ((Number) expected.get("r2")).doubleValue();
        assertEquals(r2, descent.score(d.features(), d.labels()), 1e-4, "gradient descent reaches the least-squares R² ("
                + descent.epochsRun() + " steps)");
        double[][] c = descent.coefficients();
        for (int i = 0; i < coef.length; i++) {
            assertEquals(coef[i], c[i][0], 0.02 * Math.abs(coef[i]) + 2, "descent coef " + i + " near the closed form");
        }
    }

    @Test
    void logisticRegressionOnBreastCancerApproachesScikitLearn() {
        TabularDataset d = Datasets.load("breast_cancer");
        Tensor x = standardize(d.features());
        LogisticRegression clf = new LogisticRegression().fit(x, d.labels());
        Map<String, Object> expected = g("breast_cancer_logistic");
        double[] coef = doubles(expected.get("coef"));
        double[][] c = clf.coefficients();
        double maxDiff = 0;
        for (int i = 0; i < coef.length; i++) maxDiff = Math.max(maxDiff, Math.abs(coef[i] - c[i][0]));
        assertTrue(maxDiff < 1e-3, "coefficients within 1e-3 of scikit-learn's, max difference " + maxDiff);
        assertEquals(((Number) expected.get("intercept")).doubleValue(), clf.intercept()[0], 1e-3);
        assertEquals(((Number) expected.get("accuracy")).doubleValue(), clf.score(x, d.labels()), 2.0 / 569);
    }

    @Test
    void multinomialLogisticRegressionOnIris() {
        TabularDataset d = Datasets.load("iris");
        Tensor x = standardize(d.features());
        LogisticRegression clf = new LogisticRegression().fit(x, d.labels());
        assertEquals(3, clf.classCount());
        List<?> rows = (List<?>) g("iris_logistic").get("proba_first_rows");
        float[] p = clf.predictProba(x.slice(0, 0, 5)).toFloatArray();
        for (int r = 0; r < 5; r++) {
            double[] expected = doubles(rows.get(r));
            for (int k = 0; k < 3; k++) assertEquals(expected[k], p[r * 3 + k], 1e-4, "row " + r + " class " + k);
        }
        assertEquals(((Number) g("iris_logistic").get("accuracy")).doubleValue(), clf.score(x, d.labels()), 1.0 / 150);
    }

    @Test
    void nearestNeighboursEqualScikitLearn() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = standardize(iris.features());
        int[] expected = ((List<?>) g("iris_knn5").get("pred")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        assertArrayEquals(expected, new KNeighborsClassifier(5).fit(x, iris.labels()).predict(x).toIntArray());

        int[] even = java.util.stream.IntStream.range(0, 75).map(i -> 2 * i).toArray();
        int[] odd = java.util.stream.IntStream.range(0, 75).map(i -> 2 * i + 1).toArray();
        Tensor evenIdx = Tensor.of(even, 75);
        Tensor oddIdx = Tensor.of(odd, 75);
        int[] weighted = ((List<?>) g("iris_knn5").get("pred_distance")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        assertArrayEquals(weighted, new KNeighborsClassifier(7, true).fit(x.indexSelect(0, evenIdx), iris.labels().indexSelect(0, evenIdx))
                .predict(x.indexSelect(0, oddIdx)).toIntArray());

        Tensor wine = standardize(Datasets.load("wine").features());
        Tensor wineEven = wine.indexSelect(0, Tensor.of(java.util.stream.IntStream.range(0, 89).map(i -> 2 * i).toArray(), 89));
        Tensor wineOdd = wine.indexSelect(0, Tensor.of(java.util.stream.IntStream.range(0, 89).map(i -> 2 * i + 1).toArray(), 89));
        double[] regression = doubles(g("wine_knn_regressor").get("pred"));
        float[] got = new KNeighborsRegressor(4).fit(wineEven, wineEven.slice(1, 0, 1).reshape(-1)).predict(wineOdd).toFloatArray();
        for (int i = 0; i < regression.length; i++) assertEquals(regression[i], got[i], 1e-5, "wine regression " + i);
    }

    @Test
    void kMeansFindsScikitLearnsInertiaOnIris() {
        KMeans km = new KMeans(3).seed(0).fit(Datasets.load("iris").features());
        double expected = ((Number) golden.get("iris_kmeans3_inertia")).doubleValue();
        assertEquals(expected, km.inertia(), 1e-4, "the best of 10 runs reaches scikit-learn's optimum");
        assertEquals(150, km.labels().length);
        assertArrayEquals(km.labels(), km.predict(Datasets.load("iris").features()).toIntArray(), "predict agrees with labels");
    }

    @Test
    void dummiesAreTheFloor() {
        TabularDataset bc = Datasets.load("breast_cancer");
        DummyClassifier dummy = new DummyClassifier().fit(bc.features(), bc.labels());
        assertEquals(357.0 / 569, dummy.score(bc.features(), bc.labels()), 1e-12, "the benign share");
        float[] p = dummy.predictProba(bc.features().slice(0, 0, 1)).toFloatArray();
        assertEquals(212.0 / 569, p[0], 1e-6);
        // the most frequent class is not the last one: predict must still find it (ties to the smallest)
        Tensor y = Tensor.of(new int[] {0, 2, 2, 1, 2, 0, 1, 1, 1}, 9);
        assertArrayEquals(new int[] {1, 1}, new DummyClassifier().fit(Tensor.zeros(9, 1), y).predict(Tensor.zeros(2, 1)).toIntArray());
        Tensor tie = Tensor.of(new int[] {2, 0, 2, 0}, 4);
        assertArrayEquals(new int[] {0}, new DummyClassifier().fit(Tensor.zeros(4, 1), tie).predict(Tensor.zeros(1, 1)).toIntArray());
        TabularDataset diabetes = Datasets.load("diabetes");
        assertEquals(0, new DummyRegressor().fit(diabetes.features(), diabetes.labels()).score(diabetes.features(), diabetes.labels()), 1e-6);
    }

    @Test
    void misuseIsExplained() {
        var notFitted = assertThrows(IllegalStateException.class, () -> new KNeighborsClassifier(3).predict(Tensor.zeros(2, 2)));
        assertTrue(notFitted.getMessage().contains("not fitted yet; call fit(x, y) first"), notFitted.getMessage());
        var tooFew = assertThrows(IllegalArgumentException.class,
                () -> new KNeighborsClassifier(5).fit(Tensor.zeros(3, 2), Tensor.of(new int[] {0, 1, 0}, 3)));
        assertTrue(tooFew.getMessage().contains("k = 5 neighbours but only 3 training samples"), tooFew.getMessage());
        var labels = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression().fit(Tensor.zeros(2, 2), Tensor.of(new float[] {0.5f, 1}, 2)));
        assertTrue(labels.getMessage().contains("sample 0 is 0.5") && labels.getMessage().contains("regressor"), labels.getMessage());
        var features = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().maxEpochs(5)
                .fit(Tensor.zeros(4, 2), Tensor.zeros(4)).predict(Tensor.zeros(3, 5)));
        assertTrue(features.getMessage().contains("fitted on 2 features but x has 5"), features.getMessage());
    }
}
