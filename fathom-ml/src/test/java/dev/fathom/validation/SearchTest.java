package dev.fathom.validation;

import dev.fathom.data.split.KFold;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid and random search: planted optima, reproducible draws, the table, and the errors of a bad search space. */
class SearchTest {
    /** y = 2.5·x + small noise: a slope regressor scores best at slope 2.5. */
    private static final Tensor X;
    private static final Tensor Y;

    static {
        Generator g = new Generator(11);
        int n = 200;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) g.nextNormal();
            y[i] = (float) (2.5 * x[i] + 0.1 * g.nextNormal());
        }
        X = Tensor.of(x, n, 1);
        Y = Tensor.of(y, n);
    }

    /** Predicts slope·x; fit learns nothing, so its score depends on the hyperparameter alone. */
    private record SlopeRegressor(double slope) implements Estimator {
        @Override
        public Estimator fit(Tensor x, Tensor y) {
            return this;
        }

        @Override
        public Tensor predict(Tensor x) {
            return x.reshape(-1).mul(slope);
        }

        @Override
        public boolean isClassifier() {
            return false;
        }
    }

    @Test
    void gridSearchFindsThePlantedSlope() {
        SearchResult r = new GridSearch(p -> new SlopeRegressor(p.getDouble("slope")), new ParameterGrid().add("slope", 0.5, 1.0, 2.5, 3.0, 5.0))
                .cv(new KFold(4)).scoring("neg_rmse").returnTrainScore(true).fit(X, Y);
        assertEquals(2.5, r.bestParams().getDouble("slope"));
        assertEquals(2, r.bestIndex());
        assertTrue(r.bestScore() > -0.15 && r.bestScore() < 0, "minus the noise's RMSE, about 0.1: " + r.bestScore());
        List<Candidate> ranked = r.ranked();
        assertEquals(List.of(2.5, 3.0, 1.0, 0.5, 5.0), ranked.stream().map(c -> c.params().getDouble("slope")).toList(),
                "sorted by mean score: the further from 2.5, the lower");
        for (int i = 0; i < ranked.size(); i++) assertEquals(i + 1, ranked.get(i).rank());
        assertTrue(r.best() instanceof SlopeRegressor s && s.slope() == 2.5);
        String table = r.toString();
        assertTrue(table.contains("rank") && table.contains("slope") && table.contains("neg_root_mean_squared_error"), table);
        assertTrue(table.lines().skip(2).findFirst().orElseThrow().matches("1\\s+2\\.5\\s+-0\\.\\d+ ± .*"), "the best row first:\n" + table);
    }

    @Test
    void gridSearchFindsTheBestKOfNearestNeighbours() {
        // Two classes along x0 with noise; one far-off block of label noise per class punishes k = 1 and a huge k
        // drowns the smaller class, so a middling k wins.
        Generator g = new Generator(3);
        int n = 240;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 200 ? 0 : 1;
            x[2 * i] = (float) ((y[i] == 0 ? -1 : 1) + 0.8 * g.nextNormal());
            x[2 * i + 1] = (float) g.nextNormal();
            if (g.nextDouble() < 0.08) y[i] = 1 - y[i];
        }
        SearchResult r = new GridSearch(p -> new KNeighborsClassifier(p.getInt("k")), new ParameterGrid().add("k", 1, 15, 150))
                .cv(new StratifiedKFold(4)).threads(2).fit(Tensor.of(x, n, 2), Tensor.of(y, n));
        assertEquals(15, r.bestParams().getInt("k"), r.toString());
    }

    @Test
    void randomSearchIsReproducibleWithASeedAndFindsTheSlope() {
        ParameterDistributions space = new ParameterDistributions().add("slope", Distribution.uniform(0, 5));
        RandomSearch a = new RandomSearch(p -> new SlopeRegressor(p.getDouble("slope")), space, 30, 42).cv(new KFold(3));
        RandomSearch b = new RandomSearch(p -> new SlopeRegressor(p.getDouble("slope")), space, 30, 42).cv(new KFold(3)).threads(1);
        SearchResult ra = a.fit(X, Y);
        SearchResult rb = b.fit(X, Y);
        assertEquals(a.configurations(), b.configurations());
        assertEquals(ra.bestParams(), rb.bestParams());
        assertEquals(ra.bestScore(), rb.bestScore(), 0);
        assertEquals(2.5, ra.bestParams().getDouble("slope"), 0.2, "30 draws from [0, 5) land near the planted slope");
        assertNotEquals(a.configurations(), new RandomSearch(p -> new SlopeRegressor(p.getDouble("slope")), space, 30, 43).configurations());
    }

    @Test
    void distributionsDrawWithinTheirBounds() {
        ParameterDistributions space = new ParameterDistributions()
                .add("lr", Distribution.logUniform(1e-4, 1e-1))
                .add("units", Distribution.intRange(16, 18))
                .add("activation", List.of("relu", "tanh"));
        List<Params> draws = space.sample(300, 7);
        int decadeLow = 0;
        HashSet<Integer> units = new HashSet<>();
        for (Params p : draws) {
            double lr = p.getDouble("lr");
            assertTrue(lr >= 1e-4 && lr < 1e-1, "lr " + lr);
            if (lr < 1e-3) decadeLow++;
            units.add(p.getInt("units"));
            assertTrue(List.of("relu", "tanh").contains(p.getString("activation")));
        }
        assertEquals(java.util.Set.of(16, 17, 18), units, "both ends of an int range are drawn");
        assertTrue(decadeLow > 70 && decadeLow < 130, "log-uniform: a third of the draws in each decade, got " + decadeLow + " of 300");
        List<Params> grid = new ParameterDistributions().add("a", 1, 2, 3).add("b", "x", "y").sample(4, 1);
        assertEquals(4, new HashSet<>(grid).size(), "lists only: drawn from the grid without repeats");
        assertEquals(6, new ParameterDistributions().add("a", 1, 2, 3).add("b", "x", "y").sample(50, 1).size(), "the whole grid when small");
    }

    @Test
    void gridCombinationsVaryTheLastParameterFastest() {
        ParameterGrid grid = new ParameterGrid().add("units", 32, 64).add("lr", 0.1, 0.01);
        assertEquals(4, grid.size());
        assertEquals(List.of("{units=32, lr=0.1}", "{units=32, lr=0.01}", "{units=64, lr=0.1}", "{units=64, lr=0.01}"),
                grid.combinations().stream().map(Params::toString).toList());
    }

    @Test
    void anEmptyGridIsRefusedWithAnExample() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GridSearch(p -> new KNeighborsClassifier(1), new ParameterGrid()));
        assertTrue(e.getMessage().contains("GridSearch: the parameter grid is empty") && e.getMessage().contains(".add(\"k\", 1, 3, 5)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ParameterGrid().add("k"));
        assertTrue(e.getMessage().contains("no values to try"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RandomSearch(p -> new KNeighborsClassifier(1), new ParameterDistributions(), 5, 0));
        assertTrue(e.getMessage().contains("the space is empty"), e.getMessage());
    }

    @Test
    void aParameterTheFactoryDoesNotReadIsNamed() {
        ParameterGrid grid = new ParameterGrid().add("k", 1, 3).add("wieghts", "uniform", "distance");
        var e = assertThrows(IllegalArgumentException.class, () -> new GridSearch(p -> new KNeighborsClassifier(p.getInt("k"),
                "distance".equals(p.get("weights", "uniform"))), grid).fit(X, Y.gt(0).asType(dev.fathom.backend.DType.INT32)));
        String m = e.getMessage();
        assertTrue(m.startsWith("GridSearch, configuration 0 {k=1, wieghts=uniform}, fold 0: the factory never reads parameter 'wieghts'"), m);
        assertTrue(m.contains("did you mean 'weights', which the factory asks for?"), m);

        e = assertThrows(IllegalArgumentException.class, () -> new GridSearch(p -> new SlopeRegressor(p.getDouble("slop")),
                new ParameterGrid().add("slope", 1.0, 2.0)).fit(X, Y));
        m = e.getMessage();
        assertTrue(m.contains("no parameter 'slop'; did you mean 'slope'?") && m.contains("configuration 0 {slope=1.0}"), m);
    }

    @Test
    void searchErrorsAreRaisedBeforeTraining() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GridSearch(p -> new SlopeRegressor(p.getDouble("slope")),
                new ParameterGrid().add("slope", 1.0)).cv(new StratifiedKFold(3)).fit(X, Y));
        assertTrue(e.getMessage().startsWith("GridSearch: StratifiedKFold(nSplits=3) stratifies by class labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GridSearch(p -> new SlopeRegressor(p.getDouble("slope")),
                new ParameterGrid().add("slope", 1.0)).scoring("f1_macro").fit(X, Y));
        assertTrue(e.getMessage().contains("scorer 'f1_macro' scores classifiers"), e.getMessage());
        SearchResult noRefit = new GridSearch(p -> new SlopeRegressor(p.getDouble("slope")), new ParameterGrid().add("slope", 1.0, 2.0))
                .refit(false).fit(X, Y);
        var s = assertThrows(IllegalStateException.class, noRefit::best);
        assertTrue(s.getMessage().contains("refit(false)"), s.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> Params.of(Map.of("units", 0.5)).getInt("units"));
        assertTrue(p.getMessage().contains("parameter 'units' is 0.5 (Double), but the factory reads it as a whole number"), p.getMessage());
    }

    @Test
    void searchesOverNetworkHyperparameters() {
        TabularDataset iris = Datasets.load("iris");
        Tensor x = ValidationGoldenTest.standardize(iris.features());
        ParameterGrid grid = new ParameterGrid().add("units", 4, 16).add("learning_rate", 1e-4, 3e-2).add("epochs", 10);
        SearchResult r = new GridSearch(p -> new NetworkClassifier(
                () -> new Sequential(new Dense(p.getInt("units"), "relu"), new Dense(3)).seed(1).build(4)
                        .compile(new Adam(p.getDouble("learning_rate")), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(p.getInt("epochs")).batchSize(16).silent()), grid).cv(new StratifiedKFold(3)).fit(x, iris.labels());
        assertEquals(0.03, r.bestParams().getDouble("learning_rate"), 1e-12, "a step of 1e-4 barely moves in 10 epochs:\n" + r);
        assertTrue(r.bestScore() > 0.8, r.toString());
    }
}
