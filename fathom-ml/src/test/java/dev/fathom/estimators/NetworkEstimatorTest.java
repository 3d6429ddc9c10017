package dev.fathom.estimators;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.layers.Dense;
import dev.fathom.losses.BinaryCrossentropy;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Networks behind the Estimator interface: a fresh model per fit, probabilities and scores as the baselines give them. */
class NetworkEstimatorTest {

    @Test
    void softmaxAndSigmoidClassifiersBeatTheDummy() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = EstimatorsGoldenTest.standardize(iris.features());
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(3)).seed(1).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(60).batchSize(32).silent());
        double score = net.fit(x, iris.labels()).score(x, iris.labels());
        assertTrue(score > 0.9, "iris accuracy " + score);
        var first = net.model();
        net.fit(x, iris.labels());
        assertNotSame(first, net.model(), "each fit trains a fresh model");
        Tensor p = net.predictProba(x.slice(0, 0, 4));
        assertEquals(3, p.shape(1));

        Tensor binary = iris.labels().eq(0).asType(dev.fathom.backend.DType.INT32);
        NetworkClassifier sigmoid = new NetworkClassifier(() -> new Sequential(new Dense(1)).seed(2).build(4)
                .compile(new Adam(0.05), new BinaryCrossentropy(true)), Fit.epochs(40).batchSize(30).silent());
        sigmoid.fit(x, binary);
        float[] two = sigmoid.predictProba(x.slice(0, 0, 3)).toFloatArray();
        assertEquals(1, two[0] + two[1], 1e-6, "two columns summing to 1");
        assertTrue(sigmoid.score(x, binary) > new DummyClassifier().fit(x, binary).score(x, binary));
    }

    @Test
    void regressorReportsR2AndRefusesAnUncompiledFactory() {
        TabularDataset diabetes = Datasets.load("diabetes");
        Tensor x = EstimatorsGoldenTest.standardize(diabetes.features());
        Tensor y = diabetes.labels().sub(150).div(80);
        NetworkRegressor net = new NetworkRegressor(() -> new Sequential(new Dense(1)).seed(3).build(10)
                .compile(new Adam(0.05), new MeanSquaredError()), Fit.epochs(60).batchSize(64).silent());
        double r2 = net.fit(x, y).score(x, y);
        assertTrue(r2 > 0.45, "a linear network reaches least squares' R² of about 0.52: " + r2);
        var e = assertThrows(IllegalStateException.class,
                () -> new NetworkRegressor(() -> new Sequential(new Dense(1)), Fit.epochs(1)).fit(x, y));
        assertTrue(e.getMessage().contains("built and compiled"), e.getMessage());
    }

    @Test
    void trainingOnRowsInPlaceEqualsTrainingOnTheirCopy() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = EstimatorsGoldenTest.standardize(iris.features());
        Tensor y = iris.labels();
        int[] rows = new int[90];
        for (int i = 0; i < rows.length; i++) rows[i] = (i * 37 + 11) % 150;   // scattered, every class
        Tensor index = Tensor.of(rows, rows.length);
        Supplier<NetworkClassifier> classifier = () -> new NetworkClassifier(() -> new Sequential(new Dense(8, "relu"), new Dense(3)).seed(4)
                .build(4).compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(5).batchSize(16).seed(2).silent());
        NetworkClassifier inPlace = classifier.get().fit(x, y, rows);
        NetworkClassifier copied = classifier.get().fit(x.indexSelect(0, index), y.indexSelect(0, index));
        assertArrayEquals(copied.predictProba(x).toFloatArray(), inPlace.predictProba(x).toFloatArray());
        assertEquals(3, inPlace.classCount());

        Tensor target = x.slice(1, 0, 1).reshape(150).mul(2).add(1);
        Supplier<NetworkRegressor> regressor = () -> new NetworkRegressor(() -> new Sequential(new Dense(1)).seed(5).build(4)
                .compile(new Adam(0.05), new MeanSquaredError()), Fit.epochs(5).batchSize(16).seed(2).silent());
        NetworkRegressor r1 = regressor.get().fit(x, target, rows);
        NetworkRegressor r2 = regressor.get().fit(x.indexSelect(0, index), target.indexSelect(0, index));
        assertArrayEquals(r2.predict(x).toFloatArray(), r1.predict(x).toFloatArray());
        assertArrayEquals(new int[] {150}, r1.predict(x).shape(), "predictions shaped like the targets, per sample");

        var e = assertThrows(IndexOutOfBoundsException.class, () -> classifier.get().fit(x, y, new int[] {0, 150}));
        assertTrue(e.getMessage().contains("NetworkClassifier: row 150 (position 1) is outside the 150 samples of x"), e.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> classifier.get().fit(x, y, new int[0]));
        assertTrue(none.getMessage().contains("NetworkClassifier: no samples to fit"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classifier.get().fit(x, y, null));
        // A wrong feature count is named as for fit(x, y): x's shape and the model's.
        var shape = assertThrows(RuntimeException.class, () -> classifier.get().fit(x.slice(1, 0, 3), y, rows));
        assertTrue(shape.getMessage().contains("x has samples of shape [3]"), shape.getMessage());
    }

    @Test
    void rowsInPlaceMatchCopiesForSigmoidOutputsValidationSplitsAndUnshuffledEpochs() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = EstimatorsGoldenTest.standardize(iris.features());
        Tensor binary = iris.labels().eq(2).asType(dev.fathom.backend.DType.INT32);
        int[] rows = new int[100];
        for (int i = 0; i < rows.length; i++) rows[i] = (i * 53 + 7) % 150;
        Tensor index = Tensor.of(rows, rows.length);
        for (Fit fit : new Fit[] {Fit.epochs(4).batchSize(16).seed(3).validationSplit(0.2).silent(),
                Fit.epochs(3).batchSize(10).shuffle(false).silent()}) {
            Supplier<NetworkClassifier> sigmoid = () -> new NetworkClassifier(() -> new Sequential(new Dense(4, "relu"), new Dense(1))
                    .seed(6).build(4).compile(new Adam(0.05), new BinaryCrossentropy(true)), fit);
            NetworkClassifier inPlace = sigmoid.get().fit(x, binary, rows);
            NetworkClassifier copied = sigmoid.get().fit(x.indexSelect(0, index), binary.indexSelect(0, index));
            assertArrayEquals(copied.predictProba(x).toFloatArray(), inPlace.predictProba(x).toFloatArray());
            assertArrayEquals(copied.history().get("loss"), inPlace.history().get("loss"));
        }
    }

    @Test
    void onlyThePickedRowsLabelsAreRead() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 6, 1);
        Tensor y = Tensor.of(new int[] {0, 1, -1, 0, 1, 0});   // row 2's label is invalid, and not picked
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(2)).seed(1).build(1)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(1).silent());
        net.fit(x, y, new int[] {0, 1, 3, 4, 5});
        assertEquals(2, net.classCount());
        var e = assertThrows(IllegalArgumentException.class, () -> net.fit(x, y, new int[] {1, 2}));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void theDefaultFitOnRowsCopiesThem() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 6, 1);
        Tensor y = Tensor.of(new int[] {0, 0, 1, 1, 1, 0});
        DummyClassifier dummy = new DummyClassifier();
        Classifier fitted = dummy.fit(x, y, new int[] {0, 1, 5, 2});   // class 0 three times, class 1 once
        assertEquals(2, fitted.classCount());
        assertArrayEquals(new int[] {0, 0}, dummy.predict(x.slice(0, 0, 2)).toIntArray());
        dummy.fit(x, y, new int[] {2, 3});
        assertArrayEquals(new int[] {1, 1}, dummy.predict(x.slice(0, 0, 2)).toIntArray());
    }
}
