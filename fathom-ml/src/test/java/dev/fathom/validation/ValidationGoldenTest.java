package dev.fathom.validation;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.saving.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-validation, learning curves and grid search against scikit-learn on the bundled data (make_golden_validation.py). */
class ValidationGoldenTest {
    private static Map<String, Object> golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ValidationGoldenTest.class.getResourceAsStream("golden_validation.json")) {
            golden = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden_validation.json");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> g(String key) {
        return (Map<String, Object>) golden.get(key);
    }

    /** Columns to zero mean and unit population variance, as scikit-learn's StandardScaler. */
    static dev.fathom.tensor.Tensor standardize(dev.fathom.tensor.Tensor x) {
        var x64 = x.asType(dev.fathom.backend.DType.FLOAT64);
        var mean = x64.mean(0, true);
        return x64.sub(mean).div(x64.sub(mean).square().mean(0, true).sqrt()).asType(dev.fathom.backend.DType.FLOAT32);
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    private static double[][] matrix(Object rows) {
        return ((List<?>) rows).stream().map(ValidationGoldenTest::doubles).toArray(double[][]::new);
    }

    /** Cross-validates as the golden entry did and compares folds, test and train scores, mean and std. */
    private static CrossValidationResult check(String key, TabularDataset d, Supplier<Estimator> factory, Splitter cv, double tolerance) {
        Map<String, Object> e = g(key);
        String scoring = (String) e.get("scoring");
        CrossValidationResult r = new CrossValidator(cv).scoring(scoring).returnTrainScore(true).run(factory, d.features(), d.labels());
        List<?> testIndices = (List<?>) e.get("test_indices");
        for (int i = 0; i < testIndices.size(); i++) {
            assertArrayEquals(ints(testIndices.get(i)), r.folds().get(i).testIndices(), key + ": the folds are scikit-learn's, fold " + i);
        }
        assertArrayEquals(doubles(e.get("test")), r.testScores(), tolerance, key + " test scores");
        assertArrayEquals(doubles(e.get("train")), r.trainScores(), tolerance, key + " train scores");
        assertEquals(((Number) e.get("mean")).doubleValue(), r.mean(), tolerance, key + " mean");
        assertEquals(((Number) e.get("std")).doubleValue(), r.std(), tolerance, key + " std is np.std's (population)");
        return r;
    }

    @Test
    void nearestNeighbourScoresEqualScikitLearnExactly() {
        TabularDataset iris = Datasets.load("iris");
        check("iris_knn5_accuracy", iris, () -> new StandardizedEstimator(new KNeighborsClassifier(5)), new StratifiedKFold(5), 1e-12);
        check("wine_knn7_f1_macro", Datasets.load("wine"), () -> new StandardizedEstimator(new KNeighborsClassifier(7)),
                new StratifiedKFold(3), 1e-12);
        TabularDataset bc = Datasets.load("breast_cancer");
        check("breast_cancer_knn5_roc_auc", bc, () -> new StandardizedEstimator(new KNeighborsClassifier(5)), new StratifiedKFold(5), 1e-12);
        // probabilities are float32 in Fathom, so log loss agrees to float32's precision
        CrossValidationResult logLoss = check("breast_cancer_knn15_neg_log_loss", bc,
                () -> new StandardizedEstimator(new KNeighborsClassifier(15)), new KFold(4), 1e-6);
        assertTrue(logLoss.mean() < 0, "neg_log_loss is negated: higher is better");
        check("diabetes_knn_regressor_neg_mae", Datasets.load("diabetes"),
                () -> new StandardizedEstimator(new KNeighborsRegressor(10)), new KFold(5), 1e-4);
    }

    @Test
    void linearRegressionScoresMatchScikitLearnToDescentPrecision() {
        TabularDataset diabetes = Datasets.load("diabetes");
        check("diabetes_linear_r2", diabetes, LinearRegression::new, new KFold(5), 1e-4);
        CrossValidationResult rmse = check("diabetes_linear_neg_rmse", diabetes, LinearRegression::new, new KFold(5), 0.01);
        assertEquals(-rmse.mean(), rmse.scorer().metric(rmse.mean()), 0, "metric() undoes the negation");
    }

    @Test
    void standardizedLogisticRegressionOnBreastCancerReachesTheReference() {
        TabularDataset bc = Datasets.load("breast_cancer");
        CrossValidationResult r = Validation.crossValidate(() -> new StandardizedEstimator(new LogisticRegression()), bc.features(),
                bc.labels(), new StratifiedKFold(5));
        double reference = ((Number) g("breast_cancer_logistic_accuracy").get("mean")).doubleValue();
        System.out.printf("breast cancer, StandardScaler + LogisticRegression, StratifiedKFold(5): Fathom %.4f, scikit-learn %.4f%n",
                r.mean(), reference);
        assertTrue(r.mean() >= 0.95, "mean 5-fold accuracy " + r.mean() + " (scikit-learn: " + reference + ")");
        assertEquals(reference, r.mean(), 0.01, "within a point of scikit-learn's pipeline");
    }

    @Test
    void learningCurvesEqualScikitLearn() {
        Map<String, Object> e = g("diabetes_knn_regressor_learning_curve");
        TabularDataset diabetes = Datasets.load("diabetes");
        LearningCurve c = Validation.learningCurve(() -> new StandardizedEstimator(new KNeighborsRegressor(5)), diabetes.features(),
                diabetes.labels(), new KFold(5), doubles(e.get("fractions")));
        compare("diabetes", e, c, 1e-4);

        e = g("breast_cancer_knn_learning_curve");
        TabularDataset bc = Datasets.load("breast_cancer");
        c = Validation.learningCurve(() -> new StandardizedEstimator(new KNeighborsClassifier(5)), bc.features(), bc.labels(),
                new StratifiedKFold(5), doubles(e.get("fractions")));
        compare("breast cancer", e, c, 1e-12);
        assertTrue(c.validationMean()[2] > c.validationMean()[0], "more data helps k-NN: " + c);
    }

    private static void compare(String what, Map<String, Object> e, LearningCurve c, double tolerance) {
        assertArrayEquals(ints(e.get("sizes")), c.sizes(), what + " sizes");
        double[][] train = matrix(e.get("train"));
        double[][] validation = matrix(e.get("validation"));
        for (int i = 0; i < train.length; i++) {
            assertArrayEquals(train[i], c.trainScores()[i], tolerance, what + " train scores at size " + c.sizes()[i]);
            assertArrayEquals(validation[i], c.validationScores()[i], tolerance, what + " validation scores at size " + c.sizes()[i]);
            assertEquals(FoldRunner.meanStd(validation[i])[0], c.validationMean()[i], tolerance);
            assertEquals(FoldRunner.meanStd(validation[i])[1], c.validationStd()[i], tolerance);
            assertEquals(FoldRunner.meanStd(train[i])[1], c.trainStd()[i], tolerance);
        }
    }

    @Test
    void gridSearchOverKEqualsGridSearchCV() {
        Map<String, Object> e = g("breast_cancer_knn_grid");
        TabularDataset bc = Datasets.load("breast_cancer");
        SearchResult r = new GridSearch(p -> new StandardizedEstimator(new KNeighborsClassifier(p.getInt("k"))),
                new ParameterGrid().add("k", ((List<?>) e.get("k")).toArray()))
                .cv(new StratifiedKFold(5))
                .fit(bc.features(), bc.labels());
        double[] means = r.candidates().stream().mapToDouble(Candidate::meanScore).toArray();
        double[] stds = r.candidates().stream().mapToDouble(Candidate::stdScore).toArray();
        int[] ranks = r.candidates().stream().mapToInt(Candidate::rank).toArray();
        assertArrayEquals(doubles(e.get("mean")), means, 1e-12);
        assertArrayEquals(doubles(e.get("std")), stds, 1e-12);
        assertArrayEquals(ints(e.get("rank")), ranks);
        assertEquals(((Number) e.get("best_k")).intValue(), r.bestParams().getInt("k"));
        assertEquals(((Number) e.get("best_score")).doubleValue(), r.bestScore(), 1e-12);
        // the refitted best is trained on all rows: it scores its own training data
        Fold all = new KFold(2).split(bc.features().shape(0)).getFirst();
        assertTrue(r.best().score(all.test(bc.features()), all.test(bc.labels())) > 0.95);
    }
}
