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
}
