package dev.fathom.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed corpus of dialect and malformed CSV files ({@code src/test/resources/csv-corpus},
 * written by {@code src/test/python/make_csv_corpus.py}): each file's dialect, column types and
 * the exact warning or error its trap gives.
 */
class CsvCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "csv-corpus");

    @TempDir
    Path dir;

    private static CsvReport load(String name) {
        return CsvReader.load(CORPUS.resolve(name), CsvOptions.defaults());
    }

    private static CsvException refused(String name, CsvOptions options) {
        return assertThrows(CsvException.class, () -> CsvReader.load(CORPUS.resolve(name), options));
    }

    private static List<ColumnType> types(Table t) {
        return t.columns().stream().map(Column::type).toList();
    }

    private static final List<ColumnType> IRIS = List.of(ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.CATEGORICAL);

    @Test
    void excelInEuropeIsSemicolonsWithDecimalCommas() {
        CsvReport r = load("excel-europe.csv");
        assertEquals("';'-separated, decimal comma, UTF-8", r.dialect().describe());
        assertEquals(IRIS, types(r.table()));
        assertEquals(4.9, r.table().numeric("sepal_length").get(0));
        assertEquals(List.of(), r.warnings());
        assertEquals("';'-separated, decimal point, UTF-8", load("semicolon-decimal-point.csv").dialect().describe());
        assertEquals(IRIS, types(load("semicolon-decimal-point.csv").table()));
    }

    @Test
    void decimalCommaCanBeSetAndOverridden() throws IOException {
        // Said to read decimal points, the commas are not numbers: the columns are text, with a warning each.
        CsvReport points = CsvReader.load(CORPUS.resolve("excel-europe.csv"), CsvOptions.defaults().decimal('.'));
        assertEquals(ColumnType.CATEGORICAL, points.table().column("sepal_length").type());
        Path p = Files.writeString(dir.resolve("m.csv"), "a;b\n1,5;2\n-0,25;1e3\n", StandardCharsets.UTF_8);
        assertArrayEquals(new float[] {1.5f, 2f, -0.25f, 1000f}, CsvReader.readTensor(p, CsvOptions.defaults()).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvOptions.defaults().delimiter(',').decimal(','));
        assertEquals("the decimal separator cannot be ',' while it is also the delimiter; set another delimiter first (files with decimal"
                + " commas use ';')", e.getMessage());
    }

    @Test
    void otherDelimitersAreSniffed() {
        CsvReport tabs = load("tab-named-csv.csv");
        assertEquals("tab-separated, decimal point, UTF-8", tabs.dialect().describe());
        assertEquals(IRIS, types(tabs.table()));
        CsvReport pipes = load("pipe.csv");
        assertEquals("'|'-separated, decimal point, UTF-8", pipes.dialect().describe());
        assertEquals(IRIS, types(pipes.table()));
        assertEquals(List.of("a", "b"), load("crlf.csv").table().columnNames());
    }

    @Test
    void encodingsByByteOrderMarkOrZeroBytes() {
        for (String name : List.of("utf8-bom.csv", "utf16le-bom.csv", "utf16be-bom.csv", "utf16le-no-bom.csv")) {
            CsvReport r = load(name);
            assertEquals(List.of(ColumnType.CATEGORICAL, ColumnType.NUMERIC), types(r.table()), name);
            assertEquals("Zoë", r.table().categorical("name").get(0), name);
            assertEquals(1.5, r.table().numeric("score").get(0), name);
        }
        assertEquals("','-separated, decimal point, UTF-8 with BOM", load("utf8-bom.csv").dialect().describe());
        assertEquals("','-separated, decimal point, UTF-16LE with BOM", load("utf16le-bom.csv").dialect().describe());
        assertEquals("';'-separated, decimal comma, UTF-16BE with BOM", load("utf16be-bom.csv").dialect().describe());
        assertEquals("','-separated, decimal point, UTF-16LE without BOM", load("utf16le-no-bom.csv").dialect().describe());
    }

    @Test
    void latin1IsRefusedNamingTheBytesAndTheFix() {
        Path p = CORPUS.resolve("latin1.csv");
        assertEquals(p + ", line 3: the bytes 0xEB after 'Zo' are not valid UTF-8 text. If the file was saved in another encoding"
                + " (Windows or Latin-1 files often are), read it with CsvOptions.charset(StandardCharsets.ISO_8859_1) or the charset it"
                + " was written in; CsvOptions.replaceMalformed(true) reads such bytes as '\uFFFD' instead",
                refused("latin1.csv", CsvOptions.defaults()).getMessage());
        CsvReport r = CsvReader.load(p, CsvOptions.defaults().charset(StandardCharsets.ISO_8859_1));
        assertEquals("Zoë", r.table().categorical("name").get(1));
        assertEquals("','-separated, decimal point, ISO-8859-1", r.dialect().describe());
    }

    @Test
    void singleQuotesAreSniffed() {
        CsvReport r = load("single-quotes.csv");
        assertEquals("','-separated, quote ''', decimal point, UTF-8", r.dialect().describe());
        assertEquals("Oslo, Norway", r.table().categorical("city").get(0));
        assertEquals(ColumnType.NUMERIC, r.table().column("n").type());
    }

    @Test
    void aStrayWordInANumericColumnIsAMissingValueNotATextColumn() {
        CsvReport r = load("stray-word.csv");
        assertEquals(IRIS, types(r.table()));
        assertEquals(1, r.table().column("petal_length").missingCount());
        assertTrue(r.table().numeric("petal_length").isMissing(33));
        assertEquals(List.of("column 'petal_length' is numeric, but 1 of its 60 values is not a number and is read as missing: line 35"
                + " 'four' (a column is numeric when at least 95% of its values are numbers; here 98.33%). Fix the value, or declare"
                + " CsvOptions.type(\"petal_length\", ColumnType.CATEGORICAL) to read the column as text"), r.warnings());
    }

    @Test
    void aStrayWordOnTheFirstLineToo() {
        CsvReport r = load("stray-word-first.csv");
        assertEquals(IRIS, types(r.table()));
        assertTrue(r.table().numeric("sepal_width").isMissing(0));
        assertEquals(List.of("column 'sepal_width' is numeric, but 1 of its 60 values is not a number and is read as missing: line 2"
                + " 'n.a.' (a column is numeric when at least 95% of its values are numbers; here 98.33%). Fix the value, or declare"
                + " CsvOptions.type(\"sepal_width\", ColumnType.CATEGORICAL) to read the column as text"), r.warnings());
    }

    @Test
    void theNumericShareIsNinetyFivePercentAndWarningsNameFiveLines() {
        StringBuilder csv = new StringBuilder("x\n");
        for (int i = 1; i <= 19; i++) csv.append(i).append('\n');
        assertEquals(ColumnType.NUMERIC, CsvReader.parse(csv + "oops\n").column("x").type());               // 19 of 20: 95%
        assertEquals(ColumnType.CATEGORICAL, CsvReader.parse(csv + "oops\nagain\n").column("x").type());    // 19 of 21: 90.48%
        StringBuilder many = new StringBuilder("x\n");
        for (int i = 0; i < 200; i++) many.append(i % 29 == 3 ? "w" + i : String.valueOf(i)).append('\n');
        CsvReport r = CsvReader.load(new java.io.ByteArrayInputStream(many.toString().getBytes(StandardCharsets.UTF_8)), "m.csv",
                CsvOptions.defaults());
        assertEquals(List.of("column 'x' is numeric, but 7 of its 200 values are not numbers and are read as missing: line 5 'w3',"
                + " line 34 'w32', line 63 'w61', line 92 'w90', line 121 'w119' and 2 more (a column is numeric when at least 95% of"
                + " its values are numbers; here 96.5%). Fix the values, or declare CsvOptions.type(\"x\", ColumnType.CATEGORICAL) to"
                + " read the column as text"), r.warnings());
    }

    @Test
    void aColumnOfCodesIsText() {
        CsvReport r = load("codes.csv");
        assertEquals(List.of("7", "12", "A1", "B2", "15", "C3"), r.table().categorical("code").levels());
        assertEquals(List.of("column 'code' began as numbers, but line 4 holds 'A1' and only 3 of its 6 values (50%) are numbers, below"
                + " the 95% a numeric column needs, so it is read as categorical and its numbers are kept in their shortest form (007 as"
                + " 7); declare CsvOptions.type(\"code\", ColumnType.CATEGORICAL) to keep their exact text"), r.warnings());
    }

    @Test
    void infinitiesReadAsPandasReadsThemAndAreWarnedAbout() {
        CsvReport r = load("infinities.csv");
        NumericColumn x = r.table().numeric("x");
        assertEquals(Double.POSITIVE_INFINITY, x.get(2));
        assertEquals(Double.NEGATIVE_INFINITY, x.get(3));
        assertEquals(Double.POSITIVE_INFINITY, x.get(4));    // 1e400 is beyond a double
        NumericColumn y = r.table().numeric("y");
        assertEquals(Double.POSITIVE_INFINITY, y.get(0));
        assertEquals(Double.NEGATIVE_INFINITY, y.get(1));
        assertTrue(y.isMissing(2) && y.isMissing(3));         // NaN and nan are missing values, as in pandas
        assertEquals(List.of(
                "column 'x' holds 3 infinite values, which models cannot learn from: line 4 'Infinity', line 5 '-Infinity', line 6"
                        + " '1e400' (beyond ±1.798e+308, the range of a double); fix them, or leave them empty to make them missing values",
                "column 'y' holds 3 infinite values, which models cannot learn from: line 2 'inf', line 3 '-inf', line 6 'INF'; fix"
                        + " them, or leave them empty to make them missing values"), r.warnings());
    }

    @Test
    void pandasMissingValueSpellings() {
        Table t = CsvReader.parse("a\n1\n#N/A N/A\n#NA\n-1.#IND\n1.#QNAN\n<NA>\nNone\n2\n");
        assertEquals(ColumnType.NUMERIC, t.column("a").type());
        assertEquals(6, t.column("a").missingCount());
    }

    @Test
    void headerCellsWithoutNames() {
        CsvReport cell = load("empty-header-cell.csv");
        assertEquals(List.of("a", "column_2", "c"), cell.table().columnNames());
        assertEquals(List.of("column 2 has no name in the header; it is called 'column_2'"), cell.warnings());
        CsvReport blank = load("blank-header.csv");
        assertEquals(List.of("column_1", "column_2", "column_3"), blank.table().columnNames());
        assertEquals(2, blank.table().rowCount());
        assertEquals(1.0, blank.table().numeric("column_1").get(0));
        assertEquals(List.of("the header (line 1) holds no names, only 2 delimiters, so the columns are called column_1 to column_3"),
                blank.warnings());
        // Said to have no header, the line is a row of missing values.
        Table data = CsvReader.read(CORPUS.resolve("blank-header.csv"), CsvOptions.defaults().header(false));
        assertEquals(3, data.rowCount());
    }

    @Test
    void controlCharactersAreReportedAndKept() {
        CsvReport r = load("nul.csv");
        assertEquals("13\u0000", r.table().categorical("amount").get(1));
        assertEquals(List.of(
                "column 'amount' began as numbers, but line 3 holds '13\\u0000' and only 2 of its 3 values (66.67%) are numbers, below"
                        + " the 95% a numeric column needs, so it is read as categorical and its numbers are kept in their shortest form"
                        + " (007 as 7); declare CsvOptions.type(\"amount\", ColumnType.CATEGORICAL) to keep their exact text",
                "1 value holds a control character, which text rarely holds: U+0000 (NUL) at line 3, column 2 'amount'. They are kept"
                        + " in the values (such a value is not a number); a NUL often means the file was cut off while being written, is"
                        + " binary, or is UTF-16 read as another encoding"), r.warnings());
    }

    @Test
    void anUnterminatedQuoteIsCalledOneWhereItOpens() {
        Path eof = CORPUS.resolve("unterminated-quote.csv");
        assertEquals(eof + ", line 3: a quoted value that starts on this line is never closed: the quote ('\"') before it runs to the end"
                + " of the file. Close it, or double a quote that is part of the text (\"say \"\"hi\"\"\")",
                refused("unterminated-quote.csv", CsvOptions.defaults()).getMessage());
        Path later = CORPUS.resolve("unterminated-quote-closed-later.csv");
        assertEquals(later + ", line 2: a quoted value in the row that starts on this line is not closed where it should be: its closing"
                + " quote ('\"') is missing, or a quote inside it is not doubled (\"say \"\"hi\"\"\"), so a later quote ends it and is"
                + " followed by other characters before the delimiter (the parser says: Unexpected character after closing quote: 'o'"
                + " (0x6f))", refused("unterminated-quote-closed-later.csv", CsvOptions.defaults()).getMessage());
        Path swallows = CORPUS.resolve("unterminated-quote-swallows-lines.csv");
        CsvException e = refused("unterminated-quote-swallows-lines.csv", CsvOptions.defaults());
        assertEquals(swallows + ", line 2, column 2: the quoted value that opens on this line runs over 3 lines, to line 4, and leaves"
                + " a row of 2 fields where the first line has 3: its closing quote ('\"') is probably missing. Close the quote, or"
                + " double a quote that is part of the text (\"say \"\"hi\"\"\"); CsvOptions.skipBadRows(true) skips such rows",
                e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void aRaggedRowNamesTheDelimiterAndTheOptionOfTheInterfaceInUse() {
        Path p = CORPUS.resolve("ragged.csv");
        assertEquals(p + ", line 3: this row has 2 fields but the first line has 3 (too few): the file is read as ','-separated, and a"
                + " delimiter inside a value needs quotes (\"a,b\"); if the file uses another delimiter, set it with"
                + " CsvOptions.delimiter(';'). CsvOptions.skipBadRows(true) skips such rows",
                refused("ragged.csv", CsvOptions.defaults()).getMessage());
        CsvHints flags = new CsvHints() {
            @Override public String skipBadRows() { return "--skip-bad-rows"; }
            @Override public String delimiter(char d) { return "--delimiter '" + d + "'"; }
        };
        assertEquals(p + ", line 3: this row has 2 fields but the first line has 3 (too few): the file is read as ','-separated, and a"
                + " delimiter inside a value needs quotes (\"a,b\"); if the file uses another delimiter, set it with"
                + " --delimiter ';'. --skip-bad-rows skips such rows", refused("ragged.csv", CsvOptions.defaults().hints(flags)).getMessage());
        assertEquals(List.of(3L), CsvReader.load(p, CsvOptions.defaults().skipBadRows(true)).skippedLines());
    }

    @Test
    void emptyAndHeaderOnlyFiles() {
        assertEquals(CORPUS.resolve("empty.csv") + ": the file is empty: it has no header and no rows. Check the path, or whether the"
                + " file was still being written", refused("empty.csv", CsvOptions.defaults()).getMessage());
        assertEquals(CORPUS.resolve("header-only.csv") + ": the file has a header ('a,b,c') but no data rows; if that line is data,"
                + " read it with CsvOptions.header(false)", refused("header-only.csv", CsvOptions.defaults()).getMessage());
    }
}
