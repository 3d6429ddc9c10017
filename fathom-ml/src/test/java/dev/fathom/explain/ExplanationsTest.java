package dev.fathom.explain;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.ensembles.NamedEstimator;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.Ridge;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.trees.DecisionTreeClassifier;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.RandomForestClassifier;
import dev.fathom.validation.ColumnSubsetEstimator;
import dev.fathom.validation.StandardizedEstimator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On data where one column decides the target and one is pure noise, the explanations say so. */
class ExplanationsTest {
    /** {@code rows} rows: 'signal' decides the class (its sign), 'noise' is independent of everything, 'colour' too. */
    private static Table classes(int rows, long seed) {
        Random r = new Random(seed);
        double[] signal = new double[rows], noise = new double[rows];
        String[] label = new String[rows], colour = new String[rows];
        for (int i = 0; i < rows; i++) {
            signal[i] = r.nextGaussian();
            noise[i] = r.nextGaussian();
            colour[i] = r.nextBoolean() ? "red" : "blue";
            label[i] = signal[i] > 0 ? "up" : "down";
        }
        return Table.of(List.of(NumericColumn.of("signal", signal), NumericColumn.of("noise", noise), CategoricalColumn.of("colour", colour),
                CategoricalColumn.of("label", label)));
    }

    private static Pipeline classifier() {
        Preprocessor prep = Preprocessor.builder().numeric(List.of("signal", "noise")).categorical(List.of("colour"), new OneHotEncoder()).build();
        return Pipeline.fit(classes(400, 1), "label", prep, new StandardizedEstimator(new LogisticRegression()));
    }

    @Test
    void theDecidingColumnMattersAndTheNoiseDoesNot() {
        Pipeline p = classifier();
        Table test = classes(300, 2);
        PermutationImportance pi = Explanations.permutationImportance(p, test, "label", 5, 42);
        assertEquals("accuracy", pi.scoring());
        assertTrue(pi.baseline() > 0.95, "the model learned the rule: " + pi.baseline());
        assertEquals("signal", pi.features().getFirst().name(), pi.toString());
        PermutationImportance.Feature signal = pi.feature("signal");
        assertTrue(signal.mean() > 0.3, "shuffling the deciding column costs about half the accuracy: " + pi);
        assertTrue(signal.mean() > 10 * signal.std(), "far above its spread: " + pi);
        for (String name : List.of("noise", "colour")) {
            PermutationImportance.Feature f = pi.feature(name);
            assertTrue(Math.abs(f.mean()) < 0.02, name + " is about 0: " + pi);
            assertEquals(5, f.drops().length);
        }
        PermutationImportance again = Explanations.permutationImportance(p, test, "label", 5, 42);
        for (String name : List.of("signal", "noise", "colour")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(pi.feature(name).drops(), again.feature(name).drops(), "the same seed, the same shuffles");
        }
        var unknown = assertThrows(IllegalArgumentException.class, () -> pi.feature("weight"));
        assertTrue(unknown.getMessage().contains("[signal,"), unknown.getMessage());
    }

    /**
     * The shuffled copies go to the model stacked, several per call and one column per thread: the
     * drops and the curves must be those of scoring each copy alone, shuffles drawn in column then
     * repeat order from the seed. 3,000 rows stack two copies per call, so 5 repeats take calls of
     * 2, 2 and 1 copies, and 20 grid values calls of 2.
     */
    @Test
    void stackedCopiesScoreAsEachCopyAlone() {
        Pipeline p = classifier();
        Table test = classes(3000, 5);
        assertEquals(2, Explanations.BATCH_ROWS / test.rowCount(), "the test's premise: two copies per call");
        PermutationImportance pi = Explanations.permutationImportance(p, test, "label", 5, 42);
        dev.fathom.validation.Scorer accuracy = dev.fathom.validation.Scorer.of("accuracy");
        dev.fathom.tensor.Tensor y = p.labels().transform(test.column("label"));
        double baseline = accuracy.scoreOutputs(y, rows(p.predictProba(test)));
        assertEquals(baseline, pi.baseline());
        Random random = new Random(42);
        for (var input : p.inputs()) {
            double[] drops = new double[5];
            for (int r = 0; r < 5; r++) {
                int[] order = new int[test.rowCount()];
                for (int i = 0; i < order.length; i++) order[i] = i;
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                Table shuffled = test.with(test.column(input.name()).rows(order));
                drops[r] = baseline - accuracy.scoreOutputs(y, rows(p.predictProba(shuffled)));
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(drops, pi.feature(input.name()).drops(), input.name());
        }
        PartialDependence pd = Explanations.partialDependence(p, test, "signal", 20);
        for (int g = 0; g < pd.grid().size(); g++) {
            double value = pd.values()[g];
            double[] same = new double[test.rowCount()];
            java.util.Arrays.fill(same, value);
            float[] proba = p.predictProba(test.with(NumericColumn.of("signal", same))).toFloatArray();
            double up = 0;
            for (int i = 0; i < test.rowCount(); i++) up += proba[2 * i + 1] / (double) test.rowCount();
            assertEquals(up, pd.curve(1)[g], "grid value " + value);
        }
    }

    private static double[][] rows(dev.fathom.tensor.Tensor proba) {
        double[] flat = proba.toDoubleArray();
        int width = proba.shape(1);
        double[][] out = new double[proba.shape(0)][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        return out;
    }

    @Test
    void partialDependenceRisesWithTheDecidingColumnAndIsFlatInTheNoise() {
        Pipeline p = classifier();
        Table test = classes(300, 3);
        PartialDependence signal = Explanations.partialDependence(p, test, "signal", 10);
        assertTrue(signal.numeric());
        assertEquals(List.of("down", "up"), signal.outputs());
        double[] up = signal.curve(1);
        for (int i = 1; i < up.length; i++) assertTrue(up[i] >= up[i - 1], "P(up) never falls as signal grows: " + java.util.Arrays.toString(up));
        assertTrue(up[0] < 0.1 && up[up.length - 1] > 0.9, java.util.Arrays.toString(up));
        double[] flat = Explanations.partialDependence(p, test, "noise", 10).curve(1);
        for (double v : flat) assertEquals(flat[0], v, 0.05, "flat in the noise: " + java.util.Arrays.toString(flat));
        PartialDependence colour = Explanations.partialDependence(p, test, "colour", 10);
        assertFalse(colour.numeric());
        assertEquals(2, colour.grid().size());
        assertTrue(Explanations.modelImportances(p).isEmpty(), "logistic regression keeps no importances of its own");
    }

    @Test
    void regressionIsExplainedByR2() {
        Random r = new Random(4);
        int n = 300;
        double[] a = new double[n], b = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            y[i] = 3 * a[i] + 0.1 * r.nextGaussian();
        }
        Table t = Table.of(List.of(NumericColumn.of("a", a), NumericColumn.of("b", b), NumericColumn.of("y", y)));
        Pipeline p = Pipeline.fit(t.first(200), "y", Preprocessor.builder().numeric(List.of("a", "b")).build(), new Ridge(0.1));
        Table test = t.rows(java.util.stream.IntStream.range(200, 300).toArray());
        PermutationImportance pi = Explanations.permutationImportance(p, test, "y", 3, 1);
        assertEquals("r2", pi.scoring());
        assertTrue(pi.feature("a").mean() > 1.5, "shuffling a leaves R² near -1: " + pi);
        assertTrue(Math.abs(pi.feature("b").mean()) < 0.01, pi.toString());
        PartialDependence pd = Explanations.partialDependence(p, test, "a", 5);
        assertEquals(List.of("y"), pd.outputs());
        // a straight line of slope 3
        double[] c = pd.curve(0), v = pd.values();
        for (int i = 1; i < c.length; i++) assertEquals(3, (c[i] - c[0]) / (v[i] - v[0]), 0.05);
        var repeats = assertThrows(IllegalArgumentException.class, () -> Explanations.permutationImportance(p, test, "y", 0, 1));
        assertTrue(repeats.getMessage().contains("repeats must be >= 1"), repeats.getMessage());
        var column = assertThrows(IllegalArgumentException.class, () -> Explanations.partialDependence(p, test, "c", 5));
        assertTrue(column.getMessage().contains("reads no column 'c'"), column.getMessage());
    }

    private static Preprocessor prep() {
        return Preprocessor.builder().numeric(List.of("signal", "noise")).categorical(List.of("colour"), new OneHotEncoder()).build();
    }

    @Test
    void aTreeModelsOwnImportancesNameThePreparedFeatures() {
        Pipeline p = Pipeline.fit(classes(400, 1), "label", prep(), new RandomForestClassifier().trees(20).seed(1));
        ModelImportances m = Explanations.modelImportances(p).orElseThrow();
        assertTrue(m.source().startsWith("RandomForestClassifier(trees=20"), m.source());
        assertEquals(List.of("colour=blue", "colour=red", "noise", "signal"), m.importances().keySet().stream().sorted().toList());
        assertEquals("signal", m.importances().keySet().iterator().next(), "the deciding column first: " + m);
        assertTrue(m.importances().get("signal") > 0.5, m.toString());
        assertEquals(1.0, m.importances().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Test
    void anEnsembleShowsItsHeaviestTreeMembersImportancesThroughItsColumnSubset() {
        // m2 reads the columns (noise, signal): its feature 1 is the pipeline's feature 0
        java.util.function.Supplier<VotingClassifier> vote = () -> new VotingClassifier(
                NamedEstimator.of("m0", new StandardizedEstimator(new LogisticRegression())),
                NamedEstimator.of("m1", new HistGradientBoostingClassifier().maxIter(10)),
                NamedEstimator.of("m2", new ColumnSubsetEstimator(new int[] {1, 0}, new DecisionTreeClassifier().maxDepth(3))))
                .voting(Voting.SOFT);
        Table train = classes(300, 1);
        ModelImportances tree = Explanations.modelImportances(Pipeline.fit(train, "label", prep(), vote.get().weights(5, 2, 3))).orElseThrow();
        assertTrue(tree.source().startsWith("member m2 (weight 3 of 10) of the ensemble: DecisionTreeClassifier("), tree.source());
        assertEquals(List.of("noise", "signal"), tree.importances().keySet().stream().sorted().toList(), "only the columns it reads");
        assertEquals("signal", tree.importances().keySet().iterator().next(), tree.toString());
        ModelImportances boosted = Explanations.modelImportances(Pipeline.fit(train, "label", prep(), vote.get().weights(1, 0.5, 0.25)))
                .orElseThrow();
        assertTrue(boosted.source().startsWith("member m1 (weight 0.5 of 1.75) of the ensemble: HistGradientBoostingClassifier"),
                boosted.source());
        assertEquals(4, boosted.importances().size());
        Pipeline linearOnly = Pipeline.fit(train, "label", prep(), new VotingClassifier(
                NamedEstimator.of("m0", new StandardizedEstimator(new LogisticRegression())),
                NamedEstimator.of("m1", new StandardizedEstimator(new LogisticRegression().balancedClassWeight()))).voting(Voting.SOFT));
        assertTrue(Explanations.modelImportances(linearOnly).isEmpty(), "no member keeps importances");
    }
}
