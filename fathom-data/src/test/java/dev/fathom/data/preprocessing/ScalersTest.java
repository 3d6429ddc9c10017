package dev.fathom.data.preprocessing;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalersTest {
    private static final Table TRAIN = Table.of(NumericColumn.of("age", 22, 38, 26, 35), NumericColumn.of("fare", 7, 7, 7, 7),
            CategoricalColumn.of("sex", "m", "f", "f", "m"));

    @Test
    void standardScalerUsesTrainingStatisticsOnNewData() {
        StandardScaler s = new StandardScaler().fit(TRAIN.select("age", "fare"));
        assertArrayEquals(new double[] {30.25, 7}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {42.1875, 0}, s.var(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(42.1875), 1}, s.scale(), 1e-12, "a constant column is scaled by 1, not 0");
        Table test = s.transform(Table.of(NumericColumn.of("age", 30.25, Double.NaN), NumericColumn.of("fare", 9, 7)));
        assertArrayEquals(new double[] {0, Double.NaN}, test.numeric("age").values(), 0, "missing stays missing");
        assertArrayEquals(new double[] {2, 0}, test.numeric("fare").values(), 0);
        Table back = s.inverseTransform(test);
        assertArrayEquals(new double[] {30.25, Double.NaN}, back.numeric("age").values(), 1e-12);
    }

    @Test
    void standardScalerOptionsAndOtherColumnTypes() {
        Table t = Table.of(BooleanColumn.of("b", true, false, true, true),
                DateColumn.of("d", LocalDate.of(1970, 1, 1), LocalDate.of(1970, 1, 3), LocalDate.of(1970, 1, 3), null));
        StandardScaler noMean = new StandardScaler(false, true).fit(t);
        assertArrayEquals(new double[] {0.75, 4.0 / 3}, noMean.mean(), 1e-12, "booleans as 0/1, dates as epoch days");
        Table out = noMean.transform(t);
        assertEquals(1 / Math.sqrt(0.1875), out.numeric("b").get(0), 1e-12);
        assertTrue(out.numeric("d").isMissing(3));
        Table centeredOnly = new StandardScaler(true, false).fitTransform(t.select("b"));
        assertArrayEquals(new double[] {0.25, -0.75, 0.25, 0.25}, centeredOnly.numeric("b").values(), 1e-12);
    }

    @Test
    void columnsNotFittedPassThroughInPlace() {
        StandardScaler s = new StandardScaler().fit(TRAIN.select("age"));
        Table out = s.transform(TRAIN);
        assertEquals(List.of("age", "fare", "sex"), out.columnNames());
        assertEquals(TRAIN.column("sex"), out.column("sex"));
    }

    @Test
    void aCategoricalColumnGivenToAScalerSaysToEncodeIt() {
        for (Transformer t : List.of(new StandardScaler(), new MinMaxScaler(), new PixelScaler())) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.fit(TRAIN));
            assertTrue(e.getMessage().contains("column 'sex' is categorical") && e.getMessage().contains("encode it first")
                    && e.getMessage().contains("OneHotEncoder"), e.getMessage());
            assertFalse(t.isFitted(), "a failed fit leaves the step unfitted");
        }
    }

    @Test
    void transformBeforeFitIsMisuse() {
        for (Transformer t : List.of(new StandardScaler(), new MinMaxScaler(), new PixelScaler(), new OneHotEncoder(),
                new OrdinalEncoder(), new SimpleImputer(SimpleImputer.Strategy.MEAN))) {
            var e = assertThrows(IllegalStateException.class, () -> t.transform(TRAIN));
            assertTrue(e.getMessage().contains(t.type() + ".transform") && e.getMessage().contains("not fitted")
                    && e.getMessage().contains("fit(trainingTable)"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> new StandardScaler().mean());
        assertThrows(IllegalStateException.class, () -> new StandardScaler().inverseTransform(TRAIN));
    }

    @Test
    void aMissingColumnAtTransformIsNamedWithTheClosestOne() {
        StandardScaler s = new StandardScaler().fit(TRAIN.select("age", "fare"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> s.transform(Table.of(NumericColumn.of("Age", 1), NumericColumn.of("fare", 2))));
        assertTrue(e.getMessage().contains("no column 'age' (did you mean 'Age'?)")
                && e.getMessage().contains("fitted on [age, fare]"), e.getMessage());
    }

    @Test
    void fitNeedsRowsAndValues() {
        var empty = assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(TRAIN.first(0)));
        assertTrue(empty.getMessage().contains("0 rows"), empty.getMessage());
        var allMissing = assertThrows(IllegalArgumentException.class,
                () -> new MinMaxScaler().fit(Table.of(NumericColumn.of("x", Double.NaN, Double.NaN))));
        assertTrue(allMissing.getMessage().contains("column 'x' has no values (all 2 are missing)"), allMissing.getMessage());
    }

    @Test
    void minMaxScalerRangeAndClip() {
        Table train = Table.of(NumericColumn.of("x", 5, 10, 25), NumericColumn.of("c", 3, 3, 3));
        MinMaxScaler s = new MinMaxScaler(-1, 1, false).fit(train);
        Table out = s.transform(Table.of(NumericColumn.of("x", 5, 15, 45), NumericColumn.of("c", 3, 4, 3)));
        assertArrayEquals(new double[] {-1, 0, 3}, out.numeric("x").values(), 1e-12, "beyond the training range without clip");
        assertArrayEquals(new double[] {-1, 1, -1}, out.numeric("c").values(), 1e-12, "a constant column is scaled by the range");
        MinMaxScaler clipped = new MinMaxScaler(0, 1, true).fit(train);
        assertArrayEquals(new double[] {0, 1}, clipped.transform(Table.of(NumericColumn.of("x", -100, 100), NumericColumn.of("c", 3, 3)))
                .numeric("x").values(), 0);
        assertArrayEquals(new double[] {5, 15}, s.inverseTransform(Table.of(NumericColumn.of("x", -1, 0))).numeric("x").values(), 1e-12);
        var bad = assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1, false));
        assertTrue(bad.getMessage().contains("min < max"), bad.getMessage());
    }

    @Test
    void pixelScalerDividesByTheFormatMaximumAndChecksTheRange() {
        Table pixels = Table.of(NumericColumn.of("p0", 0, 51, 255), NumericColumn.of("p1", 255, 0, 0));
        PixelScaler s = new PixelScaler().fit(pixels.select("p0"));
        Table out = s.transform(pixels);
        assertArrayEquals(new double[] {0, 0.2, 1}, out.numeric("p0").values(), 1e-12);
        assertArrayEquals(new double[] {255, 0, 0}, out.numeric("p1").values(), 0, "not fitted on p1");
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Table.of(NumericColumn.of("p0", 3, 300))));
        assertTrue(e.getMessage().contains("column 'p0' at row 1 is 300, outside the pixel range [0, 255]")
                && e.getMessage().contains("PixelScaler(65535)"), e.getMessage());
        assertArrayEquals(new double[] {0.5}, new PixelScaler(65535).fitTransform(Table.of(NumericColumn.of("p", 32767.5)))
                .numeric("p").values(), 1e-12);

        Tensor images = new PixelScaler().scale(Tensor.of(new int[] {0, 51, 255, 102}, 2, 2));
        assertArrayEquals(new int[] {2, 2}, images.shape());
        assertArrayEquals(new float[] {0, 0.2f, 1, 0.4f}, images.toFloatArray(), 1e-7f);
        var t = assertThrows(IllegalArgumentException.class, () -> new PixelScaler().scale(Tensor.of(new float[] {1, -2}, 2)));
        assertTrue(t.getMessage().contains("element 1 of the [2] tensor is -2.0"), t.getMessage());
    }
}
