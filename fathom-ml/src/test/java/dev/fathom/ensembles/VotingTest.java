package dev.fathom.ensembles;

import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.Fold;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.DummyRegressor;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.fathom.ensembles.EnsemblesGoldenTest.standardize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Voting ensembles: probabilities, networks as members, nesting, cross-validation and the messages for misuse. */
class VotingTest {
    private static final TabularDataset IRIS = Datasets.load("iris");
    private static final Tensor X = standardize(IRIS.features());
    private static final Tensor Y = IRIS.labels();

    private static void assertRowsSumToOne(Tensor p, String what) {
        float[] v = p.toFloatArray();
        int k = p.shape(1);
        for (int i = 0; i < p.shape(0); i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                assertTrue(v[i * k + c] >= 0 && v[i * k + c] <= 1, what + " row " + i + " holds a probability");
                s += v[i * k + c];
            }
            assertEquals(1, s, 1e-5, what + " row " + i + " sums to 1");
        }
    }

    private static VotingClassifier mixed() {
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(3)).seed(1).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(5).batchSize(32).seed(3).silent());
        return new VotingClassifier(NamedEstimator.of("net", net),
                NamedEstimator.of("forest", new dev.fathom.trees.RandomForestClassifier().trees(10).seed(2)),
                NamedEstimator.of("knn", new KNeighborsClassifier(5))).weights(2, 1, 1);
    }

    /** The members train side by side on the cores; inside a fold (kernels kept on one thread) one after another: the same model. */
    @Test
    void membersFittedSideBySideEqualMembersFittedInTurn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.fathom.backend.Threads.count() > 1, "needs two CPU threads to fit side by side");
        Tensor sideBySide = mixed().fit(X, Y).predictProba(X);
        Tensor inTurn = dev.fathom.backend.Threads.serially(() -> mixed().fit(X, Y).predictProba(X));
        assertArrayEquals(inTurn.toFloatArray(), sideBySide.toFloatArray());
        NetworkClassifier fails = new NetworkClassifier(() -> new Sequential(new Dense(2)).seed(0).build(4)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(1).silent());
        VotingClassifier bad = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(200)), NamedEstimator.of("net", fails));
        var e = assertThrows(IllegalArgumentException.class, () -> bad.fit(X, Y));
        assertTrue(e.getMessage().contains("k = 200 neighbours but only 150 training samples"), e.getMessage());
    }

    @Test
    void softAndHardProbabilitiesSumToOneAndAgreeWithPredict() {
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(5)),
                NamedEstimator.of("logistic", new LogisticRegression()), NamedEstimator.of("floor", new DummyClassifier()));
        for (Voting v : Voting.values()) {
            vote.voting(v).weights(1, 2, 0.5).fit(X, Y);
            Tensor p = vote.predictProba(X);
            assertArrayEquals(new int[] {150, 3}, p.shape());
            assertRowsSumToOne(p, v.name());
            assertArrayEquals(p.argmax(1).toIntArray(), vote.predict(X).toIntArray(), v + ": predict is the most probable class");
            assertTrue(vote.score(X, Y) > 0.9, v + " accuracy " + vote.score(X, Y));
        }
        // Hard voting's probabilities are shares of the weighted votes (of 3.5 here): k-NN's 1 and
        // logistic regression's 2 go to setosa for the first flower.
        float first = vote.voting(Voting.HARD).predictProba(X.slice(0, 0, 1)).toFloatArray()[0];
        assertTrue(first >= 3 / 3.5 - 1e-6, "setosa's share of the votes: " + first);
        assertSame(vote.estimator("knn"), vote.namedEstimators().get("knn"));
    }

    @Test
    void aNetworkVotesBesideTheBaselines() {
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Dense(16, "relu"), new Dense(3)).seed(1).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), Fit.epochs(40).batchSize(32).silent());
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("net", net), NamedEstimator.of("knn", new KNeighborsClassifier(5)))
                .voting(Voting.SOFT).fit(X, Y);
        assertTrue(vote.score(X, Y) > 0.9, "accuracy " + vote.score(X, Y));
        assertRowsSumToOne(vote.predictProba(X), "network + k-NN");
    }

    @Test
    void ensemblesNestAndAreCrossValidatedLikeAnyClassifier() {
        Classifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(1), 10).seed(3);
        Classifier stack = new StackingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(7)),
                NamedEstimator.of("floor", new DummyClassifier()));
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("bag", bag), NamedEstimator.of("stack", stack),
                NamedEstimator.of("logistic", new LogisticRegression())).voting(Voting.SOFT);
        double total = 0;
        List<Fold> folds = new StratifiedKFold(5).shuffle(0).split(Y);
        for (Fold fold : folds) {
            double accuracy = vote.fit(fold.train(X), fold.train(Y)).score(fold.test(X), fold.test(Y));
            assertTrue(accuracy > 0.8, fold + ": " + accuracy);
            total += accuracy;
        }
        assertTrue(total / folds.size() > 0.9, "5-fold accuracy " + total / folds.size());
    }

    @Test
    void votingRegressorAveragesWithWeights() {
        TabularDataset d = Datasets.load("diabetes");
        Tensor x = d.features();
        Tensor y = d.labels();
        DummyRegressor mean = new DummyRegressor();
        KNeighborsRegressor knn = new KNeighborsRegressor(3);
        VotingRegressor avg = new VotingRegressor(NamedEstimator.of("mean", mean), NamedEstimator.of("knn", knn)).weights(3, 1).fit(x, y);
        float[] a = mean.predict(x).toFloatArray();
        float[] b = knn.predict(x).toFloatArray();
        float[] p = avg.predict(x).toFloatArray();
        for (int i = 0; i < p.length; i++) assertEquals((3.0 * a[i] + b[i]) / 4, p[i], 1e-4, "row " + i);
        // Weight 0 silences a member.
        float[] onlyKnn = avg.weights(0, 1).predict(x).toFloatArray();
        assertArrayEquals(b, onlyKnn);
    }

    @Test
    void emptyEnsemblesAndBadMembersAreRefusedWithTheFix() {
        var empty = assertThrows(IllegalArgumentException.class, VotingClassifier::new);
        assertTrue(empty.getMessage().contains("VotingClassifier needs at least one member estimator, got none"), empty.getMessage());
        var emptyList = assertThrows(IllegalArgumentException.class, () -> new VotingRegressor(List.of()));
        assertTrue(emptyList.getMessage().contains("VotingRegressor needs at least one member"), emptyList.getMessage());

        var regressor = assertThrows(IllegalArgumentException.class, () -> new VotingClassifier(
                NamedEstimator.of("knn", new KNeighborsClassifier(3)), NamedEstimator.of("mean", new DummyRegressor())));
        assertTrue(regressor.getMessage().contains("'mean' (DummyRegressor(mean)) is a regressor")
                && regressor.getMessage().contains("use the regressor ensemble"), regressor.getMessage());
        var classifier = assertThrows(IllegalArgumentException.class,
                () -> new VotingRegressor(NamedEstimator.of("knn", new KNeighborsClassifier(3))));
        assertTrue(classifier.getMessage().contains("'knn' (KNeighborsClassifier(k=3)) is a classifier"), classifier.getMessage());

        var twice = assertThrows(IllegalArgumentException.class, () -> new VotingClassifier(
                NamedEstimator.of("knn", new KNeighborsClassifier(3)), NamedEstimator.of("knn", new KNeighborsClassifier(5))));
        assertTrue(twice.getMessage().contains("two members are named 'knn'"), twice.getMessage());
        var blank = assertThrows(IllegalArgumentException.class, () -> NamedEstimator.of(" ", new DummyClassifier()));
        assertTrue(blank.getMessage().contains("needs a non-blank name"), blank.getMessage());
    }

    @Test
    void mismatchedWeightsNameTheMembers() {
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)),
                NamedEstimator.of("floor", new DummyClassifier()));
        var count = assertThrows(IllegalArgumentException.class, () -> vote.weights(1, 2, 3));
        assertTrue(count.getMessage().contains("got 3 weights [1.0, 2.0, 3.0] for 2 members [knn, floor]")
                && count.getMessage().contains("exactly one weight per member"), count.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> vote.weights(1, -1));
        assertTrue(negative.getMessage().contains("the weight of 'floor' is -1.0"), negative.getMessage());
        var zeros = assertThrows(IllegalArgumentException.class, () -> vote.weights(0, 0));
        assertTrue(zeros.getMessage().contains("all weights are 0"), zeros.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> vote.estimator("flor"));
        assertTrue(unknown.getMessage().contains("no member named 'flor'; did you mean 'floor'?"), unknown.getMessage());
    }

    @Test
    void membersWithDifferentClassCountsAreAnError() {
        // One class in y: the dummy knows one class, logistic regression always two.
        Tensor x = X.slice(0, 0, 10);
        Tensor y = Y.slice(0, 0, 10);
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("floor", new DummyClassifier()),
                NamedEstimator.of("logistic", new LogisticRegression()));
        var e = assertThrows(IllegalArgumentException.class, () -> vote.fit(x, y));
        assertTrue(e.getMessage().contains("the members must predict the same classes, but floor has 1, logistic has 2"), e.getMessage());

        // A network with ten outputs on three classes: caught when its probabilities come back.
        NetworkClassifier wide = new NetworkClassifier(() -> new Sequential(new Dense(10)).seed(0).build(4)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(1).silent());
        VotingClassifier soft = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)), NamedEstimator.of("wide", wide))
                .voting(Voting.SOFT).fit(X, Y);
        var shape = assertThrows(IllegalArgumentException.class, () -> soft.predictProba(X));
        assertTrue(shape.getMessage().contains("member 'wide'") && shape.getMessage().contains("[150, 10]")
                && shape.getMessage().contains("the ensemble has 3 classes"), shape.getMessage());
    }

    @Test
    void misuseBeforeFitAndBadInputs() {
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)));
        var unfitted = assertThrows(IllegalStateException.class, () -> vote.predict(X));
        assertEquals("VotingClassifier is not fitted yet; call fit(x, y) first", unfitted.getMessage());
        var samples = assertThrows(IllegalArgumentException.class, () -> vote.fit(X, Y.slice(0, 0, 10)));
        assertTrue(samples.getMessage().contains("x has 150 samples but y has 10"), samples.getMessage());
        var labels = assertThrows(IllegalArgumentException.class, () -> vote.fit(X, IRIS.features().slice(1, 0, 1).reshape(150)));
        assertTrue(labels.getMessage().contains("class labels must be whole numbers >= 0") && labels.getMessage().contains("sample 0 is 5.1"),
                labels.getMessage());
        var weights = assertThrows(IllegalArgumentException.class, () -> vote.voting(null));
        assertTrue(weights.getMessage().contains("Voting.HARD or Voting.SOFT"), weights.getMessage());
    }

    /**
     * Networks on images vote on the images themselves: x is {@code [samples, channels, height,
     * width]}, handed to each member whole (fathom train's soft vote of image models), and the
     * ensemble saved in an image pipeline predicts the same after loading.
     */
    @Test
    void networksOnImagesVoteOnImageShapedSamplesAndSurviveAPipelineFile(@TempDir Path dir) {
        // Two classes of 2×4×4 images: dark ones and light ones, with a little noise.
        int n = 40;
        float[] pixels = new float[n * 32];
        float[] labels = new float[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 32; j++) pixels[i * 32 + j] = (float) (0.2 + 0.6 * (i % 2) + 0.1 * r.nextGaussian());
        }
        Tensor x = Tensor.of(pixels, n, 2, 4, 4);
        Tensor y = Tensor.of(labels, n);
        java.util.function.IntFunction<NetworkClassifier> net = seed -> new NetworkClassifier(() -> new Sequential(new Flatten(),
                new Dense(2)).seed(seed).build(2, 4, 4).compile(new Adam(0.1), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(20).batchSize(8).seed(seed).silent());
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("a", net.apply(1)), NamedEstimator.of("b", net.apply(2)))
                .voting(Voting.SOFT).fit(x, y);
        assertEquals(1.0, vote.score(x, y), "the two brightness classes are told apart");
        assertRowsSumToOne(vote.predictProba(x), "image vote");

        Pipeline pipeline = Pipeline.forImages(2, 4, 4, 1.0, List.of("dark", "light"), vote);
        pipeline.save(dir.resolve("vote.fathom"));
        Pipeline loaded = Pipeline.load(dir.resolve("vote.fathom"));
        assertArrayEquals(pipeline.predictProbaImages(x).toFloatArray(), loaded.predictProbaImages(x).toFloatArray(), 0f);

        var wrong = assertThrows(IllegalArgumentException.class, () -> vote.predict(Tensor.zeros(3, 2, 5, 5)));
        assertEquals("VotingClassifier was fitted on [samples, 2, 4, 4] but x has shape [3, 2, 5, 5]", wrong.getMessage());
        VotingRegressor average = new VotingRegressor(NamedEstimator.of("floor", new DummyRegressor())).fit(x, y);
        assertEquals(0.5, average.predict(x).toDoubleArray()[0], 1e-6, "a regressor averages over image samples too");
        var flat = assertThrows(IllegalArgumentException.class, () -> vote.fit(Tensor.zeros(4), Tensor.zeros(4)));
        assertEquals("VotingClassifier: x must be [samples, features] (or [samples, ...] for members that read images or sequences),"
                + " got shape [4]; make it a column with x.reshape(-1, 1)", flat.getMessage());
    }

    /** A file written before samples could be images keeps only "features": it still loads, and predicts the same. */
    @Test
    void aVotingFileWithOnlyFeaturesFromAnEarlierVersionLoads(@TempDir Path dir) {
        VotingClassifier vote = new VotingClassifier(NamedEstimator.of("knn", new KNeighborsClassifier(3)),
                NamedEstimator.of("floor", new DummyClassifier()));
        Pipeline fitted = Pipeline.fit(IRIS.table(), "species", Preprocessor.builder().numeric(IRIS.featureNames(), new StandardScaler())
                .build(), vote);
        Path file = dir.resolve("vote.fathom");
        fitted.save(file);
        dev.fathom.testing.ZipEntries.editJson(file, "pipeline.json", manifest -> {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> estimator = (java.util.Map<String, Object>) manifest.get("estimator");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> config = (java.util.Map<String, Object>) estimator.get("config");
            assertEquals(List.of(4), config.remove("sampleShape"));
            assertEquals(4, ((Number) config.get("features")).intValue());
        });
        assertArrayEquals(fitted.predict(IRIS.table()).toIntArray(), Pipeline.load(file).predict(IRIS.table()).toIntArray());
    }
}
