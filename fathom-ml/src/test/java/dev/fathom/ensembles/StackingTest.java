package dev.fathom.ensembles;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.data.split.TimeSeriesSplit;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.DummyRegressor;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.ensembles.EnsemblesGoldenTest.standardize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stacking: honest out-of-fold features, refitted bases, passthrough, nesting, and the messages for misuse. */
class StackingTest {
    private static final TabularDataset IRIS = Datasets.load("iris");
    private static final Tensor X = standardize(IRIS.features());
    private static final Tensor Y = IRIS.labels();

    @Test
    void outOfFoldFeaturesComeFromBasesThatDidNotSeeTheRow() {
        // 1-NN on its own training rows is always right; out of fold it is not, and that is what the meta-model must learn.
        StackingClassifier stack = new StackingClassifier(NamedEstimator.of("nn", new KNeighborsClassifier(1))).fit(X, Y);
        Tensor oof = stack.crossValidatedFeatures();
        assertArrayEquals(new int[] {150, 3}, oof.shape());
        int[] fromFolds = oof.argmax(1).toIntArray();
        int[] refitted = stack.estimator("nn").predict(X).toIntArray();
        assertArrayEquals(Y.toIntArray(), refitted, "the base is refitted on all rows, so 1-NN recalls each of them");
        int differ = 0;
        for (int i = 0; i < 150; i++) if (fromFolds[i] != Y.toIntArray()[i]) differ++;
        assertTrue(differ > 0, "out-of-fold 1-NN makes mistakes on its held-out rows");

        // The same, fold by fold, by hand.
        KNeighborsClassifier nn = new KNeighborsClassifier(1);
        for (Fold fold : new StratifiedKFold(5).split(Y)) {
            int[] expected = nn.fit(fold.train(X), fold.train(Y)).predict(fold.test(X)).toIntArray();
            int[] test = fold.testIndices();
            for (int r = 0; r < test.length; r++) assertEquals(expected[r], fromFolds[test[r]], "row " + test[r]);
        }
    }

    @Test
    void stackingBeatsItsWorstBaseAndTransformsNewRows() {
        TabularDataset wine = Datasets.load("wine");
        Tensor x = standardize(wine.features());
        Tensor xTrain = EnsemblesGoldenTest.rows(x, 0), yTrain = EnsemblesGoldenTest.rows(wine.labels(), 0);
        Tensor xTest = EnsemblesGoldenTest.rows(x, 1), yTest = EnsemblesGoldenTest.rows(wine.labels(), 1);
        StackingClassifier stack = new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(5)),
                NamedEstimator.of("floor", new DummyClassifier())).passthrough(true).cv(new StratifiedKFold(4).shuffle(1));
        double accuracy = stack.fit(xTrain, yTrain).score(xTest, yTest);
        assertTrue(accuracy > 0.9, "stacked accuracy " + accuracy);
        Tensor meta = stack.transform(xTest);
        assertArrayEquals(new int[] {89, 3 + 3 + 13}, meta.shape(), "two bases' probabilities, then the 13 features");
        assertArrayEquals(xTest.toFloatArray(), meta.slice(1, 6, 19).contiguous().toFloatArray(), "passthrough columns are x");
        assertEquals(3, stack.classCount());
        float[] p = stack.predictProba(xTest).toFloatArray();
        for (int i = 0; i < 89; i++) assertEquals(1, p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1e-5);
    }

    @Test
    void stackingRegressorWithMultipleTargetsAndANestedBag() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor x = standardize(d.features());
        Tensor y = Tensor.stack(1, d.labels(), d.labels().div(10));
        StackingRegressor stack = new StackingRegressor(NamedEstimator.of("linear", new LinearRegression()),
                NamedEstimator.of("bag", new BaggingRegressor(() -> new KNeighborsRegressor(3), 5).seed(2)))
                .cv(new KFold(3).shuffle(4));
        stack.fit(x, y);
        assertArrayEquals(new int[] {442, 4}, stack.crossValidatedFeatures().shape(), "two bases × two targets");
        assertArrayEquals(new int[] {442, 2}, stack.predict(x).shape());
        double r2 = stack.score(x, y);
        assertTrue(r2 > 0.45, "training R² " + r2);
        assertTrue(stack.finalEstimator() instanceof LinearRegression, "LinearRegression by default");
    }

    @Test
    void foldsThatDoNotCoverEveryRowAreRefused() {
        StackingClassifier stack = new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3))).cv(new TimeSeriesSplit(3));
        var e = assertThrows(IllegalArgumentException.class, () -> stack.fit(X, Y));
        assertTrue(e.getMessage().contains("tests sample 0 in no fold") && e.getMessage().contains("such as KFold or StratifiedKFold"),
                e.getMessage());
        var tooFew = assertThrows(IllegalArgumentException.class,
                () -> new StackingRegressor(NamedEstimator.of("mean", new DummyRegressor())).fit(X.slice(0, 0, 3), Y.slice(0, 0, 3)));
        assertTrue(tooFew.getMessage().contains("cannot make 5 folds of 3 samples"), tooFew.getMessage());
    }

    @Test
    void theMetaModelMustMatchTheTask() {
        var regressorMeta = assertThrows(IllegalArgumentException.class,
                () -> new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3))).finalEstimator(new LinearRegression()));
        assertTrue(regressorMeta.getMessage().contains("'final estimator' (LinearRegression) is a regressor"), regressorMeta.getMessage());
        var classifierMeta = assertThrows(IllegalArgumentException.class,
                () -> new StackingRegressor(NamedEstimator.of("mean", new DummyRegressor())).finalEstimator(new LogisticRegression()));
        assertTrue(classifierMeta.getMessage().contains("is a classifier"), classifierMeta.getMessage());
        var regressorBase = assertThrows(IllegalArgumentException.class,
                () -> new StackingClassifier(NamedEstimator.of("mean", new DummyRegressor())));
        assertTrue(regressorBase.getMessage().contains("'mean' (DummyRegressor(mean)) is a regressor"), regressorBase.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, StackingRegressor::new);
        assertTrue(empty.getMessage().contains("StackingRegressor needs at least one member estimator"), empty.getMessage());
    }

    @Test
    void misuseBeforeFit() {
        StackingClassifier stack = new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)));
        var e = assertThrows(IllegalStateException.class, stack::crossValidatedFeatures);
        assertEquals("StackingClassifier is not fitted yet; call fit(x, y) first", e.getMessage());
        assertThrows(IllegalStateException.class, () -> stack.predict(X));
        var unknown = assertThrows(IllegalArgumentException.class, () -> stack.estimator("kn"));
        assertTrue(unknown.getMessage().contains("did you mean 'knn'?"), unknown.getMessage());
        stack.fit(X, Y);
        var width = assertThrows(IllegalArgumentException.class, () -> stack.predict(X.slice(1, 0, 2)));
        assertTrue(width.getMessage().contains("fitted on [samples, 4] but x has shape [150, 2]"), width.getMessage());
    }
}
