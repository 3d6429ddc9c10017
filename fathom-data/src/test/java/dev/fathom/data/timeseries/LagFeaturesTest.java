package dev.fathom.data.timeseries;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagFeaturesTest {
    private static final Table SERIES = Table.of(
            NumericColumn.of("year", 2000, 2001, 2002, 2003, 2004, 2005),
            NumericColumn.of("sales", 10, 11, 12, 13, 14, 15),
            NumericColumn.of("price", 1.0, 1.5, Double.NaN, 2.5, 3.0, 3.5),
            CategoricalColumn.of("shop", "a", "a", "b", "b", "a", "b"));

    @Test
    void eachRowHoldsThePastValuesOldestFirstThenTheKeptColumnsAtItsStep() {
        Table lagged = LagFeatures.of(SERIES, List.of("sales", "price"), 2, "year", "sales");
        assertEquals(List.of("sales[t-2]", "price[t-2]", "sales[t-1]", "price[t-1]", "year", "sales"), lagged.columnNames());
        assertEquals(4, lagged.rowCount());   // the first 2 steps lack a full past
        assertArrayEquals(new double[] {10, 11, 12, 13}, lagged.numeric("sales[t-2]").values());
        assertArrayEquals(new double[] {11, 12, 13, 14}, lagged.numeric("sales[t-1]").values());
        assertArrayEquals(new double[] {1.5, Double.NaN, 2.5, 3.0}, lagged.numeric("price[t-1]").values());   // missing stays missing
        assertArrayEquals(new double[] {2002, 2003, 2004, 2005}, lagged.numeric("year").values());
        assertArrayEquals(new double[] {12, 13, 14, 15}, lagged.numeric("sales").values());
    }

    @Test
    void aRowReadAsLagsByVariablesIsTheWindowOldestFirst() {
        Table lagged = LagFeatures.of(SERIES, List.of("sales", "year"), 3);
        float[] x = lagged.toTensor().toFloatArray();   // [3 rows, 3 lags * 2 variables]
        // row 0 forecasts step 3: steps 0, 1, 2 of (sales, year)
        assertArrayEquals(new float[] {10, 2000, 11, 2001, 12, 2002}, java.util.Arrays.copyOf(x, 6));
        assertEquals("sales[t-1]", LagFeatures.name("sales", 1));
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> LagFeatures.of(SERIES, List.of("shop"), 1));
        assertTrue(text.getMessage().contains("column 'shop' is categorical; lag features take past values of numeric columns only"),
                text.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> LagFeatures.of(SERIES, List.of("sales"), 6));
        assertTrue(tooMany.getMessage().startsWith("6 lags need more than 6 rows, the table has 6"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LagFeatures.of(SERIES, List.of("sales"), 0));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LagFeatures.of(SERIES, List.of("sale"), 1));
        assertTrue(unknown.getMessage().contains("sales"), unknown.getMessage());
    }

    @Test
    void theNextRowHoldsTheLastValuesForTheStepAfterTheTable() {
        Table next = LagFeatures.next(SERIES, List.of("sales", "price"), 2);
        assertEquals(List.of("sales[t-2]", "price[t-2]", "sales[t-1]", "price[t-1]"), next.columnNames());
        assertEquals(1, next.rowCount());
        assertArrayEquals(new float[] {14, 3.0f, 15, 3.5f}, next.toTensor().toFloatArray());
    }

    @Test
    void rowsAreSortedByTimeAndRepeatedOrMissingTimesRefused() {
        Table shuffled = SERIES.rows(new int[] {3, 0, 5, 1, 4, 2});
        Table ordered = LagFeatures.inTimeOrder(shuffled, "year");
        assertArrayEquals(SERIES.numeric("sales").values(), ordered.numeric("sales").values());
        assertTrue(LagFeatures.inTimeOrder(SERIES, "year") == SERIES, "a table already in order comes back as it is");
        Table repeated = SERIES.with(NumericColumn.of("year", 2000, 2001, 2002, 2001, 2004, 2005));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> LagFeatures.inTimeOrder(repeated, "year"));
        assertTrue(dup.getMessage().startsWith("the time column 'year' has the value 2001 in rows 2 and 4"), dup.getMessage());
        Table missing = SERIES.with(NumericColumn.of("year", 2000, Double.NaN, 2002, 2003, 2004, 2005));
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> LagFeatures.inTimeOrder(missing, "year"));
        assertTrue(gap.getMessage().startsWith("the time column 'year' is missing in row 2"), gap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LagFeatures.inTimeOrder(SERIES, "shop"));
    }
}
