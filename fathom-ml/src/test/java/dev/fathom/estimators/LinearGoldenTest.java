package dev.fathom.estimators;

import dev.fathom.backend.Threads;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The linear solvers against scikit-learn's optimum (make_golden_linear.py): L-BFGS
 * logistic regression (at a tolerance of 1e-8) and the direct ridge solve reach the same
 * coefficients to 1e-4.
 */
class LinearGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LinearGoldenTest.class.getResourceAsStream("golden_linear.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_linear.json");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> g(String key) {
        return (Map<String, Object>) golden.get(key);
    }

    private static double[][] matrix(Object rows) {
        return ((List<?>) rows).stream().map(r -> ((List<?>) r).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray())
                .toArray(double[][]::new);
    }

    private static double[] vector(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static void assertCoefficients(String key, double[][] coef, double[] intercept, double tolerance) {
        assertCoefficients(key, "", coef, intercept, tolerance);
    }

    private static void assertCoefficients(String key, String solver, double[][] coef, double[] intercept, double tolerance) {
        double[][] expected = matrix(g(key).get(solver + "coef"));
        double[] expectedIntercept = vector(g(key).get(solver + "intercept"));
        assertEquals(expected.length, coef.length, key + ": features");
        for (int j = 0; j < expected.length; j++) {
            for (int k = 0; k < expected[j].length; k++) {
                double e = expected[j][k];
                assertEquals(e, coef[j][k], tolerance * Math.max(1, Math.abs(e)), key + ": coefficient of feature " + j + ", output " + k);
            }
        }
        for (int k = 0; k < expectedIntercept.length; k++) {
            double e = expectedIntercept[k];
            assertEquals(e, intercept[k], tolerance * Math.max(1, Math.abs(e)), key + ": intercept " + k);
        }
    }

    /**
     * To 1e-4 of the optimum at a tolerance of 1e-8; at the default tolerance, which stops sooner as
     * scikit-learn's lbfgs does, to 2e-3 of both the optimum and scikit-learn's lbfgs at its defaults.
     */
    private static void assertLogistic(String key, String data, LogisticRegression clf) {
        TabularDataset d = Datasets.load(data);
        Tensor x = EstimatorsGoldenTest.standardize(d.features());
        LogisticRegression byDefault = clf.fit(x, d.labels());
        assertCoefficients(key, byDefault.coefficients(), byDefault.intercept(), 2e-3);
        assertCoefficients(key, "lbfgs_", byDefault.coefficients(), byDefault.intercept(), 2e-3);
        clf.solver(10_000, 1e-8).fit(x, d.labels());
        assertCoefficients(key, clf.coefficients(), clf.intercept(), 1e-4);
        double[][] proba = matrix(g(key).get("proba_first_rows"));
        float[] p = clf.predictProba(x.slice(0, 0, 5)).toFloatArray();
        int classes = proba[0].length;
        for (int r = 0; r < 5; r++) {
            for (int k = 0; k < classes; k++) assertEquals(proba[r][k], p[r * classes + k], 1e-5, key + ": probability, row " + r + " class " + k);
        }
    }

    @Test
    void binaryLogisticRegressionEqualsScikitLearnsLbfgs() {
        assertLogistic("breast_cancer_C1", "breast_cancer", new LogisticRegression());
        assertLogistic("breast_cancer_C0.1_balanced", "breast_cancer", new LogisticRegression(0.1).balancedClassWeight());
        assertLogistic("breast_cancer_C10_no_intercept", "breast_cancer", new LogisticRegression(10).fitIntercept(false));
    }

    @Test
    void multinomialLogisticRegressionEqualsScikitLearnsLbfgs() {
        assertLogistic("iris_C1", "iris", new LogisticRegression());
        // weakly penalized: the optimum is far from 0 and the problem ill-conditioned
        assertLogistic("iris_C100", "iris", new LogisticRegression(100));
        assertLogistic("wine_C0.5_balanced", "wine", new LogisticRegression(0.5).balancedClassWeight());
    }

    @Test
    void ridgeEqualsScikitLearnsRidge() {
        TabularDataset d = Datasets.load("diabetes");
        Ridge r1 = new Ridge(1.0).fit(d.features(), d.labels());
        assertCoefficients("diabetes_ridge_alpha1", r1.coefficients(), r1.intercept(), 1e-6);
        assertEquals(d.labels().shape().length, r1.predict(d.features()).shape().length, "predictions shaped like the targets");
        Ridge r0 = new Ridge(0).fit(d.features(), d.labels());
        assertCoefficients("diabetes_ridge_alpha0", r0.coefficients(), r0.intercept(), 1e-6);
        Ridge r10 = new Ridge(10).fitIntercept(false).fit(d.features(), d.labels());
        assertCoefficients("diabetes_ridge_alpha10_no_intercept", r10.coefficients(), r10.intercept(), 1e-6);

        Tensor wine = EstimatorsGoldenTest.standardize(Datasets.load("wine").features());
        Ridge two = new Ridge(3.0).fit(wine.slice(1, 2, 13), wine.slice(1, 0, 2));
        assertCoefficients("wine_ridge_two_targets", two.coefficients(), two.intercept(), 1e-6);
        assertArrayEquals(new int[] {178, 2}, two.predict(wine.slice(1, 2, 13)).shape());
    }

    @Test
    void ridgeInBatchesEqualsOneFit() {
        TabularDataset d = Datasets.load("diabetes");
        Ridge whole = new Ridge(0.5).fit(d.features(), d.labels());
        Ridge batched = new Ridge(0.5);
        for (int start = 0; start < 442; start += 100) {
            int end = Math.min(442, start + 100);
            batched.partialFit(d.features().slice(0, start, end), d.labels().slice(0, start, end));
        }
        double[][] a = whole.coefficients(), b = batched.coefficients();
        for (int j = 0; j < a.length; j++) assertEquals(a[j][0], b[j][0], 1e-9 * Math.max(1, Math.abs(a[j][0])), "coefficient " + j);
        assertEquals(whole.intercept()[0], batched.intercept()[0], 1e-9 * Math.abs(whole.intercept()[0]));
        var columns = assertThrows(IllegalArgumentException.class, () -> batched.partialFit(Tensor.zeros(3, 4), Tensor.zeros(3)));
        assertTrue(columns.getMessage().contains("this batch has 4 features and 1 target(s), the first had 10 and 1"), columns.getMessage());
    }

    @Test
    void collinearFeaturesAreRefusedWithoutPenaltyAndSolvedWithIt() {
        // the third column is the sum of the first two
        float[] v = new float[30];
        Random r = new Random(1);
        for (int i = 0; i < 10; i++) {
            v[i * 3] = r.nextFloat();
            v[i * 3 + 1] = r.nextFloat();
            v[i * 3 + 2] = v[i * 3] + v[i * 3 + 1];
        }
        Tensor x = Tensor.of(v, 10, 3);
        Tensor y = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> new Ridge(0).fit(x, y));
        assertTrue(e.getMessage().contains("linearly dependent") && e.getMessage().contains("new Ridge(1.0)"), e.getMessage());
        double[][] c = new Ridge(1).fit(x, y).coefficients();
        for (double[] row : c) assertTrue(Double.isFinite(row[0]));
        // a constant column gets 0, as in scikit-learn
        Tensor constant = Tensor.of(new float[] {1, 5, 2, 5, 3, 5, 4, 5}, 4, 2);
        assertEquals(0, new Ridge(1).fit(constant, Tensor.of(new float[] {1, 2, 3, 4}, 4)).coefficients()[1][0]);
    }

    @Test
    void logisticRegressionGivesTheSameBitsOnOneThreadAsOnMany() throws Exception {
        // enough rows for several blocks and a parallel pass
        int n = 3 * LogisticRegression.BLOCK + 17, f = 24;
        float[] v = new float[n * f];
        int[] labels = new int[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < f; j++) {
                v[i * f + j] = (float) r.nextGaussian();
                s += v[i * f + j] * (j % 3 - 1);
            }
            labels[i] = s + r.nextGaussian() > 0 ? (s > 2 ? 2 : 1) : 0;
        }
        Tensor x = Tensor.of(v, n, f);
        Tensor y = Tensor.of(labels, n);
        LogisticRegression many = new LogisticRegression().fit(x, y);
        LogisticRegression one = Threads.serially(() -> new LogisticRegression().fit(x, y));
        assertEquals(many.iterations(), one.iterations());
        for (int j = 0; j < f; j++) assertArrayEquals(many.coefficients()[j], one.coefficients()[j], 0.0, "feature " + j);
        assertArrayEquals(many.intercept(), one.intercept(), 0.0);
        assertTrue(many.score(x, y) > 0.8, "it learns the rule: " + many.score(x, y));
    }

    @Test
    void badSettingsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(0)).getMessage().contains("C must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().classWeight(1, -2)).getMessage()
                .contains("class weight 1 must be finite and >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Ridge(-1)).getMessage().contains("alpha must be finite and >= 0"));
        var nan = assertThrows(IllegalArgumentException.class, () -> new LogisticRegression()
                .fit(Tensor.of(new float[] {1, Float.NaN}, 2, 1), Tensor.of(new int[] {0, 1}, 2)));
        assertTrue(nan.getMessage().contains("x[1, 0] is NaN"), nan.getMessage());
    }

    /**
     * {@code fitStandardized} on the raw features with a standard scaler's mean and scale (what
     * StandardizedEstimator hands it) reaches scikit-learn's optimum on the standardized features,
     * gives the same bits on one thread as on many, and refuses statistics of the wrong length.
     */
    @Test
    void fitStandardizedReachesScikitLearnsOptimumWithoutTheStandardizedCopy() throws Exception {
        String[][] cases = {{"breast_cancer_C1", "breast_cancer"}, {"breast_cancer_C10_no_intercept", "breast_cancer"},
                {"iris_C1", "iris"}, {"wine_C0.5_balanced", "wine"}};
        for (String[] c : cases) {
            TabularDataset d = Datasets.load(c[1]);
            float[] v = d.features().toFloatArray();
            int n = d.features().shape(0), f = d.features().shape(1);
            double[] mean = new double[f], scale = new double[f];
            for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) mean[j] += v[i * f + j];
            for (int j = 0; j < f; j++) mean[j] /= n;
            for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) scale[j] += (v[i * f + j] - mean[j]) * (v[i * f + j] - mean[j]);
            for (int j = 0; j < f; j++) scale[j] = Math.sqrt(scale[j] / n);
            java.util.function.Supplier<LogisticRegression> make = () -> switch (c[0]) {
                case "breast_cancer_C10_no_intercept" -> new LogisticRegression(10).fitIntercept(false);
                case "wine_C0.5_balanced" -> new LogisticRegression(0.5).balancedClassWeight();
                default -> new LogisticRegression();
            };
            LogisticRegression clf = make.get().solver(10_000, 1e-8).fitStandardized(d.features(), d.labels(), mean, scale);
            assertCoefficients(c[0], clf.coefficients(), clf.intercept(), 1e-4);
            LogisticRegression many = make.get().fitStandardized(d.features(), d.labels(), mean, scale);
            LogisticRegression one = Threads.serially(() -> make.get().fitStandardized(d.features(), d.labels(), mean, scale));
            assertEquals(many.evaluations(), one.evaluations(), c[0]);
            for (int j = 0; j < f; j++) assertArrayEquals(many.coefficients()[j], one.coefficients()[j], 0.0, c[0] + ": feature " + j);
            assertArrayEquals(many.intercept(), one.intercept(), 0.0, c[0]);
        }
        TabularDataset iris = Datasets.load("iris");
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression().fitStandardized(iris.features(), iris.labels(), new double[3], new double[] {1, 1, 1}));
        assertTrue(wrong.getMessage().contains("x has 4 features but mean has 3"), wrong.getMessage());
        var zero = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression().fitStandardized(iris.features(), iris.labels(), new double[4], new double[] {1, 0, 1, 1}));
        assertTrue(zero.getMessage().contains("feature 1 has mean 0.0 and scale 0.0"), zero.getMessage());
    }
}
