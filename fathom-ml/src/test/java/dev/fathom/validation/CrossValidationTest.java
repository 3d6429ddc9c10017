package dev.fathom.validation;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.LeaveOneOut;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.data.split.TimeSeriesSplit;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-validation and hold-out: folds, parallel runs, scorers and the errors users meet. */
class CrossValidationTest {
    private static final TabularDataset IRIS = Datasets.load("iris");
    private static final TabularDataset DIABETES = Datasets.load("diabetes");

    private static NetworkClassifier mlp() {
        return new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(3)).seed(7).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(15).batchSize(16).seed(3).silent());
    }

    @Test
    void foldsNeverShareRowsAndCoverEverySample() {
        for (var splitter : List.of(new KFold(5).shuffle(1), new StratifiedKFold(4), new LeaveOneOut())) {
            CrossValidationResult r = Validation.crossValidate(() -> new KNeighborsClassifier(3), IRIS.features(), IRIS.labels(), splitter);
            Set<Integer> tested = new HashSet<>();
            for (Fold f : r.folds()) {
                Set<Integer> train = new HashSet<>();
                for (int i : f.trainIndices()) train.add(i);
                for (int i : f.testIndices()) {
                    assertFalse(train.contains(i), splitter + ": row " + i + " is in fold " + f.index() + "'s training and test sets");
                    assertTrue(tested.add(i), splitter + ": row " + i + " is tested by two folds");
                }
                assertEquals(150, f.trainSize() + f.testSize());
            }
            assertEquals(150, tested.size(), splitter + ": every row is tested once");
            assertEquals(r.folds().size(), r.testScores().length);
        }
    }

    @Test
    void byDefaultEveryFoldRunsAtOnceUpToFourPerCore() {
        Tensor x = Tensor.zeros(10, 2);
        Tensor y = Tensor.zeros(10);
        int cores = dev.fathom.backend.Threads.count();
        assertEquals(5, FoldRunner.threads(0, 5, x, y), "5 folds share the cores and finish together");
        assertEquals(4 * cores, FoldRunner.threads(0, 4 * cores, x, y));
        assertEquals(cores, FoldRunner.threads(0, 4 * cores + 1, x, y), "a search's many jobs: one thread per core");
        assertEquals(2, FoldRunner.threads(2, 5, x, y), "an explicit count wins");
        // Folds that fill the cores score as the serial run does (their kernels stay on their own threads).
        Tensor data = ValidationGoldenTest.standardize(IRIS.features());
        CrossValidationResult serial = new CrossValidator(new StratifiedKFold(5)).threads(1).run(CrossValidationTest::mlp, data, IRIS.labels());
        CrossValidationResult all = new CrossValidator(new StratifiedKFold(5)).run(CrossValidationTest::mlp, data, IRIS.labels());
        assertArrayEquals(serial.testScores(), all.testScores(), 0);
    }

    @Test
    void parallelFoldsGiveExactlyTheSerialResult() {
        Tensor x = ValidationGoldenTest.standardize(IRIS.features());
        CrossValidationResult serial = new CrossValidator(new StratifiedKFold(4)).threads(1).returnTrainScore(true)
                .run(CrossValidationTest::mlp, x, IRIS.labels());
        CrossValidationResult parallel = new CrossValidator(new StratifiedKFold(4)).threads(4).returnTrainScore(true)
                .run(CrossValidationTest::mlp, x, IRIS.labels());
        assertArrayEquals(serial.testScores(), parallel.testScores(), 0, "same seeds, same scores whatever the thread count");
        assertArrayEquals(serial.trainScores(), parallel.trainScores(), 0);
        assertTrue(serial.mean() > 0.85, "the network learns iris: " + serial);

        CrossValidationResult logistic1 = new CrossValidator(new KFold(3).shuffle(5)).threads(1).run(LogisticRegression::new, x, IRIS.labels());
        CrossValidationResult logistic3 = new CrossValidator(new KFold(3).shuffle(5)).threads(3).run(LogisticRegression::new, x, IRIS.labels());
        assertArrayEquals(logistic1.testScores(), logistic3.testScores(), 0);
    }

    @Test
    void meanAndPopulationStdAreNumpys() {
        CrossValidationResult r = Validation.crossValidate(() -> new KNeighborsClassifier(1), IRIS.features(), IRIS.labels(), new KFold(5).shuffle(0));
        double[] s = r.testScores();
        double mean = Arrays.stream(s).average().orElseThrow();
        double var = Arrays.stream(s).map(v -> (v - mean) * (v - mean)).sum() / s.length;
        assertEquals(mean, r.mean(), 1e-15);
        assertEquals(Math.sqrt(var), r.std(), 1e-15, "np.std: divided by the number of folds");
        assertEquals(Math.sqrt(var * s.length / (s.length - 1)), r.sampleStd(), 1e-15);
        assertEquals("accuracy", r.scoring(), "accuracy is the default for classifiers");
        for (double t : r.fitTimes()) assertTrue(t >= 0);
        String table = r.toString();
        assertTrue(table.contains("population std") && table.contains("mean") && table.contains(" ± "), table);
        assertEquals(5 + 3, table.lines().count(), "title, header, five folds, mean: " + table);
        var e = assertThrows(IllegalStateException.class, r::trainScores);
        assertTrue(e.getMessage().contains("returnTrainScore(true)"), e.getMessage());
    }

    @Test
    void regressorsAreScoredByR2AndErrorsComeNegated() {
        Tensor x = DIABETES.features();
        Tensor y = DIABETES.labels();
        CrossValidationResult r2 = Validation.crossValidate(LinearRegression::new, x, y, new KFold(3));
        assertEquals("r2", r2.scoring());
        CrossValidationResult rmse = Validation.crossValidate(LinearRegression::new, x, y, new KFold(3), "neg_rmse");
        assertEquals("neg_root_mean_squared_error", rmse.scoring());
        for (double s : rmse.testScores()) assertTrue(s < -40 && s > -70, "minus an RMSE of about 55: " + s);
        CrossValidationResult timeSeries = Validation.crossValidate(LinearRegression::new, x, y, new TimeSeriesSplit(3));
        for (Fold f : timeSeries.folds()) assertTrue(f.trainIndices()[f.trainSize() - 1] < f.testIndices()[0], "no look-ahead");
    }

    @Test
    void holdOutScoresTheHeldOutRowsAndStratifies() {
        Tensor x = IRIS.features();
        Tensor y = IRIS.labels();
        HoldOutResult h = Validation.holdOut(new KNeighborsClassifier(5), x, y, 0.2, 42, true);
        assertEquals(30, h.split().testIndices().length);
        int[] test = h.split().test(y).toIntArray();
        for (int c = 0; c < 3; c++) {
            int cls = c;
            assertEquals(10, IntStream.of(test).filter(v -> v == cls).count(), "each class keeps its third of the test set");
        }
        double expected = new KNeighborsClassifier(5).fit(h.split().train(x), h.split().train(y)).score(h.split().test(x), h.split().test(y));
        assertEquals(expected, h.score(), 0);
        assertTrue(h.trainScore() > 0.9 && h.toString().contains("accuracy"), h.toString());
        HoldOutResult again = Validation.holdOut(new KNeighborsClassifier(5), x, y, 0.2, 42, true);
        assertArrayEquals(h.split().testIndices(), again.split().testIndices(), "the seed fixes the split");

        var e = assertThrows(IllegalArgumentException.class,
                () -> Validation.holdOut(new LinearRegression(), DIABETES.features(), DIABETES.labels(), 0.2, 1, true));
        assertTrue(e.getMessage().contains("regressor") && e.getMessage().contains("stratified = false"), e.getMessage());
    }

    @Test
    void aStratifyingSplitterRefusesARegressorsTargets() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(LinearRegression::new, DIABETES.features(), DIABETES.labels(), new StratifiedKFold(5)));
        String m = e.getMessage();
        assertTrue(m.startsWith("crossValidate: StratifiedKFold(nSplits=5) stratifies by class labels"), m);
        assertTrue(m.contains("regressor") && m.contains("y[0] = 151") && m.contains("use KFold"), m);
    }

    @Test
    void aScorerThatDoesNotFitTheTaskIsRefusedBeforeTraining() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(LinearRegression::new, DIABETES.features(), DIABETES.labels(), new KFold(3), "accuracy"));
        assertTrue(e.getMessage().contains("scorer 'accuracy' scores classifiers") && e.getMessage().contains("r2, neg_rmse"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(DummyClassifier::new, IRIS.features(), IRIS.labels(), new KFold(3), "neg_mse"));
        assertTrue(e.getMessage().contains("scores regressors") && e.getMessage().contains("f1_macro"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(DummyClassifier::new, IRIS.features(), IRIS.labels(), new StratifiedKFold(3), "roc_auc"));
        assertTrue(e.getMessage().contains("fold 0") && e.getMessage().contains("'roc_auc' is for two classes")
                && e.getMessage().contains("roc_auc_ovr"), e.getMessage());
        CrossValidationResult ovr = Validation.crossValidate(() -> new KNeighborsClassifier(7), IRIS.features(), IRIS.labels(),
                new StratifiedKFold(3), "roc_auc_ovr");
        assertTrue(ovr.mean() > 0.95, ovr.toString());
    }

    @Test
    void unknownScorerNamesGetTheClosestAndErrorsGetNeg() {
        var e = assertThrows(IllegalArgumentException.class, () -> Scorer.of("f1_macr"));
        assertTrue(e.getMessage().contains("no scorer named 'f1_macr'; did you mean 'f1_macro'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scorer.of("rmse"));
        assertTrue(e.getMessage().contains("lower is better") && e.getMessage().contains("'neg_rmse'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scorer.of("mean_squared_error"));
        assertTrue(e.getMessage().contains("'neg_mean_squared_error'"), e.getMessage());
        assertTrue(Scorer.names().contains("balanced_accuracy") && Scorer.names().contains("neg_log_loss"));
        Scorer mae = Scorer.of("NEG_MAE");
        assertFalse(mae.greaterIsBetter());
        assertEquals(2.5, mae.metric(-2.5));
    }

    @Test
    void badDataAndFactoriesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(LinearRegression::new, DIABETES.features(), IRIS.labels(), new KFold(3)));
        assertTrue(e.getMessage().contains("x has 442 samples but y has 150"), e.getMessage());
        KNeighborsClassifier shared = new KNeighborsClassifier(3);
        e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(() -> shared, IRIS.features(), IRIS.labels(), new KFold(3)));
        assertTrue(e.getMessage().contains("same KNeighborsClassifier(k=3) twice"), e.getMessage());
        // a failure inside a fold names the fold
        e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(() -> new KNeighborsClassifier(140), IRIS.features(), IRIS.labels(), new KFold(5)));
        assertTrue(e.getMessage().startsWith("crossValidate, fold 0: KNeighborsClassifier: k = 140 neighbours but only 120"), e.getMessage());
        Tensor continuous = IRIS.features().slice(1, 0, 1).reshape(-1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Validation.crossValidate(() -> new KNeighborsClassifier(3), IRIS.features(), continuous, new KFold(3)));
        assertTrue(e.getMessage().contains("sample 0 is 5.1"), e.getMessage());
    }

    @Test
    void learningCurveSizesFollowScikitLearn() {
        LearningCurve c = new CrossValidator(new KFold(5)).learningCurve(LinearRegression::new, DIABETES.features(), DIABETES.labels(),
                0.1, 0.5, 1.0, 50);
        assertArrayEquals(new int[] {35, 50, 176, 353}, c.sizes(), "fractions of the first training fold (353 rows), floored");
        assertEquals(4, c.trainMean().length);
        assertEquals(4, c.validationStd().length);
        assertTrue(c.validationMean()[3] > c.validationMean()[0], c.toString());
        assertTrue(c.toString().contains("train rows"), c.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new CrossValidator(new KFold(5))
                .learningCurve(LinearRegression::new, DIABETES.features(), DIABETES.labels(), 400));
        assertTrue(e.getMessage().contains("smallest training fold has 353"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CrossValidator(new KFold(5))
                .learningCurve(LinearRegression::new, DIABETES.features(), DIABETES.labels(), 1.5));
        assertTrue(e.getMessage().contains("neither a fraction"), e.getMessage());
    }

    @Test
    void standardizedEstimatorUsesTrainingStatisticsOnly() {
        Tensor x = Tensor.of(new float[] {1, 10, 3, 10, 5, 10}, 3, 2);
        Tensor y = Tensor.of(new int[] {0, 1, 1}, 3);
        StandardizedEstimator s = new StandardizedEstimator(new KNeighborsClassifier(1)).fit(x, y);
        assertArrayEquals(new double[] {3, 10}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, s.scale(), 1e-12, "population std; a constant column keeps scale 1");
        assertArrayEquals(new float[] {(float) (6 / Math.sqrt(8.0 / 3)), 0}, s.transform(Tensor.of(new float[] {9, 10}, 1, 2)).toFloatArray(), 1e-6f);
        var e = assertThrows(IllegalStateException.class, () -> new StandardizedEstimator(new LogisticRegression()).transform(x));
        assertTrue(e.getMessage().contains("not fitted"), e.getMessage());
    }
}
