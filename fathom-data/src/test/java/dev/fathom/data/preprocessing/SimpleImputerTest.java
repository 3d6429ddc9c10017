package dev.fathom.data.preprocessing;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.SimpleImputer.Strategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleImputerTest {
    private static final double NA = Double.NaN;
    private static final Table TRAIN = Table.of(NumericColumn.of("x", 1, NA, 2, 2, 9, 1),
            CategoricalColumn.of("port", "S", null, "C", "C", "S", "Q"));

    @Test
    void eachStrategyFillsWithItsStatistic() {
        Table x = TRAIN.select("x");
        assertEquals(List.of(3.0), new SimpleImputer(Strategy.MEAN).fit(x).statistics());
        assertEquals(List.of(2.0), new SimpleImputer(Strategy.MEDIAN).fit(x).statistics());
        assertEquals(List.of(1.0), new SimpleImputer(Strategy.MOST_FREQUENT).fit(x).statistics(), "a tie takes the smallest");
        assertEquals(List.of(-1.0), SimpleImputer.constant(-1).fit(x).statistics());
        assertEquals(List.of(1.5), new SimpleImputer(Strategy.MEDIAN).fit(Table.of(NumericColumn.of("x", 2, 1, NA))).statistics(),
                "an even count takes the mean of the middle two");
        Table test = new SimpleImputer(Strategy.MEDIAN).fit(x).transform(Table.of(NumericColumn.of("x", NA, 5, NA)));
        assertArrayEquals(new double[] {2, 5, 2}, test.numeric("x").values(), 0, "the training median, not the test one");
    }

    @Test
    void categoricalColumnsTakeMostFrequentOrAConstant() {
        Table port = TRAIN.select("port");
        SimpleImputer mf = new SimpleImputer(Strategy.MOST_FREQUENT).fit(port);
        assertEquals(List.of("C"), mf.statistics(), "C and S tie; the smaller text wins, as in scikit-learn");
        Table out = mf.transform(Table.of(CategoricalColumn.of("port", null, "Q")));
        assertEquals("C", out.categorical("port").get(0));
        assertEquals("Q", out.categorical("port").get(1));
        assertEquals("missing_value", new SimpleImputer(Strategy.CONSTANT).fitTransform(port).categorical("port").get(1));
        assertEquals("unknown", SimpleImputer.constant("unknown").fitTransform(port).categorical("port").get(1));
    }

    @Test
    void meanOfTextIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SimpleImputer(Strategy.MEAN).fit(TRAIN));
        assertTrue(e.getMessage().contains("column 'port' is categorical") && e.getMessage().contains("Strategy.MOST_FREQUENT"),
                e.getMessage());
    }

    @Test
    void theColumnTypeMustStayTheSame() {
        SimpleImputer mf = new SimpleImputer(Strategy.MOST_FREQUENT).fit(TRAIN);
        var e = assertThrows(IllegalArgumentException.class,
                () -> mf.transform(Table.of(NumericColumn.of("x", 1), NumericColumn.of("port", 1))));
        assertTrue(e.getMessage().contains("column 'port' was categorical in fit") && e.getMessage().contains("is numeric now"),
                e.getMessage());
        var other = assertThrows(IllegalArgumentException.class,
                () -> mf.transform(Table.of(CategoricalColumn.of("x", "a"), CategoricalColumn.of("port", "S"))));
        assertTrue(other.getMessage().contains("column 'x' was numeric in fit"), other.getMessage());
    }

    @Test
    void booleansAreImputedAsNumbersAndAllMissingColumnsNeedAConstant() {
        Table b = Table.of(BooleanColumn.of("smoker", true, null, true, false));
        assertArrayEquals(new double[] {1, 1, 1, 0}, new SimpleImputer(Strategy.MOST_FREQUENT).fitTransform(b).numeric("smoker").values(), 0);
        Table empty = Table.of(NumericColumn.of("x", NA, NA));
        var e = assertThrows(IllegalArgumentException.class, () -> new SimpleImputer(Strategy.MEDIAN).fit(empty));
        assertTrue(e.getMessage().contains("no values (all 2 are missing)") && e.getMessage().contains("SimpleImputer.constant"),
                e.getMessage());
        assertArrayEquals(new double[] {7, 7}, SimpleImputer.constant(7).fitTransform(empty).numeric("x").values(), 0);
    }
}
