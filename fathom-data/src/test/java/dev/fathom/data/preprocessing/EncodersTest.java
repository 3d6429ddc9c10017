package dev.fathom.data.preprocessing;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodersTest {
    private static final Table TRAIN = Table.of(CategoricalColumn.of("sex", "male", "female", "male"),
            NumericColumn.of("pclass", 3, 1, 10), NumericColumn.of("age", 22, 38, 26));

    @Test
    void oneHotMakesOneSortedColumnPerCategoryInPlace() {
        OneHotEncoder enc = new OneHotEncoder().fit(TRAIN.select("sex", "pclass"));
        assertEquals(List.of(List.of("female", "male"), List.of("1", "3", "10")), enc.categories(), "numbers sort by value");
        Table out = enc.transform(TRAIN);
        assertEquals(List.of("sex=female", "sex=male", "pclass=1", "pclass=3", "pclass=10", "age"), out.columnNames());
        assertArrayEquals(new double[] {0, 1, 0}, out.numeric("sex=female").values(), 0);
        assertArrayEquals(new double[] {0, 0, 1}, out.numeric("pclass=10").values(), 0);
        Table bools = new OneHotEncoder().fitTransform(Table.of(BooleanColumn.of("alone", true, false)));
        assertEquals(List.of("alone=false", "alone=true"), bools.columnNames());
    }

    @Test
    void anUnseenCategoryIsAnErrorNamingColumnRowAndValue() {
        OneHotEncoder enc = new OneHotEncoder().fit(TRAIN.select("sex"));
        var e = assertThrows(IllegalArgumentException.class, () -> enc.transform(Table.of(CategoricalColumn.of("sex", "male", "Male"))));
        assertTrue(e.getMessage().contains("OneHotEncoder.transform: column 'sex' at row 1 has category 'Male' (did you mean 'male'?)")
                && e.getMessage().contains("not seen in fit") && e.getMessage().contains("[female, male]")
                && e.getMessage().contains("HandleUnknown.IGNORE"), e.getMessage());
        var ordinal = assertThrows(IllegalArgumentException.class,
                () -> new OrdinalEncoder().fit(TRAIN.select("sex")).transform(Table.of(CategoricalColumn.of("sex", "other"))));
        assertTrue(ordinal.getMessage().contains("column 'sex' at row 0 has category 'other'")
                && ordinal.getMessage().contains("USE_ENCODED_VALUE, -1"), ordinal.getMessage());
    }

    @Test
    void ignoredUnknownsAreAllZerosAndReservedCodesAreUsed() {
        Table test = Table.of(CategoricalColumn.of("sex", "female", "other", null));
        Table hot = new OneHotEncoder(HandleUnknown.IGNORE).fit(TRAIN.select("sex")).transform(test);
        assertArrayEquals(new double[] {1, 0, 0}, hot.numeric("sex=female").values(), 0);
        assertArrayEquals(new double[] {0, 0, 0}, hot.numeric("sex=male").values(), 0);
        Table codes = new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1).fit(TRAIN.select("sex")).transform(test);
        assertArrayEquals(new double[] {0, -1, Double.NaN}, codes.numeric("sex").values(), 0, "missing stays missing");
        Table reserved = new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, 2).fit(TRAIN.select("sex")).transform(test);
        assertEquals(2, reserved.numeric("sex").get(1), "a code after the categories");
    }

    @Test
    void aReservedCodeMayNotBeACategorysCode() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, 1).fit(TRAIN.select("sex")));
        assertTrue(e.getMessage().contains("unknownValue 1 is also the code of category 'male' of column 'sex'")
                && e.getMessage().contains("reserve -1 or a code >= 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OneHotEncoder(HandleUnknown.USE_ENCODED_VALUE));
        var ignore = assertThrows(IllegalArgumentException.class, () -> new OrdinalEncoder(HandleUnknown.IGNORE, -1));
        assertTrue(ignore.getMessage().contains("IGNORE is for OneHotEncoder"), ignore.getMessage());
    }

    @Test
    void missingValuesMustBeImputedBeforeOneHot() {
        Table t = Table.of(CategoricalColumn.of("port", "S", null, "C"));
        var e = assertThrows(IllegalArgumentException.class, () -> new OneHotEncoder().fit(t));
        assertTrue(e.getMessage().contains("column 'port' at row 1 is missing") && e.getMessage().contains("SimpleImputer"),
                e.getMessage());
        OneHotEncoder ignoring = new OneHotEncoder(HandleUnknown.IGNORE).fit(t);
        assertEquals(List.of(List.of("C", "S")), ignoring.categories(), "missing is not a category");
        OneHotEncoder strict = new OneHotEncoder().fit(t.rows(new int[] {0, 2}));
        var atTransform = assertThrows(IllegalArgumentException.class, () -> strict.transform(t));
        assertTrue(atTransform.getMessage().contains("column 'port' at row 1 is missing"), atTransform.getMessage());
    }

    @Test
    void ordinalCodesFollowTheSortedCategories() {
        OrdinalEncoder enc = new OrdinalEncoder().fit(Table.of(CategoricalColumn.of("size", "S", "M", "L", "M")));
        assertEquals(List.of(List.of("L", "M", "S")), enc.categories());
        assertArrayEquals(new double[] {2, 1, 0}, enc.transform(Table.of(CategoricalColumn.of("size", "S", "M", "L")))
                .numeric("size").values(), 0);
    }

    @Test
    void categoriesAreThoseInTheDataNotTheColumnsLevels() {
        Table full = Table.of(CategoricalColumn.of("c", "a", "b", "z"));
        Table train = full.rows(new int[] {0, 1});   // keeps the level 'z' in the column, but no row has it
        assertEquals(List.of(List.of("a", "b")), new OneHotEncoder().fit(train).categories());
    }
}
