package dev.fathom.data.split;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Train/test and train/validation/test splits: sizes, coverage, stratification and errors. */
class SplitTest {

    /** 150 rows: 'species' 100 a, 40 b, 10 c in a scrambled order; 'id' is the row number. */
    private static Table flowers() {
        String[] species = new String[150];
        double[] id = new double[150];
        for (int i = 0; i < 150; i++) {
            int r = (i * 37) % 150;
            species[i] = r < 100 ? "a" : r < 140 ? "b" : "c";
            id[i] = i;
        }
        return Table.of(NumericColumn.of("id", id), CategoricalColumn.of("species", species));
    }

    private static void assertCovers(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all, "the parts are disjoint and cover every sample");
    }

    private static int count(Table t, String species) {
        CategoricalColumn c = t.categorical("species");
        int n = 0;
        for (int r = 0; r < t.rowCount(); r++) if (species.equals(c.get(r))) n++;
        return n;
    }

    @Test
    void stratifiedTableSplitKeepsClassShares() {
        Split s = Splits.trainTest(flowers(), 0.2, 42).stratifiedBy("species");
        assertTrue(s.isStratified());
        Table test = s.test();
        Table train = s.train();
        assertEquals(30, test.rowCount());
        assertEquals(120, train.rowCount());
        assertEquals(20, count(test, "a"));
        assertEquals(8, count(test, "b"));
        assertEquals(2, count(test, "c"));
        assertCovers(150, s.trainIndices(), s.testIndices());
        // The rows really are those of the indices.
        assertEquals(s.testIndices()[0], (int) test.numeric("id").get(0));
        assertEquals("Split(train 120, test 30, stratified by column 'species', seed 42)", s.toString());
    }

    @Test
    void theSeedDecidesTheSplit() {
        Table t = flowers();
        assertArrayEquals(Splits.trainTest(t, 0.2, 1).testIndices(), Splits.trainTest(t, 0.2, 1).testIndices());
        assertFalse(Arrays.equals(Splits.trainTest(t, 0.2, 1).testIndices(), Splits.trainTest(t, 0.2, 2).testIndices()));
        assertArrayEquals(Splits.trainTest(t, 0.2, 1).stratifiedBy("species").testIndices(),
                Splits.trainTest(t, 0.2, 1).stratifiedBy("species").testIndices());
    }

    @Test
    void threeWayStratifiedSplitPutsEveryClassInEverySet() {
        // 5 samples of class 2 in 60: plain rounding would leave it out of a 10% validation set.
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) y[i] = i < 5 ? 2 : i % 2;
        Split s = Splits.trainValidationTest(60, 0.1, 0.1, 9).stratifiedBy(y);
        assertEquals(6, s.validationIndices().length);
        assertEquals(6, s.testIndices().length);
        assertEquals(48, s.trainIndices().length);
        assertCovers(60, s.trainIndices(), s.validationIndices(), s.testIndices());
        for (int[] part : new int[][] {s.trainIndices(), s.validationIndices(), s.testIndices()}) {
            int[] counts = SplitterGoldenTest.countsInOrderOfFirstAppearance(y, part);
            for (int c : counts) assertTrue(c >= 1, "every class in every set: " + Arrays.toString(counts));
        }
        // A rare class is kept in the test set even where scikit-learn's rounding would drop it (98 + 2, 10% test).
        int[] rare = new int[100];
        rare[3] = 1;
        rare[70] = 1;
        Split r = Splits.trainTest(100, 0.1, 0).stratifiedBy(rare);
        assertEquals(1, Arrays.stream(r.testIndices()).filter(i -> rare[i] == 1).count());
        assertEquals(1, Arrays.stream(r.trainIndices()).filter(i -> rare[i] == 1).count());
    }

    @Test
    void tensorsAreSplitAlongTheSampleAxis() {
        Tensor x = Tensor.arange(40).reshape(20, 2);
        Tensor y = Tensor.of(IntStream.range(0, 20).map(i -> i % 2).toArray());
        Split s = Splits.trainValidationTest(x, 0.25, 0.25, 5).stratifiedBy(y);
        Tensor xTest = s.test(x);
        assertArrayEquals(new int[] {5, 2}, xTest.shape());
        assertArrayEquals(new int[] {10, 2}, s.train(x).shape());
        assertArrayEquals(new int[] {5}, s.validation(y).shape());
        int first = s.testIndices()[0];
        assertArrayEquals(new float[] {2 * first, 2 * first + 1}, Arrays.copyOf(xTest.toFloatArray(), 2));
        assertEquals(s.testIndices()[0] % 2, (int) s.test(y).get(0));
    }

    @Test
    void unshuffledSplitKeepsTheOrder() {
        Split s = Splits.trainValidationTest(10, 0.2, 0.3, 0).shuffle(false);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.trainIndices());
        assertArrayEquals(new int[] {5, 6}, s.validationIndices());
        assertArrayEquals(new int[] {7, 8, 9}, s.testIndices());
        var e = assertThrows(IllegalArgumentException.class, () -> s.stratifiedBy(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
        assertTrue(e.getMessage().contains("remove shuffle(false)"), e.getMessage());
    }

    @Test
    void booleanAndNumericColumnsStratifyToo() {
        Boolean[] b = new Boolean[20];
        double[] d = new double[20];
        for (int i = 0; i < 20; i++) {
            b[i] = i < 4;
            d[i] = i < 4 ? 7 : 3;
        }
        Table t = Table.of(BooleanColumn.of("sick", b), NumericColumn.of("grade", d));
        assertArrayEquals(Splits.trainTest(t, 0.5, 3).stratifiedBy("sick").testIndices(),
                Splits.trainTest(t, 0.5, 3).stratifiedBy("grade").testIndices());
        assertEquals(2, Arrays.stream(Splits.trainTest(t, 0.5, 3).stratifiedBy("sick").testIndices()).filter(i -> i < 4).count());
    }

    @Test
    void aClassWithOneSampleIsNamedWithItsRow() {
        String[] s = {"cat", "dog", "cat", "dog", "emu", "cat", "dog", "cat"};
        Table t = Table.of(CategoricalColumn.of("animal", s));
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(t, 0.25, 0).stratifiedBy("animal"));
        assertTrue(e.getMessage().contains("cannot stratify by column 'animal': class 'emu' has only 1 sample (row 4)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Drop or merge the rare classes, or split without stratification"), e.getMessage());
    }

    @Test
    void fractionsOutsideTheOpenIntervalAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(100, 1.5, 0));
        assertTrue(e.getMessage().contains("testFraction must be in (0, 1), got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(100, 0, 0));
        assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationTest(100, -0.1, 0.2, 0));
        assertTrue(e.getMessage().contains("validationFraction must be in (0, 1), got -0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationTest(100, 0.5, 0.5, 0));
        assertTrue(e.getMessage().contains("validationFraction 0.5 + testFraction 0.5 = 1.0 leaves nothing for training"),
                e.getMessage());
    }

    @Test
    void sizesThatLeaveASetEmptyAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(1, 0.2, 0));
        assertTrue(e.getMessage().contains("1 sample give 1 for testing (ceil(1 x 0.2)), which leaves 0 for training"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationTest(3, 0.4, 0.4, 0));
        assertTrue(e.getMessage().contains("2 for validation"), e.getMessage());
        assertTrue(e.getMessage().contains("use smaller fractions or more data"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(0, 0.2, 0));
        assertTrue(e.getMessage().contains("no samples to split"), e.getMessage());
        // Three classes do not fit in a test set of two samples.
        e = assertThrows(IllegalArgumentException.class,
                () -> Splits.trainTest(10, 0.2, 0).stratifiedBy(new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2}));
        assertTrue(e.getMessage().contains("the test set of 2 samples (testFraction 0.2) cannot hold one sample of each of the 3 classes"),
                e.getMessage());
    }

    @Test
    void misuseSaysWhatToCallInstead() {
        Split s = Splits.trainTest(10, 0.2, 0);
        var e = assertThrows(IllegalStateException.class, () -> s.stratifiedBy("species"));
        assertTrue(e.getMessage().contains("pass the labels themselves: stratifiedBy(y)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, s::validationIndices);
        assertTrue(e.getMessage().contains("Splits.trainValidationTest"), e.getMessage());
        e = assertThrows(IllegalStateException.class, s::train);
        assertTrue(e.getMessage().contains("pick the rows of your data with train(x)"), e.getMessage());
        var a = assertThrows(IllegalArgumentException.class, () -> s.stratifiedBy(new int[9]));
        assertTrue(a.getMessage().contains("got 9 labels for 10 samples"), a.getMessage());
        a = assertThrows(IllegalArgumentException.class, () -> s.test(Tensor.zeros(12, 3)));
        assertTrue(a.getMessage().contains("Splits.trainTest.test: the data has 12 samples but 10 were split"), a.getMessage());
        a = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(flowers(), 0.2, 0).stratifiedBy("specie"));
        assertTrue(a.getMessage().contains("no column 'specie'; did you mean 'species'?"), a.getMessage());
    }
}
