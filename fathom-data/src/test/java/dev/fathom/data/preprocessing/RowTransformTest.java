package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A preprocessor applied row by row writes exactly the features transformToTensor gives for a table. */
class RowTransformTest {
    private static final List<String> COLUMNS = List.of("x", "y", "z");

    private static Table table(double[][] rows) {
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < COLUMNS.size(); j++) {
            double[] v = new double[rows.length];
            for (int r = 0; r < rows.length; r++) v[r] = rows[r][j];
            columns.add(NumericColumn.of(COLUMNS.get(j), v));
        }
        return Table.of(columns);
    }

    private static double[][] rows(int n, long seed, boolean missing) {
        Random random = new Random(seed);
        double[][] rows = new double[n][3];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 3; j++) rows[r][j] = random.nextGaussian() * 100 * (j + 1) - 7;
            if (missing && r % 3 == 0) rows[r][0] = Double.NaN;
            if (missing && r % 5 == 1) rows[r][1] = Double.NaN;
        }
        return rows;
    }

    private static void assertSameFeatures(Preprocessor prep, List<String> order, double[][] rows) {
        RowTransform t = prep.rowTransform(order).orElseThrow();
        assertEquals(prep.featureNames().size(), t.featureCount());
        float[] expected = prep.transformToTensor(table(rows)).toFloatArray();
        float[] actual = new float[rows.length * t.featureCount()];
        for (int r = 0; r < rows.length; r++) {
            double[] given = new double[order.size()];
            for (int j = 0; j < order.size(); j++) given[j] = rows[r][COLUMNS.indexOf(order.get(j))];
            assertTrue(t.transform(given, actual, r * t.featureCount()), "row " + r);
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "feature " + i);
        }
    }

    @Test
    void scalersAndImputersGiveTheTablesFeaturesBitForBit() {
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("y", "x"), new SimpleImputer(SimpleImputer.Strategy.MEAN), new StandardScaler())
                .numeric(List.of("z"), new MinMaxScaler(0, 1, true), new StandardScaler(true, false))
                .build();
        prep.fit(table(rows(50, 1, true)));
        assertSameFeatures(prep, COLUMNS, rows(40, 2, true));
        assertSameFeatures(prep, List.of("z", "y", "x"), rows(40, 3, true));   // the row's order is the caller's
    }

    @Test
    void passthroughColumnsComeLastAndUnchanged() {
        Preprocessor prep = Preprocessor.builder().numeric(List.of("z"), new MinMaxScaler())
                .remainder(Preprocessor.Remainder.PASSTHROUGH).build();
        prep.fit(table(rows(20, 4, false)));
        assertEquals(List.of("z", "x", "y"), prep.featureNames());
        assertSameFeatures(prep, COLUMNS, rows(10, 5, false));
    }

    @Test
    void aMissingValueNothingImputesIsReportedAsTheTableWouldRefuseIt() {
        Preprocessor prep = Preprocessor.builder().numeric(COLUMNS, new StandardScaler()).build();
        prep.fit(table(rows(20, 6, false)));
        RowTransform t = prep.rowTransform(COLUMNS).orElseThrow();
        assertFalse(t.transform(new double[] {1, Double.NaN, 3}, new float[3], 0));
        assertThrows(IllegalArgumentException.class, () -> prep.transformToTensor(table(new double[][] {{1, Double.NaN, 3}})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transform(new double[2], new float[3], 0));
        assertEquals("RowTransform.transform: the row holds 2 values but the preprocessing reads 3 columns; give one value per column,"
                + " in the order given to rowTransform", e.getMessage());
    }

    @Test
    void noRowFormForEncodersOrColumnsTheRowLacks() {
        Table t = table(rows(12, 7, false)).with(CategoricalColumn.of("c", "a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a", "b"));
        Preprocessor encoded = Preprocessor.builder().numeric(COLUMNS, new StandardScaler())
                .categorical(List.of("c"), new OneHotEncoder()).build();
        encoded.fit(t);
        assertTrue(encoded.rowTransform(List.of("x", "y", "z", "c")).isEmpty());
        Preprocessor scaled = Preprocessor.builder().numeric(COLUMNS, new StandardScaler()).build();
        scaled.fit(t);
        assertTrue(scaled.rowTransform(List.of("x", "y")).isEmpty(), "z is not in the row");
        assertArrayEquals(new int[] {3}, new int[] {scaled.rowTransform(COLUMNS).orElseThrow().inputCount()});
        IllegalStateException unfitted = assertThrows(IllegalStateException.class,
                () -> Preprocessor.builder().numeric(COLUMNS, new StandardScaler()).build().rowTransform(COLUMNS));
        assertTrue(unfitted.getMessage().startsWith("Preprocessor.rowTransform: the preprocessor is not fitted yet"), unfitted.getMessage());
    }
}
