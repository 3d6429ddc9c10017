package dev.fathom.data.split;

import dev.fathom.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Folds and split sizes against scikit-learn, from {@code src/test/python/make_golden_splits.py}:
 * the exact index sets of KFold, StratifiedKFold (unshuffled), TimeSeriesSplit and LeaveOneOut,
 * train_test_split's sizes, and StratifiedShuffleSplit's per-class test counts where scikit-learn's
 * are not decided by a random tie-break.
 */
class SplitterGoldenTest {
    private static final List<Golden.Case> CASES = Golden.load("/golden/splits/splits.txt");

    @TestFactory
    List<DynamicTest> foldsMatchScikitLearn() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : CASES) {
            String name = c.name();
            if (name.startsWith("kfold.")) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertFolds(c, new KFold((int) c.num("k")).split((int) c.num("n")))));
            } else if (name.startsWith("stratified.")) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertFolds(c, new StratifiedKFold((int) c.num("k")).split(c.ints("y")))));
            } else if (name.startsWith("timeseries.")) {
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    TimeSeriesSplit s = new TimeSeriesSplit((int) c.num("k")).gap((int) c.num("gap"));
                    if (c.num("max_train_size") > 0) s = s.maxTrainSize((int) c.num("max_train_size"));
                    if (c.num("test_size") > 0) s = s.testSize((int) c.num("test_size"));
                    assertFolds(c, s.split((int) c.num("n")));
                }));
            } else if (name.startsWith("loo.")) {
                tests.add(DynamicTest.dynamicTest(name, () -> assertFolds(c, new LeaveOneOut().split((int) c.num("n")))));
            }
        }
        assertEquals(24, tests.size(), "fold cases in the fixture");
        return tests;
    }

    private static void assertFolds(Golden.Case c, List<Fold> folds) {
        assertEquals((int) c.num("folds"), folds.size(), c.name() + ": number of folds");
        for (int i = 0; i < folds.size(); i++) {
            assertEquals(i, folds.get(i).index());
            assertArrayEquals(c.ints("fold" + i + ".train"), folds.get(i).trainIndices(), c.name() + ": fold " + i + " train");
            assertArrayEquals(c.ints("fold" + i + ".test"), folds.get(i).testIndices(), c.name() + ": fold " + i + " test");
        }
    }

    @TestFactory
    List<DynamicTest> splitSizesMatchTrainTestSplit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : CASES) {
            if (!c.name().startsWith("sizes.")) continue;
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Split s = Splits.trainTest((int) c.num("n"), c.num("test_size"), 3);
                assertEquals((int) c.num("train"), s.trainIndices().length, "train size");
                assertEquals((int) c.num("test"), s.testIndices().length, "test size");
            }));
        }
        assertEquals(42, tests.size(), "size cases in the fixture");
        return tests;
    }

    @TestFactory
    List<DynamicTest> stratifiedCountsMatchStratifiedShuffleSplit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : CASES) {
            if (!c.name().startsWith("strata.")) continue;
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                int[] y = c.ints("y");
                for (long seed = 0; seed < 5; seed++) {
                    Split s = Splits.trainTest(y.length, c.num("test_size"), seed).stratifiedBy(y);
                    assertArrayEquals(c.ints("test_counts"), countsInOrderOfFirstAppearance(y, s.testIndices()),
                            "per-class test counts with seed " + seed);
                }
            }));
        }
        assertEquals(true, tests.size() >= 6, "strata cases in the fixture: " + tests.size());
        return tests;
    }

    static int[] countsInOrderOfFirstAppearance(int[] y, int[] rows) {
        int[] order = Arrays.stream(y).distinct().toArray();
        int[] counts = new int[order.length];
        for (int r : rows) {
            for (int k = 0; k < order.length; k++) if (order[k] == y[r]) counts[k]++;
        }
        return counts;
    }
}
