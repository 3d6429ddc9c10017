package dev.fathom.onnx.export;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.PixelScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.trees.RandomForestClassifier;
import dev.fathom.validation.StandardizedEstimator;
import org.junit.jupiter.api.Test;

import static dev.fathom.onnx.export.PipelineExportTest.assertClassifier;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.fathom.onnx.export.PipelineExportTest.assertRegressor;

/**
 * k-NN pipelines exported and run in ONNX Runtime on the raw columns: uniform and distance-weighted
 * votes on iris and digits (integer pixels: equal distances; with k = 5 one test row's 5th and 6th
 * nearest tie across classes, so TopK must keep the lower index, as Fathom does), queried on rows
 * that are also training rows (exact matches, which take the whole distance-weighted vote), a k-NN
 * regressor on diabetes, and the soft vote of a network, a random forest and a standardized k-NN
 * that {@code fathom train digits} builds. Labels equal Fathom's and probabilities (values) are
 * within 1e-5 of the largest magnitude.
 */
class NeighboursExportTest {

    private static Table sample(Table t, int step) {
        int n = (t.rowCount() + step - 1) / step;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i * step;
        return t.rows(rows);
    }

    @Test
    void irisUniformAndDistanceWeighted() {
        TabularDataset iris = Datasets.load("iris");
        Table train = sample(iris.table(), 2);
        for (Estimator knn : new Estimator[] {new KNeighborsClassifier(5), new KNeighborsClassifier(4, true),
                new StandardizedEstimator(new KNeighborsClassifier(5))}) {
            Pipeline p = Pipeline.fit(train, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(),
                    new StandardScaler()).build(), knn);
            assertClassifier(p, OnnxExport.pipeline(p), iris.table(), "iris " + knn);
        }
        // Unscaled: queries equal to training rows bit for bit (exact matches, which take the whole distance-weighted vote).
        for (Estimator knn : new Estimator[] {new KNeighborsClassifier(6), new KNeighborsClassifier(6, true)}) {
            Pipeline raw = Pipeline.fit(train, iris.targetName(), Preprocessor.builder().numeric(iris.featureNames()).build(), knn);
            assertClassifier(raw, OnnxExport.pipeline(raw), iris.table(), "iris unscaled " + knn);
        }
    }

    @Test
    void digitsUniformAndDistanceWeighted() {
        TabularDataset digits = Datasets.load("digits");
        Table train = sample(digits.table(), 4);
        Table test = sample(digits.table(), 6);
        for (Estimator knn : new Estimator[] {new KNeighborsClassifier(5), new KNeighborsClassifier(3, true)}) {
            Pipeline p = Pipeline.fit(train, digits.targetName(), Preprocessor.builder().numeric(digits.featureNames(),
                    new PixelScaler(16)).build(), knn);
            assertClassifier(p, OnnxExport.pipeline(p), test, "digits " + knn);
        }
    }

    @Test
    void diabetesRegressor() {
        TabularDataset data = Datasets.load("diabetes");
        Table train = sample(data.table(), 2);
        for (Estimator knn : new Estimator[] {new KNeighborsRegressor(5), new KNeighborsRegressor(7, true)}) {
            Pipeline p = Pipeline.fit(train, data.targetName(), Preprocessor.builder().numeric(data.featureNames(),
                    new MinMaxScaler()).build(), knn);
            assertRegressor(p, OnnxExport.pipeline(p), data.table(), "diabetes " + knn);
            // Unscaled: the queries that are training rows match them exactly.
            Pipeline raw = Pipeline.fit(train, data.targetName(), Preprocessor.builder().numeric(data.featureNames()).build(), knn);
            assertRegressor(raw, OnnxExport.pipeline(raw), data.table(), "diabetes unscaled " + knn);
        }
    }

    @Test
    void digitsSoftVoteOfANetworkAForestAndKNeighbours() {
        TabularDataset digits = Datasets.load("digits");
        Table train = sample(digits.table(), 5);
        int f = digits.featureNames().size();
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(10)).seed(1).build(f)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(3).batchSize(32).silent());
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("m0", net),
                NamedEstimator.of("m1", new RandomForestClassifier().trees(5).maxDepth(6).seed(3)),
                NamedEstimator.of("m2", new StandardizedEstimator(new KNeighborsClassifier(5)))).voting(Voting.SOFT);
        Pipeline p = Pipeline.fit(train, digits.targetName(), Preprocessor.builder().numeric(digits.featureNames(),
                new PixelScaler(16)).build(), vote);
        assertClassifier(p, OnnxExport.pipeline(p), sample(digits.table(), 7), "digits soft vote");
    }

    @Test
    void aTrainingSetTooLargeForOneFileIsRefusedByName() {
        TabularDataset digits = Datasets.load("digits");
        Table t = sample(digits.table(), 2);
        Pipeline p = Pipeline.fit(t, digits.targetName(), Preprocessor.builder().numeric(digits.featureNames()).build(),
                new KNeighborsClassifier(3));
        NeighboursExport.requireFits(p.estimator(), 8L * 899 * (64 + 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeighboursExport.requireFits(p.estimator(), 8L * 899 * (64 + 10) - 1));
        assertTrue(e.getMessage().startsWith("the estimator KNeighborsClassifier(k=3) keeps 899 training rows of 64 features")
                && e.getMessage().endsWith("fit it on fewer rows or export another estimator"), e.getMessage());
    }
}
