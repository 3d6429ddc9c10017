package dev.fathom.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptionTest {
    /** Table.describe() of the fixture against pandas' describe() (make_golden_describe.py). */
    @Test
    void matchesPandas() throws IOException {
        Table t = CsvReader.readResource("golden/data/describe_input.csv", CsvOptions.defaults());
        Description d = t.describe();
        List<String> lines;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("golden/data/describe_expected.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertEquals(4 * 9 + 2 * 5, lines.size());
        for (String line : lines) {
            String[] p = line.split(" ", 3);
            ColumnSummary s = d.column(p[0]);
            String want = p[2];
            switch (p[1]) {
                case "count" -> assertEquals(Integer.parseInt(want), s.count(), line);
                case "missing" -> assertEquals(Integer.parseInt(want), s.missing(), line);
                case "unique" -> assertEquals(Integer.parseInt(want), s.unique(), line);
                case "freq" -> assertEquals(Integer.parseInt(want), s.freq(), line);
                // A yes/no column is read as boolean, whose values print as true/false.
                case "top" -> assertEquals(s.type() == ColumnType.BOOLEAN ? String.valueOf(CellText.booleanWord(want) == 1) : want,
                        s.top(), line);
                default -> {
                    double expected = Double.parseDouble(want);
                    double got = switch (p[1]) {
                        case "mean" -> s.mean();
                        case "std" -> s.std();
                        case "min" -> s.min();
                        case "q25" -> s.q25();
                        case "median" -> s.median();
                        case "q75" -> s.q75();
                        case "max" -> s.max();
                        default -> throw new AssertionError("unknown statistic in " + line);
                    };
                    // pandas sums pairwise; a plain sum differs in the last bits only.
                    assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), line);
                }
            }
        }
        assertTrue(d.column("const").constant());
        assertFalse(d.column("age").constant());
        assertEquals(ColumnType.BOOLEAN, d.column("member").type());
    }

    @Test
    void printsAnAlignedTableWithNotes() {
        Table t = CsvReader.parse("x,city,k,gap\n1,Oslo,5,\n2,Rome,5,\n4,Oslo,5,\n");
        String s = t.describe().toString();
        assertEquals("""
                column  type         count  missing     mean      std  min  25%  50%  75%  max  unique  top   freq  note
                x       numeric          3        0  2.33333  1.52753    1  1.5    2    3    4
                city    categorical      3        0                                                  2  Oslo     2
                k       numeric          3        0        5        0    5    5    5    5    5                      constant
                gap     numeric          0        3                                                                 all missing
                """, s);
    }

    @Test
    void quantilesInterpolateLinearly() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1.75, Description.quantile(v, 0.25));
        assertEquals(2.5, Description.quantile(v, 0.5));
        assertEquals(4, Description.quantile(v, 1));
        assertTrue(Double.isNaN(Description.quantile(new double[0], 0.5)));
        assertTrue(Double.isNaN(Description.summarize(NumericColumn.of("one", 3)).std()), "std of one value is NaN (ddof=1)");
    }

    @Test
    void anUnknownColumnNamesTheClosest() {
        Table t = Table.of(NumericColumn.of("price", 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.describe().column("prise"));
        assertTrue(e.getMessage().startsWith("no column 'prise'; did you mean 'price'?"), e.getMessage());
    }

    /** Regression: a table with no rows was described as "all missing", though nothing in it is missing. */
    @Test
    void zeroRowTableIsNotAllMissing() {
        Table empty = Table.of(NumericColumn.of("x", 1.0, Double.NaN)).filter(i -> false);
        ColumnSummary s = empty.describe().column("x");
        assertEquals(0, s.missing());
        assertEquals("no rows", s.note());
        assertEquals("all missing", Table.of(NumericColumn.of("x", Double.NaN)).describe().column("x").note());
    }
}
