package dev.fathom.report;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table cells: numbers as Python formats them (number_format.csv, from make_number_format.py), alignment, escaping. */
class CellsTest {

    @Test
    void numbersReadAsPythonWritesThem() throws Exception {
        int rows = 0;
        try (var in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("number_format.csv"), "number_format.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; rows++) {
                String[] cell = line.split(",", 2);
                double v = Double.longBitsToDouble(Long.parseLong(cell[0]));
                assertEquals(cell[1], Cells.number(v), "the cell of " + v);
            }
        }
        assertTrue(rows > 20, "only " + rows + " golden values");
    }

    @Test
    void specialValuesAndTypes() {
        assertEquals("NaN", Cells.number(Double.NaN));
        assertEquals("∞", Cells.number(Double.POSITIVE_INFINITY));
        assertEquals("-∞", Cells.number(Double.NEGATIVE_INFINITY));
        assertEquals("0", Cells.number(-0.0));
        assertEquals("—", Cells.text(null));
        assertEquals("123456789012", Cells.text(123456789012L), "integers stay exact");
        assertEquals("0.9123", Cells.text(0.91234f));
        assertEquals("0.3333", Cells.text(new BigDecimal("0.333333")));
        assertEquals("text", Cells.text("text"));
    }

    @Test
    void aColumnShowsItsFractionsWithTheSameDecimals() {
        List<List<?>> rows = List.of(Arrays.asList("a", 1.0, 0.046234, 5), Arrays.asList("b", 0.953333, 1.2e-17, 5),
                Arrays.asList("c", null, 0.05, 12));
        int scores = Cells.columnDecimals(rows, 1);
        assertEquals(4, scores);
        assertEquals("1.0000", Cells.text(1.0, scores), "a score of 1 reads as the others do, not '1'");
        assertEquals("0.9533", Cells.text(0.953333, scores));
        assertEquals("0.0462", Cells.text(0.046234, Cells.columnDecimals(rows, 2)));
        assertEquals("0.0500", Cells.text(0.05, Cells.columnDecimals(rows, 2)));
        assertEquals("1.2e-17", Cells.text(1.2e-17, 4), "a value that would read 0 keeps its size");
        assertEquals("0.0000", Cells.text(0.0, 4));
        assertEquals(-1, Cells.columnDecimals(rows, 3), "integers stay integers");
        assertEquals("12", Cells.text(12, -1));
        assertEquals("—", Cells.text(null, 4));
        assertEquals(2, Cells.decimalsFor(54.123));
        assertEquals("54.12", Cells.text(54.123, 2));
        List<List<?>> metrics = List.of(List.of("rmse", 54.123), List.of("r2", 0.45123), List.of("mape", 1e-9));
        assertEquals(4, Cells.columnDecimals(metrics, 1), "no metric loses a digit it would show alone");
        assertEquals("54.1230", Cells.text(54.123, 4));
        assertEquals(2, Cells.columnDecimals(List.of(List.of(54.123), List.of(12.0)), 0));
        assertEquals(0, Cells.decimalsFor(12345.6));
        assertEquals("1.0000", Cells.single(1.0), "a key-value pair reads as a column of one");
        assertEquals("42", Cells.single(42L));
    }

    @Test
    void columnsOfNumbersAreRightAligned() {
        for (Object numeric : List.of(3, 0.5, "0.912 ± 0.013", "93.1%", "-1e-5", "NaN", "1,234")) {
            assertTrue(Cells.isNumeric(numeric), numeric + " reads as a number");
        }
        for (Object text : List.of("logistic", "v2", "0.9 (best)", "", "1.2.3")) assertFalse(Cells.isNumeric(text), text + " is text");
        List<List<?>> rows = List.of(Arrays.asList("a", 1, null), Arrays.asList("b", null, null));
        assertFalse(Cells.numericColumn(rows, 0));
        assertTrue(Cells.numericColumn(rows, 1), "missing cells do not make a column text");
        assertFalse(Cells.numericColumn(rows, 2), "a column of nothing but missing cells is not numeric");
    }

    @Test
    void escapingKeepsTextAsText() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;", Html.escape("<script>alert(\"x\")</script> & 'q'"));
        assertEquals("a\tb\nc", Html.escape("a\tb\u0000\u0007\nc\u007f"), "control characters are dropped, tabs and newlines kept");
        assertEquals("R² µ 😀 \uFFFD", Html.escape("R² µ 😀 \uD800"), "pairs kept, a lone surrogate replaced");
        assertEquals("one<br>\ntwo<br>\nthree", Html.escapeLines("one\ntwo\r\nthree"));
        assertEquals("", Html.escape(null));
    }
}
