package dev.fathom.trees;

import dev.fathom.backend.Threads;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Histogram boosting: missing-value directions, categorical splits and binning by hand, early stopping, determinism, round trips. */
class HistGradientBoostingTest {
    static final float NAN = Float.NaN;

    static Tensor column(float... v) {
        return Tensor.of(v.clone(), v.length, 1);
    }

    static Tensor values(float... v) {
        return Tensor.of(v.clone(), v.length);
    }

    /** One tree of two leaves, learning rate 1, squared error: each leaf predicts its rows' mean. */
    static HistGradientBoostingRegressor stump() {
        return new HistGradientBoostingRegressor().maxIter(1).learningRate(1).maxLeafNodes(2).minSamplesLeaf(1);
    }

    @Test
    void missingValuesGoWhereTheirTargetsFit() {
        // NaN rows look like the large x: the split keeps them right (the scan with missing values on the right wins).
        var right = stump().fit(column(1, 2, 3, 4, NAN, NAN), values(0, 0, 10, 10, 10, 10));
        HistTree t = right.trees.get(0);
        assertEquals(1, t.binThreshold[0], "the threshold 2.5 is the edge between bins 1 and 2");
        assertFalse(t.missingLeft[0]);
        assertArrayEquals(new float[] {0, 10, 10}, right.predict(column(2, 2.6f, NAN)).toFloatArray(), 1e-5f);
        // NaN rows look like the small x: the scan with missing values on the left wins.
        var left = stump().fit(column(1, 2, 3, 4, NAN, NAN), values(0, 0, 10, 10, 0, 0));
        assertTrue(left.trees.get(0).missingLeft[0]);
        assertArrayEquals(new float[] {0, 10, 0}, left.predict(column(2, 2.6f, NAN)).toFloatArray(), 1e-5f);
    }

    @Test
    void missingValuesUnseenInTrainingGoToTheLargerChild() {
        var m = stump().fit(column(1, 2, 3, 4, 5), values(0, 0, 10, 10, 10));
        assertArrayEquals(new float[] {10}, m.predict(column(NAN)).toFloatArray(), 1e-5f);
        var n = stump().fit(column(1, 2, 3, 4, 5), values(0, 0, 0, 10, 10));
        assertArrayEquals(new float[] {0}, n.predict(column(NAN)).toFloatArray(), 1e-5f);
    }

    @Test
    void categoricalSplitSendsASetOfCategoriesLeft() {
        // Categories 0 and 2 have y = 10, 1 and 3 have y = 0: no threshold separates them, one set does.
        float[] x = new float[40], y = new float[40];
        for (int i = 0; i < 40; i++) {
            x[i] = i % 4;
            y[i] = i % 2 == 0 ? 10 : 0;
        }
        var m = stump().categoricalFeatures(0).fit(column(x), values(y));
        HistTree t = m.trees.get(0);
        assertTrue(t.categorical[0]);
        long left = t.categories[0];
        assertTrue(left == 0b0101 || left == 0b1010, "categories {0, 2} or {1, 3} go left: " + Long.toBinaryString(left));
        assertArrayEquals(new float[] {10, 0, 10, 0}, m.predict(column(0, 1, 2, 3)).toFloatArray(), 1e-5f);
        // A numeric stump on the same codes can only cut the ordered codes once.
        var numeric = stump().fit(column(x), values(y));
        assertFalse(numeric.trees.get(0).categorical[0]);
        assertTrue(numeric.score(column(x), values(y)) < 0.5);
    }

    @Test
    void categoriesMustBeCodesAndFewEnough() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> stump().categoricalFeatures(0).fit(column(0, 1.5f, 2), values(0, 1, 2)));
        assertTrue(e.getMessage().contains("categorical feature 0 holds 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> stump().categoricalFeatures(2).fit(column(0, 1), values(0, 1)));
        assertTrue(e.getMessage().contains("outside the 1 features"), e.getMessage());
    }

    @Test
    void binsAreMidpointsOfFewValuesAndMidpointQuantilesOfMany() {
        Binner few = Binner.fit(new double[][] {{3, 1, 2, 1, Double.NaN}}, new boolean[1], 255, 0, "t");
        assertArrayEquals(new double[] {1.5, 2.5}, few.edges[0]);
        assertEquals(3, few.bin(0, Double.NaN), "missing values take the bin after the feature's 3");
        assertEquals(0, few.bin(0, 1.5));
        assertEquals(1, few.bin(0, 1.6));
        double[] many = new double[1000];
        for (int i = 0; i < many.length; i++) many[i] = 999 - i;
        // NumPy: np.percentile(0..999, [25, 50, 75], method="midpoint") = 249.5, 499.5, 749.5
        assertArrayEquals(new double[] {249.5, 499.5, 749.5}, Binner.fit(new double[][] {many}, new boolean[1], 4, 0, "t").edges[0]);
    }

    static double[] noisyRegression(int n, long seed, float[] x, float[] y) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) r.nextDouble(-1, 1);
            y[i] = (float) (x[i * 3] + r.nextGaussian());
        }
        return null;
    }

    @Test
    void earlyStoppingEndsOnceTheHeldOutLossStopsFalling() {
        int n = 600;
        float[] x = new float[n * 3], y = new float[n];
        noisyRegression(n, 3, x, y);
        var m = new HistGradientBoostingRegressor().maxIter(500).earlyStopping(true).fit(Tensor.of(x, n, 3), Tensor.of(y, n));
        assertTrue(m.iterations() < 500, "stopped at " + m.iterations());
        double[] scores = m.validationScores();
        assertEquals(m.iterations() + 1, scores.length);
        // the last 10 did not beat the one before them by more than tol
        double reference = scores[scores.length - 11] + 1e-7;
        for (int i = scores.length - 10; i < scores.length; i++) assertTrue(scores[i] <= reference);
        var off = new HistGradientBoostingRegressor().maxIter(30).fit(Tensor.of(x, n, 3), Tensor.of(y, n));
        assertEquals(30, off.iterations(), "no early stopping by default at 600 rows");
        assertEquals(0, off.validationScores().length);
    }

    @Test
    void aClassifierStopsOnItsStratifiedHeldOutLoss() {
        TabularDataset wine = Datasets.load("wine");
        var m = new HistGradientBoostingClassifier().maxIter(300).learningRate(0.3).earlyStopping(true).seed(2)
                .fit(wine.features(), wine.labels());
        assertTrue(m.iterations() < 300, "stopped at " + m.iterations());
        double[] scores = m.validationScores();
        assertEquals(m.iterations() + 1, scores.length);
        assertTrue(scores[scores.length - 1] > scores[0], "the held-out log loss fell from the baseline's");
        assertEquals(3, m.predictProba(wine.features()).shape(1));
        assertEquals(3 * m.iterations(), m.trees.size(), "one tree per class per iteration");
    }

    @Test
    void aSeedGivesTheSameModelWhateverTheThreadCount() {
        int n = 6000;
        float[] x = new float[n * 3], y = new float[n];
        noisyRegression(n, 5, x, y);
        for (int i = 0; i < n; i += 7) x[i * 3 + 1] = NAN;
        Tensor xs = Tensor.of(x, n, 3), ys = Tensor.of(y, n);
        int before = Threads.count();
        try {
            Threads.set(1);
            float[] one = new HistGradientBoostingRegressor().maxIter(20).maxFeatures(0.67).seed(4).fit(xs, ys).predict(xs).toFloatArray();
            Threads.set(3);
            float[] three = new HistGradientBoostingRegressor().maxIter(20).maxFeatures(0.67).seed(4).fit(xs, ys).predict(xs).toFloatArray();
            assertArrayEquals(one, three);
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void savedModelsPredictToTheBit() {
        TabularDataset wine = Datasets.load("wine");
        TabularDataset diabetes = Datasets.load("diabetes");
        float[] xd = diabetes.features().toFloatArray();
        int f = diabetes.features().shape(1);
        for (int i = 0; i < xd.length; i += 11) xd[i] = NAN;
        for (int r = 0; r < diabetes.features().shape(0); r++) xd[r * f + 1] = xd[r * f + 1] > 0 ? 1 : 0;   // sex as a category code
        Tensor xdm = Tensor.of(xd, diabetes.features().shape(0), f);
        Estimator[] models = {
                new HistGradientBoostingClassifier().maxIter(15).fit(wine.features(), wine.labels()),
                new HistGradientBoostingClassifier().maxIter(10).fit(wine.features(), wine.labels().gt(Tensor.scalar(0f)).asType(wine.labels().dtype())),
                new HistGradientBoostingRegressor().maxIter(15).categoricalFeatures(1).l2Regularization(1).fit(xdm, diabetes.labels()),
                new HistGradientBoostingRegressor().loss(BoostingLoss.ABSOLUTE_ERROR).maxIter(15).fit(xdm, diabetes.labels())};
        Tensor[] inputs = {wine.features(), wine.features(), xdm, xdm};
        for (int i = 0; i < models.length; i++) {
            Estimator e = models[i];
            EstimatorTree saved = EstimatorTree.of(e);
            Estimator back = (Estimator) EstimatorTree.restore(saved.root(), saved.tensors(), saved.files());
            assertEquals(e.toString(), back.toString());
            float[] a = e instanceof HistGradientBoostingClassifier c ? c.predictProba(inputs[i]).toFloatArray() : e.predict(inputs[i]).toFloatArray();
            float[] b = back instanceof HistGradientBoostingClassifier c ? c.predictProba(inputs[i]).toFloatArray() : back.predict(inputs[i]).toFloatArray();
            assertArrayEquals(a, b, e.toString());
        }
    }

    @Test
    void absoluteErrorLeavesPredictTheMedianResidual() {
        // One leaf of all rows (no split is allowed): the baseline is the median 2, the leaf adds the residuals' median 0.
        var m = new HistGradientBoostingRegressor().loss(BoostingLoss.ABSOLUTE_ERROR).maxIter(1).learningRate(1).minSamplesLeaf(5)
                .fit(column(1, 2, 3, 4, 5), values(1, 2, 2, 100, 3));
        assertArrayEquals(new float[] {2}, m.predict(column(3)).toFloatArray());
    }

    @Test
    void errorsNameTheProblemAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HistGradientBoostingRegressor().loss(BoostingLoss.LOG_LOSS));
        assertTrue(e.getMessage().contains("HistGradientBoostingClassifier"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HistGradientBoostingRegressor().fit(column(1, 2), Tensor.of(new float[4], 2, 2)));
        assertTrue(e.getMessage().contains("RandomForestRegressor"), e.getMessage());
        var s = assertThrows(IllegalStateException.class, () -> new HistGradientBoostingClassifier().predict(column(1)));
        assertTrue(s.getMessage().contains("call fit(x, y) first"), s.getMessage());
    }
}
