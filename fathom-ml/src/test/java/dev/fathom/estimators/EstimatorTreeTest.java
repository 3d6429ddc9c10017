package dev.fathom.estimators;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.saving.Json;
import dev.fathom.saving.SafeTensors;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The saved form of estimators: through JSON and safetensors and back, with errors that name the path. */
class EstimatorTreeTest {
    private static final TabularDataset IRIS = Datasets.load("iris");

    /** What a file does to a tree: the JSON as text, the tensors as a safetensors blob. */
    private static Object throughFile(Object estimator) {
        EstimatorTree tree = EstimatorTree.of(estimator);
        Map<String, Object> json = Json.parse(Json.write(tree.root()), "tree");
        Map<String, Tensor> tensors = SafeTensors.read(SafeTensors.write(tree.tensors()), "weights");
        return EstimatorTree.restore(json, tensors, tree.files());
    }

    @Test
    void kMeansKeepsItsCentresLabelsAndInertia() {
        Tensor x = IRIS.features();
        KMeans km = new KMeans(3).seed(4).nInit(3).fit(x);
        KMeans back = (KMeans) throughFile(km);
        assertArrayEquals(km.predict(x).toIntArray(), back.predict(x).toIntArray());
        assertArrayEquals(km.labels(), back.labels());
        assertEquals(km.inertia(), back.inertia());
        assertEquals(km.iterationsRun(), back.iterationsRun());
        for (int c = 0; c < 3; c++) assertArrayEquals(km.centres()[c], back.centres()[c]);
        // and it refits, with the saved settings, to the same clustering
        assertArrayEquals(km.labels(), back.fit(x).labels());
    }

    @Test
    void theTreeNamesKindsAndKeysTensorsByPath() {
        KNeighborsClassifier knn = new KNeighborsClassifier(3).fit(IRIS.features(), IRIS.labels());
        EstimatorTree tree = EstimatorTree.of(knn);
        assertEquals("KNeighborsClassifier", tree.root().get("kind"));
        assertEquals(KNeighborsClassifier.class.getName(), tree.root().get("class"));
        assertEquals(List.of("estimator/train", "estimator/labels"), List.copyOf(tree.tensors().keySet()));
        assertEquals(Map.of("k", 3, "distanceWeighted", false, "classes", 3), tree.root().get("config"));
    }

    @Test
    void unfittedAndUnsavableEstimatorsAreRefusedWhenSaved() {
        IllegalStateException unfitted = assertThrows(IllegalStateException.class, () -> EstimatorTree.of(new LogisticRegression()));
        assertTrue(unfitted.getMessage().contains("LogisticRegression is not fitted yet"), unfitted.getMessage());
        Estimator custom = new Estimator() {
            @Override public Estimator fit(Tensor x, Tensor y) { return this; }
            @Override public Tensor predict(Tensor x) { return x; }
            @Override public boolean isClassifier() { return false; }
            @Override public String toString() { return "Mine"; }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EstimatorTree.of(custom));
        assertTrue(e.getMessage().startsWith("cannot save estimator (Mine): ") && e.getMessage().contains("does not implement SavableEstimator"),
                e.getMessage());
    }

    @Test
    void damagedTreesAreRefusedNamingThePath() {
        DummyClassifier dummy = new DummyClassifier().fit(IRIS.features(), IRIS.labels());
        EstimatorTree tree = EstimatorTree.of(dummy);
        Map<String, Tensor> missing = new LinkedHashMap<>();
        IllegalArgumentException noTensor = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(tree.root(), missing, Map.of()));
        assertTrue(noTensor.getMessage().contains("estimator: the weights hold no tensor 'estimator/priors'"), noTensor.getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(tree.tensors());
        extra.put("estimator/stray", Tensor.of(new float[] {1}, 1));
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(tree.root(), extra, Map.of()));
        assertTrue(stray.getMessage().contains("[estimator/stray], which no estimator of the tree reads"), stray.getMessage());

        Map<String, Object> unknown = new LinkedHashMap<>(tree.root());
        unknown.put("class", "com.example.Gone");
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(unknown, tree.tensors(), Map.of()));
        assertTrue(gone.getMessage().startsWith("estimator: unknown estimator class 'com.example.Gone'; the known estimators are ["),
                gone.getMessage());

        Map<String, Object> notSavable = new LinkedHashMap<>(tree.root());
        notSavable.put("class", "java.lang.String");
        IllegalArgumentException string = assertThrows(IllegalArgumentException.class,
                () -> EstimatorTree.restore(notSavable, tree.tensors(), Map.of()));
        assertTrue(string.getMessage().contains("unknown estimator class 'java.lang.String'"), string.getMessage());
    }
}
