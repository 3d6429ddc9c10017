package dev.fathom.data.timeseries;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingWindowsTest {
    private static final Map<String, Golden.Case> GOLDEN = Golden.load("/golden/timeseries/windows.txt").stream()
            .collect(Collectors.toMap(Golden.Case::name, Function.identity()));

    /** Yearly sunspot activity 1700-2008 from the committed copy of statsmodels' CSV: [years, values]. */
    static double[][] sunspots() throws IOException {
        try (InputStream in = SlidingWindowsTest.class.getResourceAsStream("/golden/timeseries/sunspots.csv")) {
            List<String> rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("YEAR")).toList();
            double[][] out = new double[2][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                String[] cells = rows.get(i).split(",");
                out[0][i] = Double.parseDouble(cells[0]);
                out[1][i] = Double.parseDouble(cells[1]);
            }
            return out;
        }
    }

    private static void assertWindows(Golden.Case k, String prefix, Windows w) {
        assertArrayEquals(k.ints(prefix + "x.shape"), w.x().shape(), k.name() + " x shape");
        assertArrayEquals(k.ints(prefix + "y.shape"), w.y().shape(), k.name() + " y shape");
        assertEquals(DType.FLOAT32, w.x().dtype());
        assertArrayEquals(toFloats(k.nums(prefix + "x")), w.x().toFloatArray(), k.name() + " x");
        assertArrayEquals(toFloats(k.nums(prefix + "y")), w.y().toFloatArray(), k.name() + " y");
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Test
    void cutsTheWindowsNumpysSlidingWindowViewCuts() {
        for (String name : List.of("multivariate", "multivariate_one_target", "univariate")) {
            Golden.Case k = GOLDEN.get(name);
            Tensor series = k.tensor("series", "series.shape", DType.FLOAT32);
            SlidingWindows sw = SlidingWindows.of((int) k.num("lookback"), (int) k.num("horizon"))
                    .stride((int) k.num("stride")).gap((int) k.num("gap")).targets(k.ints("targets"));
            Windows w = sw.apply(series);
            assertWindows(k, "", w);
            assertEquals(sw.count(series.shape(0)), w.count());
            for (int i = 0; i < w.count(); i++) assertEquals(i * sw.stride(), w.starts()[i]);
        }
    }

    @Test
    void aUnivariateSeriesTargetsItselfByDefault() {
        Golden.Case k = GOLDEN.get("univariate");
        Windows w = SlidingWindows.of(5, 1).apply(k.tensor("series", "series.shape", DType.FLOAT32));
        assertWindows(k, "", w);
        Tensor grid = Tensor.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, 5, 2);
        Windows both = SlidingWindows.of(2, 2).apply(grid);
        assertArrayEquals(new int[] {2, 2, 2}, both.y().shape(), "all features are targets by default");
        assertArrayEquals(new float[] {20, 21, 30, 31, 30, 31, 40, 41}, both.y().toFloatArray());
    }

    @Test
    void windowsTheSunspotSeriesAsNumpy() throws IOException {
        double[][] data = sunspots();
        assertEquals(309, data[1].length);
        assertEquals(1700, data[0][0]);
        Golden.Case k = GOLDEN.get("sunspots");
        Windows w = SlidingWindows.of(11, 3).apply(Tensor.of(data[1]));
        assertWindows(k, "", w);
        assertEquals(DType.FLOAT32, w.y().dtype(), "float64 series give float32 windows");

        Table table = Table.of(NumericColumn.of("YEAR", data[0]), NumericColumn.of("SUNACTIVITY", data[1]));
        Windows byName = SlidingWindows.of(11, 3).targets("SUNACTIVITY").apply(table);
        assertArrayEquals(new int[] {296, 11, 2}, byName.x().shape(), "both columns are inputs");
        assertArrayEquals(w.y().toFloatArray(), byName.y().toFloatArray());
        assertEquals(1700 + 11, byName.x().get(11, 0, 0), 0, "window 11 starts in 1711");
    }

    @Test
    void splitsByTimeAsSlicingThenWindowing() throws IOException {
        double[] spots = sunspots()[1];
        Golden.Case k = GOLDEN.get("sunspots_split");
        int[] cuts = k.ints("cuts");
        SlidingWindows sw = SlidingWindows.of(11, 3);
        for (String mode : List.of("disjoint", "context")) {
            TimeSplit split = TimeSplit.fractions(0.7, 0.2, 0.1).inputsFromEarlierParts(mode.equals("context"));
            WindowSplit parts = sw.split(Tensor.of(spots), split);
            assertTrue(parts.hasTest());
            Windows[] all = {parts.train(), parts.validation(), parts.test()};
            String[] names = {"train", "validation", "test"};
            int[] begin = {0, cuts[0], cuts[1]};
            int[] end = {cuts[0], cuts[1], spots.length};
            for (int p = 0; p < 3; p++) {
                assertWindows(k, mode + "." + names[p] + ".", all[p]);
                int[] starts = all[p].starts();
                assertEquals((int) k.num(mode + "." + names[p] + ".first"), starts[0], mode + " " + names[p]);
                for (int s : starts) {
                    int firstTarget = s + sw.lookback();
                    assertTrue(firstTarget >= begin[p] && firstTarget + sw.horizon() <= end[p], "targets inside the part");
                    if (mode.equals("disjoint")) assertTrue(s >= begin[p], "inputs inside the part");
                }
            }
            // No look-ahead: every training window ends before the first validation step.
            int lastTrain = parts.train().starts()[parts.train().count() - 1];
            assertTrue(lastTrain + sw.windowLength() <= cuts[0]);
            if (mode.equals("context")) {
                assertEquals(cuts[0], parts.validation().starts()[0] + sw.lookback(), "the first validation targets start at the cut");
            }
        }
    }

    @Test
    void splitsAtTimeStepsAndWithoutTestPart() {
        float[] v = new float[100];
        for (int i = 0; i < 100; i++) v[i] = i;
        Tensor series = Tensor.of(v);
        WindowSplit two = SlidingWindows.of(4, 2).stride(3).split(series, TimeSplit.at(80));
        assertFalse(two.hasTest());
        assertNull(two.test());
        assertArrayEquals(new int[] {80, 83, 86, 89, 92}, two.validation().starts(), "every third start while a window fits (95 + 6 > 100)");
        assertEquals(72, two.train().starts()[two.train().count() - 1], "stride 3 from 0: 72 + 6 <= 80 < 75 + 6");
        WindowSplit three = SlidingWindows.of(4, 2).split(series, TimeSplit.at(60, 80).inputsFromEarlierParts(true));
        assertEquals(56, three.validation().starts()[0]);
        assertEquals(60f, three.validation().y().get(0, 0), 0);
        assertEquals(80f, three.test().y().get(0, 0), 0);
        assertEquals(79f, three.validation().y().get(three.validation().count() - 1, 1), 0, "the last validation target is step 79");
        assertTrue(two.toString().startsWith("train "), two.toString());
    }

    @Test
    void windowsSeveralSeriesWithoutCrossingFromOneToTheNext() {
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3, 4, 5});
        Tensor b = Tensor.of(new float[] {100, 101, 102, 103});
        Windows w = SlidingWindows.of(2, 1).apply(List.of(a, b));
        assertEquals(4 + 2, w.count());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, w.series());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1}, w.starts());
        assertArrayEquals(new float[] {2, 3, 4, 5, 102, 103}, w.y().toFloatArray());
        assertEquals(101f, w.x().get(4, 1, 0), 0);
        WindowSplit parts = SlidingWindows.of(2, 1).split(List.of(a.concat(0, a, a), b.concat(0, b, b)), TimeSplit.fractions(0.5, 0.5));
        assertEquals(Arrays.stream(parts.validation().series()).distinct().count(), 2, "each series split at its own half");
    }

    @Test
    void gapSkipsStepsBetweenInputsAndTargets() {
        float[] v = new float[10];
        for (int i = 0; i < 10; i++) v[i] = i;
        Windows w = SlidingWindows.of(3, 1).gap(2).apply(Tensor.of(v));
        assertEquals(5, w.count());
        assertArrayEquals(new float[] {0, 1, 2}, w.x().select(0, 0).toFloatArray());
        assertEquals(5f, w.y().get(0, 0), 0, "inputs 0..2, skip 3 and 4, target 5");
        assertEquals(0, SlidingWindows.of(3, 1).gap(2).count(5));
        assertEquals(3, SlidingWindows.of(3, 1).stride(2).count(8), "starts 0, 2, 4");
    }

    @Test
    void errorsSayWhatIsWrongAndHowToFixIt() {
        Tensor ten = Tensor.zeros(10, 2);
        var tooShort = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(8, 2).gap(1).apply(ten));
        assertTrue(tooShort.getMessage().contains("the series has 10 time steps but one window needs lookback 8 + gap 1 + horizon 2 = 11 steps")
                && tooShort.getMessage().contains("shorter lookback"), tooShort.getMessage());
        var second = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 2).apply(List.of(ten, Tensor.zeros(4, 2))));
        assertTrue(second.getMessage().contains("series 1 has 4 time steps"), second.getMessage());
        var sizes = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(0, 2));
        assertTrue(sizes.getMessage().contains("must be >= 1, got lookback 0"), sizes.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 2).stride(0)).getMessage().contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 2).gap(-1)).getMessage().contains(">= 0"));
        var target = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 2).targets(2).apply(ten));
        assertTrue(target.getMessage().contains("target feature 2 is out of range: the series has 2 features (0..1)"), target.getMessage());
        var named = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 2).targets("temp").apply(ten));
        assertTrue(named.getMessage().contains("need a Table") && named.getMessage().contains("targets(0, 2)"), named.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 2).apply(Tensor.zeros(5, 2, 2)));
        assertTrue(rank.getMessage().contains("[5, 2, 2]") && rank.getMessage().contains("[time, features]"), rank.getMessage());
        var features = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(2, 2).apply(List.of(ten, Tensor.zeros(10, 3))));
        assertTrue(features.getMessage().contains("series 1 has 3 features but series 0 has 2"), features.getMessage());

        Table table = Table.of(NumericColumn.of("temp", 1, 2, 3, 4, 5, 6), CategoricalColumn.of("site", "a", "a", "a", "b", "b", "b"));
        var typo = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 1).targets("tmep").apply(table));
        assertTrue(typo.getMessage().contains("no column 'tmep'") && typo.getMessage().contains("did you mean 'temp'"), typo.getMessage());
        var categorical = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 1).targets("temp").apply(table));
        assertTrue(categorical.getMessage().contains("'site' is categorical"), categorical.getMessage());

    }

    @Test
    void aPartTooShortForAWindowIsNamed() {
        var part = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(8, 2).split(Tensor.zeros(60), TimeSplit.fractions(0.7, 0.15, 0.15)));
        assertTrue(part.getMessage().contains("the validation part of the series (steps [42, 51), 9 steps) is too short for one window"
                + " of lookback 8 + horizon 2 = 10 steps") && part.getMessage().contains("inputsFromEarlierParts(true)"), part.getMessage());
        WindowSplit fixed = SlidingWindows.of(8, 2).split(Tensor.zeros(60), TimeSplit.fractions(0.7, 0.15, 0.15).inputsFromEarlierParts(true));
        assertEquals(8, fixed.validation().count(), "targets starting at 42..49");
        var sum = assertThrows(IllegalArgumentException.class, () -> TimeSplit.fractions(0.7, 0.2));
        assertTrue(sum.getMessage().contains("must sum to 1"), sum.getMessage());
        var past = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(2, 1).split(Tensor.zeros(50), TimeSplit.at(30, 50)));
        assertTrue(past.getMessage().contains("has 50 time steps, so it cannot be cut at 30 and 50"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.at(40, 40));
    }
}
