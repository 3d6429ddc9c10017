package dev.fathom.data.split;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the cross-validation splitters that hold for any seed, and their errors. */
class SplitterTest {

    /** Every fold's train and test sets are disjoint and cover 0..n-1; the test sets partition 0..n-1. */
    static void assertPartition(int n, List<Fold> folds, boolean testsCoverAll) {
        int[] testedTimes = new int[n];
        for (Fold f : folds) {
            boolean[] seen = new boolean[n];
            for (int i : f.trainIndices()) seen[i] = true;
            for (int i : f.testIndices()) {
                assertTrue(!seen[i], "fold " + f.index() + ": sample " + i + " is in both train and test");
                seen[i] = true;
                testedTimes[i]++;
            }
            if (testsCoverAll) for (int i = 0; i < n; i++) assertTrue(seen[i], "fold " + f.index() + " misses sample " + i);
            assertSorted(f.trainIndices());
            assertSorted(f.testIndices());
        }
        if (testsCoverAll) for (int i = 0; i < n; i++) assertEquals(1, testedTimes[i], "sample " + i + " tested once");
    }

    private static void assertSorted(int[] a) {
        for (int i = 1; i < a.length; i++) assertTrue(a[i - 1] < a[i], "indices ascending");
    }

    @Test
    void shuffledKFoldKeepsSizesAndDependsOnTheSeedOnly() {
        List<Fold> a = new KFold(4).shuffle(11).split(27);
        assertPartition(27, a, true);
        assertArrayEquals(new int[] {7, 7, 7, 6}, a.stream().mapToInt(Fold::testSize).toArray());
        assertEquals(a, new KFold(4).shuffle(11).split(27));
        assertNotEquals(a, new KFold(4).shuffle(12).split(27));
        assertNotEquals(a, new KFold(4).split(27));
    }

    @Test
    void shuffledStratifiedKFoldKeepsEachClassShareInEveryFold() {
        Generator g = new Generator(5);
        int[] y = new int[103];
        for (int i = 0; i < y.length; i++) y[i] = g.nextDouble() < 0.15 ? 2 : g.nextDouble() < 0.4 ? 1 : 0;
        int[] total = SplitterGoldenTest.countsInOrderOfFirstAppearance(y, java.util.stream.IntStream.range(0, y.length).toArray());
        List<Fold> folds = new StratifiedKFold(5).shuffle(3).split(y);
        assertPartition(y.length, folds, true);
        for (Fold f : folds) {
            int[] counts = SplitterGoldenTest.countsInOrderOfFirstAppearance(y, f.testIndices());
            int[] inTest = counts;
            for (int k = 0; k < total.length; k++) {
                assertTrue(Math.abs(inTest[k] - total[k] / 5.0) < 1, "fold " + f.index() + " class " + k + ": " + inTest[k]
                        + " of " + total[k]);
            }
            assertTrue(Math.abs(f.testSize() - y.length / 5.0) < 1);
        }
        assertNotEquals(folds, new StratifiedKFold(5).split(y));
    }

    @Test
    void stratifiedKFoldReadsTableColumnsAndTensors() {
        String[] species = new String[30];
        for (int i = 0; i < 30; i++) species[i] = i % 3 == 0 ? "setosa" : i % 3 == 1 ? "versicolor" : "virginica";
        Table t = Table.of(NumericColumn.of("x", new double[30]), CategoricalColumn.of("species", species));
        int[] codes = new int[30];
        for (int i = 0; i < 30; i++) codes[i] = i % 3;
        List<Fold> fromTable = new StratifiedKFold(3).split(t, "species");
        assertEquals(new StratifiedKFold(3).split(codes), fromTable);
        assertEquals(fromTable, new StratifiedKFold(3).split(Tensor.of(codes)));
        // One-hot rows stratify by their class.
        assertEquals(fromTable, new StratifiedKFold(3).split(Tensor.eye(3).indexSelect(0, Tensor.of(codes))));
        assertEquals(10, fromTable.get(0).test(t).rowCount());
        var e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(3).split(t, "spieces"));
        assertTrue(e.getMessage().contains("did you mean 'species'"), e.getMessage());
    }

    @Test
    void timeSeriesSplitNeverLooksAhead() {
        for (TimeSeriesSplit s : new TimeSeriesSplit[] {new TimeSeriesSplit(5), new TimeSeriesSplit(3).gap(4),
            new TimeSeriesSplit(4).maxTrainSize(10).gap(1), new TimeSeriesSplit(2).testSize(7)}) {
            List<Fold> folds = s.split(61);
            assertPartition(61, folds, false);
            int previousTrain = 0;
            for (Fold f : folds) {
                int[] train = f.trainIndices();
                int[] test = f.testIndices();
                assertTrue(train[train.length - 1] < test[0], s + " fold " + f.index() + " trains on the future");
                assertTrue(train.length >= previousTrain || s.toString().contains("maxTrainSize"), s + ": expanding window");
                previousTrain = train.length;
            }
        }
        List<Fold> gapped = new TimeSeriesSplit(3).gap(4).split(61);
        for (Fold f : gapped) assertEquals(5, f.testIndices()[0] - f.trainIndices()[f.trainSize() - 1]);
        for (Fold f : new TimeSeriesSplit(4).maxTrainSize(10).split(61)) assertTrue(f.trainSize() <= 10);
    }

    @Test
    void foldsPickRowsOfTensors() {
        Tensor x = Tensor.arange(10).reshape(5, 2);
        Fold f = new LeaveOneOut().split(5).get(3);
        assertArrayEquals(new float[] {6, 7}, f.test(x).toFloatArray());
        assertArrayEquals(new int[] {4, 2}, f.train(x).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> f.train(Tensor.zeros(6, 2)));
        assertTrue(e.getMessage().contains("the data has 6 samples but 5 were split"), e.getMessage());
    }

    @Test
    void moreFoldsThanSamplesSaysHowManyFit() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KFold(5).split(3));
        assertTrue(e.getMessage().contains("KFold(5): cannot make 5 folds of 3 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("use at most 3 folds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KFold(1));
        assertTrue(e.getMessage().contains("at least 2 folds, got nSplits = 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LeaveOneOut().split(1));
        assertTrue(e.getMessage().contains("needs at least 2 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TimeSeriesSplit(5).split(5));
        assertTrue(e.getMessage().contains("5 samples cannot make 5 folds, which need 6 blocks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TimeSeriesSplit(3).testSize(10).split(30));
        assertTrue(e.getMessage().contains("3 test blocks of 10 samples leave no training samples out of 30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TimeSeriesSplit(3).gap(10).split(20));
        assertTrue(e.getMessage().contains("a gap of 10"), e.getMessage());
    }

    @Test
    void stratifiedKFoldErrorsNameTheClassesAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(4).split(new int[] {0, 0, 1, 1, 1, 2}));
        assertTrue(e.getMessage().contains("every class has fewer than 4 members (the largest, '1', has 3); use at most 3 folds"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(3).split(30));
        assertTrue(e.getMessage().contains("stratifying needs the class labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(2).split(Tensor.of(new float[] {0.5f, 1, 0, 1})));
        assertTrue(e.getMessage().contains("label 0.5 at row 0 is not a class index"), e.getMessage());
        Table t = Table.of(CategoricalColumn.of("c", "a", null, "a", "b"));
        e = assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(2).split(t, "c"));
        assertTrue(e.getMessage().contains("column 'c': row 1 has no value"), e.getMessage());
    }
}
