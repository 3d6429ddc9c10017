package dev.fathom.trees;

import dev.fathom.backend.Threads;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forests: the same seed gives the same trees whatever the thread count, and a saved forest predicts to the bit. */
class ForestTest {
    static final TabularDataset WINE = Datasets.load("wine");
    static final TabularDataset DIABETES = Datasets.load("diabetes");

    static float[] outputs(Estimator e, Tensor x) {
        return e instanceof dev.fathom.estimators.Classifier c ? c.predictProba(x).toFloatArray() : e.predict(x).toFloatArray();
    }

    static void sameWhateverTheThreads(Supplier<Estimator> make, TabularDataset data) {
        int before = Threads.count();
        try {
            Threads.set(1);
            float[] one = outputs(make.get().fit(data.features(), data.labels()), data.features());
            Threads.set(3);
            float[] three = outputs(make.get().fit(data.features(), data.labels()), data.features());
            assertArrayEquals(one, three);
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void aSeedGivesTheSameForestWhateverTheThreadCount() {
        sameWhateverTheThreads(() -> new RandomForestClassifier().trees(20).seed(5), WINE);
        sameWhateverTheThreads(() -> new ExtraTreesRegressor().trees(10).maxFeatures(MaxFeatures.sqrt()).seed(5), DIABETES);
        float[] a = outputs(new RandomForestClassifier().trees(20).seed(5).fit(WINE.features(), WINE.labels()), WINE.features());
        float[] b = outputs(new RandomForestClassifier().trees(20).seed(6).fit(WINE.features(), WINE.labels()), WINE.features());
        assertFalse(java.util.Arrays.equals(a, b), "another seed draws other trees");
    }

    @Test
    void savedForestsPredictToTheBit() {
        Tensor x = WINE.features();
        for (Estimator e : new Estimator[] {
                new RandomForestClassifier().trees(15).maxDepth(6).seed(1).fit(x, WINE.labels()),
                new ExtraTreesClassifier().trees(15).criterion(Criterion.ENTROPY).fit(x, WINE.labels()),
                new DecisionTreeClassifier().minSamplesLeaf(3).fit(x, WINE.labels()),
                new RandomForestRegressor().trees(10).fit(DIABETES.features(), DIABETES.labels()),
                new ExtraTreesRegressor().trees(10).fit(DIABETES.features(), DIABETES.labels()),
                new DecisionTreeRegressor().maxDepth(5).fit(DIABETES.features(), DIABETES.labels())}) {
            Tensor in = e.isClassifier() ? x : DIABETES.features();
            EstimatorTree saved = EstimatorTree.of(e);
            Estimator back = (Estimator) EstimatorTree.restore(saved.root(), saved.tensors(), saved.files());
            assertEquals(e.getClass(), back.getClass());
            assertEquals(e.toString(), back.toString());
            assertArrayEquals(outputs(e, in), outputs(back, in), e.toString());
            assertArrayEquals(((TreeModel<?>) e).featureImportances(), ((TreeModel<?>) back).featureImportances(), 0.0);
            // the file holds every setting: the loaded model refits to the same trees
            Tensor y = e.isClassifier() ? WINE.labels() : DIABETES.labels();
            assertArrayEquals(outputs(e, in), outputs(back.fit(in, y), in), e + " refitted");
        }
    }

    @Test
    void aForestStoppedAtItsTimeLimitKeepsTheTreesGrownAndSavesThem() throws Exception {
        Tensor x = WINE.features();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // A stop that fires after nine trees past the first: ten trees, whatever the threads.
        RandomForestClassifier stopped = new RandomForestClassifier().trees(50).seed(3).stopWhen(() -> asked.incrementAndGet() > 9)
                .fit(x, WINE.labels());
        assertEquals(10, stopped.treeCount());
        assertEquals(50, stopped.trees(), "the setting stays");
        // On one thread the ten are the first ten: the forest of ten trees.
        asked.set(0);
        RandomForestClassifier first = Threads.serially(() -> new RandomForestClassifier().trees(50).seed(3)
                .stopWhen(() -> asked.incrementAndGet() > 9).fit(x, WINE.labels()));
        assertArrayEquals(outputs(new RandomForestClassifier().trees(10).seed(3).fit(x, WINE.labels()), x), outputs(first, x));
        EstimatorTree saved = EstimatorTree.of(stopped);
        RandomForestClassifier back = (RandomForestClassifier) EstimatorTree.restore(saved.root(), saved.tensors(), saved.files());
        assertEquals(10, back.treeCount());
        assertArrayEquals(outputs(stopped, x), outputs(back, x));
        assertEquals(1, new RandomForestClassifier().trees(5).stopWhen(() -> true).fit(x, WINE.labels()).treeCount(), "at least one tree");
    }

    @Test
    void aDamagedTreeIsRefusedWithItsPlace() {
        var forest = new RandomForestClassifier().trees(3).fit(WINE.features(), WINE.labels());
        EstimatorTree saved = EstimatorTree.of(forest);
        var tensors = new java.util.LinkedHashMap<>(saved.tensors());
        int[] left = tensors.get("estimator/left").toIntArray();
        left[0] = 0;   // the root its own child: a loop
        tensors.put("estimator/left", Tensor.of(left, left.length));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(saved.root(), tensors, saved.files()));
        assertTrue(e.getMessage().contains("tree 0") && e.getMessage().contains("node 0"), e.getMessage());
    }

    @Test
    void forestImportancesSumToOneAndFavourInformativeFeatures() {
        var forest = new RandomForestClassifier().trees(30).fit(WINE.features(), WINE.labels());
        double[] imp = forest.featureImportances();
        double sum = 0;
        for (double v : imp) sum += v;
        assertEquals(1, sum, 1e-12);
        assertEquals(30, forest.treeCount());
        assertTrue(forest.score(WINE.features(), WINE.labels()) > 0.99, "a forest fits its training rows");
    }
}
