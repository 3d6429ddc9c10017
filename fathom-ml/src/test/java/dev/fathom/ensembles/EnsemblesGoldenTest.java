package dev.fathom.ensembles;

import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.DummyRegressor;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voting and stacking against scikit-learn on the bundled data sets (make_golden_ensembles.py):
 * training rows are the even rows, test rows the odd ones, features standardized as there.
 */
class EnsemblesGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EnsemblesGoldenTest.class.getResourceAsStream("golden_ensembles.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_ensembles.json");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> g(String key) {
        return (Map<String, Object>) golden.get(key);
    }

    static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    static double[][] matrix(Object rows) {
        return ((List<?>) rows).stream().map(EnsemblesGoldenTest::doubles).toArray(double[][]::new);
    }

    /** Columns to zero mean and unit population variance in float64, then float32, as the script does. */
    static Tensor standardize(Tensor x) {
        Tensor x64 = x.asType(DType.FLOAT64);
        Tensor mean = x64.mean(0, true);
        Tensor std = x64.sub(mean).square().mean(0, true).sqrt();
        return x64.sub(mean).div(std).asType(DType.FLOAT32);
    }

    static Tensor rows(Tensor t, int parity) {
        int n = (t.shape(0) - parity + 1) / 2;
        return t.indexSelect(0, Tensor.of(IntStream.range(0, n).map(i -> 2 * i + parity).toArray(), n));
    }

    static void assertClose(double[][] expected, Tensor actual, double tolerance, String what) {
        float[] a = actual.toFloatArray();
        int cols = expected[0].length;
        assertEquals(expected.length * cols, a.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < cols; j++) {
                double e = expected[i][j];
                assertEquals(e, a[i * cols + j], tolerance * Math.max(1, Math.abs(e)), what + " row " + i + " column " + j);
            }
        }
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
        return (double) same / a.length;
    }

    @Test
    void votingClassifierOnIrisEqualsScikitLearn() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = standardize(iris.features());
        Tensor xTrain = rows(x, 0), yTrain = rows(iris.labels(), 0), xTest = rows(x, 1);
        Map<String, Object> expected = g("iris_voting");

        VotingClassifier hard = new VotingClassifier(NamedEstimator.of("knn1", new KNeighborsClassifier(1)),
                NamedEstimator.of("knn5", new KNeighborsClassifier(5)), NamedEstimator.of("knn9d", new KNeighborsClassifier(9, true)),
                NamedEstimator.of("dummy", new DummyClassifier()));
        assertArrayEquals(ints(expected.get("hard")), hard.fit(xTrain, yTrain).predict(xTest).toIntArray(), "hard voting");
        assertArrayEquals(ints(expected.get("hard_weighted")), hard.weights(1, 2, 1, 0.5).fit(xTrain, yTrain).predict(xTest).toIntArray(),
                "weighted hard voting");

        // Uniform k-NN votes are exact fractions; distance weights would carry Fathom's float32 distances.
        VotingClassifier soft = new VotingClassifier(NamedEstimator.of("knn5", new KNeighborsClassifier(5)),
                NamedEstimator.of("knn9", new KNeighborsClassifier(9)), NamedEstimator.of("dummy", new DummyClassifier()))
                .voting(Voting.SOFT).weights(2, 1, 1).fit(xTrain, yTrain);
        assertArrayEquals(ints(expected.get("soft")), soft.predict(xTest).toIntArray(), "soft voting");
        assertClose(matrix(expected.get("soft_proba")), soft.predictProba(xTest), 1e-6, "soft probabilities");
    }

    @Test
    void votingClassifierOnWineBreaksTiesLikeScikitLearn() {
        TabularDataset wine = Datasets.load("wine");
        Tensor x = standardize(wine.features());
        Tensor xTrain = rows(x, 0), yTrain = rows(wine.labels(), 0), xTest = rows(x, 1);
        Map<String, Object> expected = g("wine_voting");

        // Two members that disagree on a few rows: each such row is a 1-1 tie, won by the smaller class.
        assertTrue(((Number) expected.get("tie_count")).intValue() > 0, "the fixture has ties to break");
        VotingClassifier pair = new VotingClassifier(NamedEstimator.of("knn1", new KNeighborsClassifier(1)),
                NamedEstimator.of("knn15", new KNeighborsClassifier(15)));
        assertArrayEquals(ints(expected.get("tie_pair")), pair.fit(xTrain, yTrain).predict(xTest).toIntArray(), "ties");

        List<NamedEstimator> members = List.of(NamedEstimator.of("knn3", new KNeighborsClassifier(3)),
                NamedEstimator.of("knn7", new KNeighborsClassifier(7)), NamedEstimator.of("knn15d", new KNeighborsClassifier(15, true)));
        assertArrayEquals(ints(expected.get("hard")), new VotingClassifier(members).fit(xTrain, yTrain).predict(xTest).toIntArray());
        VotingClassifier soft = new VotingClassifier(members).voting(Voting.SOFT).fit(xTrain, yTrain);
        assertArrayEquals(ints(expected.get("soft")), soft.predict(xTest).toIntArray());
        assertClose(matrix(expected.get("soft_proba")), soft.predictProba(xTest), 1e-6, "soft probabilities");
    }

    @Test
    void votingRegressorOnDiabetesEqualsScikitLearn() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor xTrain = rows(d.features(), 0), yTrain = rows(d.labels(), 0), xTest = rows(d.features(), 1), yTest = rows(d.labels(), 1);
        Map<String, Object> expected = g("diabetes_voting");

        VotingRegressor weighted = new VotingRegressor(NamedEstimator.of("knn5", new KNeighborsRegressor(5)),
                NamedEstimator.of("knn10", new KNeighborsRegressor(10)), NamedEstimator.of("mean", new DummyRegressor()),
                NamedEstimator.of("median", new DummyRegressor(DummyRegressor.Strategy.MEDIAN))).weights(1, 2, 0.5, 1);
        Tensor p = weighted.fit(xTrain, yTrain).predict(xTest);
        assertArrayEquals(yTest.shape(), p.shape(), "predictions shaped like the targets");
        double[] e = doubles(expected.get("weighted"));
        assertClose(java.util.Arrays.stream(e).mapToObj(v -> new double[] {v}).toArray(double[][]::new), p, 1e-6, "weighted mean");

        // LinearRegression is fitted by gradient descent here and in closed form there: close, not equal.
        VotingRegressor lin = new VotingRegressor(NamedEstimator.of("linear", new LinearRegression()),
                NamedEstimator.of("knn5", new KNeighborsRegressor(5))).fit(xTrain, yTrain);
        double[] el = doubles(expected.get("linear_knn"));
        float[] pl = lin.predict(xTest).toFloatArray();
        for (int i = 0; i < el.length; i++) assertEquals(el[i], pl[i], 1e-3 * Math.abs(el[i]) + 0.05, "linear + knn row " + i);
        assertEquals(((Number) expected.get("linear_knn_r2")).doubleValue(), lin.score(xTest, yTest), 1e-4);
    }

    private void checkStacking(String key, String dataset, boolean passthrough) {
        TabularDataset data = Datasets.load(dataset);
        Tensor x = standardize(data.features());
        Tensor xTrain = rows(x, 0), yTrain = rows(data.labels(), 0), xTest = rows(x, 1), yTest = rows(data.labels(), 1);
        Map<String, Object> expected = g(key);

        StackingClassifier stack = new StackingClassifier(NamedEstimator.of("knn5", new KNeighborsClassifier(5)),
                NamedEstimator.of("knn11d", new KNeighborsClassifier(11, true)))
                .cv(new StratifiedKFold(5)).passthrough(passthrough).fit(xTrain, yTrain);
        // Same folds, same k-NN: the out-of-fold probabilities are scikit-learn's cross_val_predict exactly.
        double[][] oof = matrix(expected.get("oof"));
        Tensor features = stack.crossValidatedFeatures();
        int width = oof[0].length;
        assertEquals(width + (passthrough ? x.shape(1) : 0), features.shape(1), "meta-features' columns");
        assertClose(oof, features.slice(1, 0, width), 1e-6, key + " out-of-fold probabilities");
        if (passthrough) assertClose(toRows(xTrain), features.slice(1, width, features.shape(1)), 0, "passed-through features");
        assertClose(matrix(expected.get("transform")), stack.transform(xTest.slice(0, 0, 5)), 1e-6, key + " transform of new rows");

        // The meta-model is lbfgs there and gradient descent here: near the same optimum, not equal.
        double[][] coef = matrix(expected.get("meta_coef"));   // [outputs][features]
        double[][] fitted = ((LogisticRegression) stack.finalEstimator()).coefficients();   // [features][outputs]
        for (int o = 0; o < coef.length; o++) {
            for (int f = 0; f < coef[o].length; f++) assertEquals(coef[o][f], fitted[f][o], 0.01, key + " meta coefficient " + o + ", " + f);
        }
        int[] pred = stack.predict(xTest).toIntArray();
        double agree = agreement(ints(expected.get("pred")), pred);
        assertTrue(agree >= 0.98, key + ": predictions agree with scikit-learn's on " + agree);
        assertEquals(((Number) expected.get("accuracy")).doubleValue(), stack.score(xTest, yTest), 0.02, key + " accuracy");
        assertClose(matrix(expected.get("proba")), stack.predictProba(xTest), 0.005, key + " probabilities");
    }

    private static double[][] toRows(Tensor x) {
        float[] f = x.toFloatArray();
        int c = x.shape(1);
        double[][] out = new double[x.shape(0)][c];
        for (int i = 0; i < out.length; i++) for (int j = 0; j < c; j++) out[i][j] = f[i * c + j];
        return out;
    }

    @Test
    void stackingClassifierOnWineMatchesScikitLearn() {
        checkStacking("wine_stacking", "wine", false);
    }

    @Test
    void stackingClassifierWithPassthroughMatchesScikitLearn() {
        checkStacking("wine_stacking_passthrough", "wine", true);
    }

    @Test
    void binaryStackingKeepsOneColumnPerBaseAsScikitLearn() {
        checkStacking("breast_cancer_stacking", "breast_cancer", false);
    }

    @Test
    void stackingRegressorOnDiabetesMatchesScikitLearn() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor xTrain = rows(d.features(), 0), yTrain = rows(d.labels(), 0), xTest = rows(d.features(), 1), yTest = rows(d.labels(), 1);
        Map<String, Object> expected = g("diabetes_stacking");
        StackingRegressor stack = new StackingRegressor(NamedEstimator.of("knn5", new KNeighborsRegressor(5)),
                NamedEstimator.of("knn15", new KNeighborsRegressor(15))).fit(xTrain, yTrain);
        assertClose(matrix(expected.get("oof")), stack.crossValidatedFeatures(), 1e-6, "out-of-fold predictions");
        LinearRegression meta = (LinearRegression) stack.finalEstimator();
        double[] coef = doubles(expected.get("meta_coef"));
        for (int i = 0; i < coef.length; i++) assertEquals(coef[i], meta.coefficients()[i][0], 0.01, "meta coefficient " + i);
        double[] pred = doubles(expected.get("pred"));
        float[] p = stack.predict(xTest).toFloatArray();
        // The meta-model's descent stops a little short on these collinear columns (LinearRegression's
        // early stopping): predictions within 0.5%, R² within 1e-3 of the closed form.
        for (int i = 0; i < pred.length; i++) assertEquals(pred[i], p[i], 5e-3 * Math.abs(pred[i]), "prediction " + i);
        assertEquals(((Number) expected.get("r2")).doubleValue(), stack.score(xTest, yTest), 1e-3);
    }
}
