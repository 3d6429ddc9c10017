package dev.fathom.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code head} and a REPL print for a table: names, types, the first rows, the size. */
class TableHeadTest {

    @Test
    void headAlignsNamesTypesAndValues() {
        Table t = Table.of(NumericColumn.of("size", 50, 80, 120),
                CategoricalColumn.of("city", "Oslo", "Rome", null),
                NumericColumn.of("price", 1.0, 1.9, Double.NaN));
        assertEquals("""
                   size  city           price
                numeric  categorical  numeric
                     50  Oslo               1
                     80  Rome             1.9
                    120  NA                NA
                [3 rows x 3 columns]""", t.head(5));
        assertEquals("""
                   size  city           price
                numeric  categorical  numeric
                     50  Oslo               1
                [3 rows x 3 columns]""", t.head(1));
    }

    @Test
    void toStringIsTheFirstTenRows() {
        double[] v = new double[25];
        for (int i = 0; i < v.length; i++) v[i] = i;
        String s = Table.of(NumericColumn.of("x", v)).toString();
        assertEquals(List.of("      x", "numeric", "      0", "      1", "      2", "      3", "      4", "      5", "      6",
                "      7", "      8", "      9", "[25 rows x 1 columns]"), s.lines().toList());
    }

    @Test
    void aWideTableShowsItsFirstAndLastTenColumns() {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < 785; c++) columns.add(NumericColumn.of("p" + c, c, 2 * c));
        String s = Table.of(columns).head(1);
        List<String> lines = s.lines().toList();
        assertEquals("p0  p1  p2  p3  p4  p5  p6  p7  p8  p9  ...  p775  p776  p777  p778  p779  p780  p781  p782  p783  p784",
                lines.get(0).strip().replaceAll(" +", "  "));
        assertEquals("0  1  2  3  4  5  6  7  8  9  ...  775  776  777  778  779  780  781  782  783  784",
                lines.get(2).strip().replaceAll(" +", "  "));
        assertEquals("[2 rows x 785 columns]", lines.get(3));
    }

    @Test
    void aLongCellIsCut() {
        String longText = "a".repeat(80);
        String s = Table.of(CategoricalColumn.of("text", longText)).head(1);
        assertEquals("a".repeat(47) + "...", s.lines().toList().get(2));
    }
}
