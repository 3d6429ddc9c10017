package dev.fathom.pipeline;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.KFold;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.ensembles.BaggingClassifier;
import dev.fathom.ensembles.BaggingRegressor;
import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.StackingClassifier;
import dev.fathom.ensembles.StackingRegressor;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.DummyRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.layers.Dense;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.StandardizedEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.fathom.pipeline.PipelineTesting.assertBitIdentical;
import static dev.fathom.pipeline.PipelineTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every estimator kind survives a pipeline file: after save and load, predictions and
 * probabilities are bit-identical, on the training rows and on rows it never saw.
 */
class PipelineRoundTripTest {
    @TempDir
    Path dir;

    private static final TabularDataset IRIS = Datasets.load("iris");
    private static final TabularDataset DIABETES = Datasets.load("diabetes");

    private static Preprocessor scaler(TabularDataset d) {
        return Preprocessor.builder().numeric(d.featureNames(), new StandardScaler()).build();
    }

    private static NetworkClassifier net(long seed) {
        return new NetworkClassifier(() -> new Sequential(new Dense(8, "relu"), new Dense(3)).seed(seed).build(4)
                .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true)), Fit.epochs(15).batchSize(32).seed(seed).silent());
    }

    private static NetworkRegressor netRegressor() {
        return new NetworkRegressor(() -> new Sequential(new Dense(8, "relu"), new Dense(1)).seed(4).build(10)
                .compile(new Adam(0.05), new MeanSquaredError()), Fit.epochs(10).batchSize(64).silent());
    }

    private static Map<String, Supplier<Estimator>> classifiers() {
        Map<String, Supplier<Estimator>> m = new LinkedHashMap<>();
        m.put("dummy", DummyClassifier::new);
        m.put("dummy-stratified", () -> new DummyClassifier(DummyClassifier.Strategy.STRATIFIED, 3));
        m.put("logistic", LogisticRegression::new);
        m.put("logistic-balanced", () -> new LogisticRegression(0.3).balancedClassWeight().fitIntercept(false));
        m.put("knn", () -> new KNeighborsClassifier(5, true));
        m.put("network", () -> net(1));
        m.put("standardized", () -> new StandardizedEstimator(new LogisticRegression(0.5)));
        m.put("voting-soft", () -> new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)),
                NamedEstimator.of("net/1", net(2)), NamedEstimator.of("floor", new DummyClassifier())).voting(Voting.SOFT).weights(2, 1, 0.5));
        m.put("voting-hard", () -> new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)),
                NamedEstimator.of("logistic", new LogisticRegression())));
        m.put("bagging", () -> new BaggingClassifier(() -> new KNeighborsClassifier(1), 6).maxFeatures(0.5).seed(5).oobScore(true));
        m.put("bagging-networks", () -> new BaggingClassifier(() -> new StandardizedEstimator(net(3)), 2).seed(1));
        m.put("random-forest", () -> new dev.fathom.trees.RandomForestClassifier().trees(10).seed(3));
        m.put("hist-boosting", () -> new dev.fathom.trees.HistGradientBoostingClassifier().maxIter(10).seed(3));
        m.put("stacking", () -> new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(5)),
                NamedEstimator.of("vote", new VotingClassifier(NamedEstimator.of("dummy", new DummyClassifier()),
                        NamedEstimator.of("knn7", new KNeighborsClassifier(7))).voting(Voting.SOFT))).passthrough(true));
        return m;
    }

    private static Map<String, Supplier<Estimator>> regressors() {
        Map<String, Supplier<Estimator>> m = new LinkedHashMap<>();
        m.put("dummy-median", () -> new DummyRegressor(DummyRegressor.Strategy.MEDIAN));
        m.put("linear", LinearRegression::new);
        m.put("ridge", () -> new dev.fathom.estimators.Ridge(2.0));
        m.put("knn", () -> new KNeighborsRegressor(4, true));
        m.put("network", PipelineRoundTripTest::netRegressor);
        m.put("standardized", () -> new StandardizedEstimator(new KNeighborsRegressor(3)));
        m.put("voting", () -> new VotingRegressor(NamedEstimator.of("linear", new LinearRegression()),
                NamedEstimator.of("knn", new KNeighborsRegressor(5))).weights(1, 2));
        m.put("bagging", () -> new BaggingRegressor(() -> new KNeighborsRegressor(2), 5).maxSamples(0.8).bootstrapFeatures(true).seed(2).oobScore(true));
        m.put("extra-trees", () -> new dev.fathom.trees.ExtraTreesRegressor().trees(10).seed(3));
        m.put("hist-boosting", () -> new dev.fathom.trees.HistGradientBoostingRegressor().maxIter(10).seed(3));
        m.put("stacking", () -> new StackingRegressor(NamedEstimator.of("knn", new KNeighborsRegressor(5)),
                NamedEstimator.of("dummy", new DummyRegressor())).cv(new KFold(3).shuffle(0)));
        return m;
    }

    @Test
    void everyClassifierPredictsTheSameAfterLoading() {
        Table table = IRIS.table();
        Table train = table.filter(r -> r % 5 != 0);
        Table unseen = table.filter(r -> r % 5 == 0);
        for (var e : classifiers().entrySet()) {
            Pipeline p = Pipeline.fit(train, "species", scaler(IRIS), e.getValue().get());
            Pipeline back = roundTrip(p, dir, e.getKey());
            assertTrue(back.isClassifier(), e.getKey());
            assertEquals(List.of("setosa", "versicolor", "virginica"), back.classes(), e.getKey());
            assertEquals(p.inputs(), back.inputs(), e.getKey());
            assertEquals(p.estimator().getClass(), back.estimator().getClass(), e.getKey());
            for (Table t : List.of(train, unseen)) {
                assertBitIdentical(p.predict(t), back.predict(t), e.getKey() + " predict");
                assertBitIdentical(p.predictProba(t), back.predictProba(t), e.getKey() + " predictProba");
                assertEquals(textOf(p.predictColumn(t)), textOf(back.predictColumn(t)), e.getKey());
            }
        }
    }

    @Test
    void everyRegressorPredictsTheSameAfterLoading() {
        Table table = DIABETES.table();
        Table train = table.filter(r -> r % 4 != 0);
        Table unseen = table.filter(r -> r % 4 == 0);
        for (var e : regressors().entrySet()) {
            Pipeline p = Pipeline.fit(train, "progression", scaler(DIABETES), e.getValue().get());
            Pipeline back = roundTrip(p, dir, e.getKey());
            assertFalse(back.isClassifier(), e.getKey());
            assertEquals(List.of(), back.classes());
            for (Table t : List.of(train, unseen)) {
                assertBitIdentical(p.predict(t), back.predict(t), e.getKey() + " predict");
            }
            assertEquals("progression", back.predictColumn(unseen).name());
            IllegalStateException noProba = assertThrows(IllegalStateException.class, () -> back.predictProba(unseen));
            assertTrue(noProba.getMessage().contains("regressor"), noProba.getMessage());
        }
    }

    @Test
    void loadedBaselinesRefitButLoadedNetworksAndStacksSayWhatTheyLack() {
        Table train = IRIS.table();
        Tensor x = scaler(IRIS).fit(train).transformToTensor(train);
        Tensor y = IRIS.labels();
        Pipeline logistic = roundTrip(Pipeline.fit(train, "species", scaler(IRIS), new LogisticRegression()), dir, "refit-logistic");
        Classifier again = (Classifier) logistic.estimator();
        Tensor before = again.predictProba(x);
        assertBitIdentical(before, again.fit(x, y).predictProba(x), "a loaded logistic regression refits to the same result");

        Pipeline network = roundTrip(Pipeline.fit(train, "species", scaler(IRIS), net(1)), dir, "refit-net");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> network.estimator().fit(x, y));
        assertTrue(e.getMessage().contains("loaded from a file") && e.getMessage().contains("new NetworkClassifier(factory, fit)"), e.getMessage());

        Pipeline stack = roundTrip(Pipeline.fit(train, "species", scaler(IRIS), new StackingClassifier(
                NamedEstimator.of("knn", new KNeighborsClassifier(3)), NamedEstimator.of("dummy", new DummyClassifier()))), dir, "refit-stack");
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> stack.estimator().fit(x, y));
        assertTrue(s.getMessage().contains("StratifiedKFold") && s.getMessage().contains("cv(...)"), s.getMessage());
        ((StackingClassifier) stack.estimator()).cv(new KFold(3));
        stack.estimator().fit(x, y);   // with the splitter set again it fits
    }

    @Test
    void metadataTravelsWithThePipeline() {
        Pipeline p = Pipeline.fit(IRIS.table(), "species", scaler(IRIS), new DummyClassifier())
                .withMetadata(Map.of("dataset", "iris", "scores", Map.of("accuracy", 0.3333333333333333), "folds", List.of(1, 2)));
        Pipeline back = roundTrip(p, dir, "meta");
        assertEquals(p.metadata(), back.metadata());
        assertEquals(0.3333333333333333, ((Map<?, ?>) back.metadata().get("scores")).get("accuracy"));
        Pipeline more = back.withMetadata(Map.of("dataset", "iris v2"));
        assertEquals("iris v2", more.metadata().get("dataset"));
        assertEquals("iris", back.metadata().get("dataset"), "withMetadata returns a copy");
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> p.withMetadata(Map.of("score", Double.NaN)));
        assertTrue(nan.getMessage().contains("metadata must be JSON"), nan.getMessage());
    }

    private static List<String> textOf(dev.fathom.data.Column c) {
        return java.util.stream.IntStream.range(0, c.size()).mapToObj(c::text).toList();
    }
}
