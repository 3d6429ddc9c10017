package dev.fathom.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void infersTypesPerColumn() {
        Table t = CsvReader.parse("""
                id,price,city,member,joined
                1,9.5,Oslo,yes,2024-01-31
                2,,Rome,no,2023-12-01
                3,12,Oslo,NA,
                """);
        assertEquals(List.of("id", "price", "city", "member", "joined"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals(ColumnType.NUMERIC, t.column("id").type());
        assertEquals(9.5, t.numeric("price").get(0));
        assertTrue(t.numeric("price").isMissing(1));
        assertEquals(List.of("Oslo", "Rome"), t.categorical("city").levels());
        assertEquals(0, t.categorical("city").code(2));
        assertTrue(t.bool("member").get(0));
        assertFalse(t.bool("member").get(1));
        assertTrue(t.bool("member").isMissing(2));
        assertEquals(LocalDate.of(2024, 1, 31), t.date("joined").get(0));
        assertNull(t.date("joined").get(2));
    }

    @Test
    void countsMissingValuesOfEverySpelling() {
        Table t = CsvReader.parse("a,b\n1,x\nNA,?\nNaN,\n?,N/A\n4,null\n");
        assertEquals(3, t.column("a").missingCount());
        assertEquals(4, t.column("b").missingCount());
        Table u = CsvReader.parse("a\n1\n-\n3\n", CsvOptions.defaults().naValues("-"));
        assertEquals(ColumnType.NUMERIC, u.column("a").type());
        assertEquals(1, u.column("a").missingCount());
        // A numeric sentinel as NA is checked before the number is read.
        Table w = CsvReader.parse("a\n1\n-999\n3\n", CsvOptions.defaults().naValues("-999"));
        assertEquals(1, w.column("a").missingCount());
    }

    @Test
    void quotesHoldDelimitersQuotesAndLineBreaks() {
        Table t = CsvReader.parse("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\nLee,\"two\nlines\"\n");
        assertEquals("Smith, J", t.categorical("name").get(0));
        assertEquals("said \"hi\"", t.categorical("note").get(0));
        assertEquals("two\nlines", t.categorical("note").get(1));
    }

    @Test
    void readsTsvByNameAndOtherDelimitersByOption() throws IOException {
        Table t = CsvReader.read(write("scores.tsv", "a\tb\n1\t2\n3\t4\n"));
        assertEquals(List.of("a", "b"), t.columnNames());
        assertEquals(4.0, t.numeric("b").get(1));
        Table s = CsvReader.parse("a;b\n1,5;2\n", CsvOptions.defaults().delimiter(';').type("a", ColumnType.CATEGORICAL));
        assertEquals("1,5", s.categorical("a").get(0));
    }

    @Test
    void detectsTheHeader() {
        Table numbers = CsvReader.parse("1,2\n3,4\n");
        assertEquals(List.of("column_1", "column_2"), numbers.columnNames());
        assertEquals(2, numbers.rowCount());
        assertEquals(1.0, numbers.numeric("column_1").get(0));

        Table text = CsvReader.parse("color,size\nred,S\nblue,M\nred,S\n");
        assertEquals(List.of("color", "size"), text.columnNames());

        // No header: the first row's text repeats below, so it is data; its level comes first.
        Table data = CsvReader.parse("red,S\nblue,M\nred,S\n");
        assertEquals(3, data.rowCount());
        assertEquals(List.of("red", "blue"), data.categorical("column_1").levels());

        Table forced = CsvReader.parse("x,y\n1,2\n", CsvOptions.defaults().header(false));
        assertEquals(ColumnType.CATEGORICAL, forced.column("column_1").type());
        assertEquals(2, forced.rowCount());
    }

    @Test
    void mangledHeadersAreRenamedWithAWarning() {
        CsvReport r = CsvReader.load(new ByteArrayInputStream("a,a,\n1,2,3\n".getBytes(StandardCharsets.UTF_8)), "t.csv",
                CsvOptions.defaults().header(true));
        assertEquals(List.of("a", "a.1", "column_3"), r.table().columnNames());
        assertEquals(2, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("'a' more than once"), r.warnings().get(0));
    }

    @Test
    void handlesByteOrderMarksAndLatin1() throws IOException {
        Path bom = dir.resolve("bom.csv");
        Files.write(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "name,n\nZoë,1\n".getBytes(StandardCharsets.UTF_8)));
        Table t = CsvReader.read(bom);
        assertEquals(List.of("name", "n"), t.columnNames());
        assertEquals("Zoë", t.categorical("name").get(0));

        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "name,n\nZoë,1\n".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals("Zoë", CsvReader.read(utf16).categorical("name").get(0));

        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "name,n\nAnn,1\nZo\u00eb,2\n".getBytes(StandardCharsets.ISO_8859_1));
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.read(latin));
        assertTrue(e.getMessage().startsWith(latin + ", line 3: the bytes 0xEB after 'Zo' are not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("CsvOptions.charset(StandardCharsets.ISO_8859_1)"), e.getMessage());
        assertEquals(3, e.line());
        assertEquals("Zoë", CsvReader.read(latin, CsvOptions.defaults().charset(StandardCharsets.ISO_8859_1)).categorical("name").get(1));
        assertEquals("Zo\uFFFD", CsvReader.read(latin, CsvOptions.defaults().replaceMalformed(true)).categorical("name").get(1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void wrongFieldCountNamesTheLine() throws IOException {
        Path p = write("rows.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.read(p));
        assertEquals(p + ", line 3: this row has 2 fields but the first line has 3 (too few): the file is read as ','-separated, and a"
                + " delimiter inside a value needs quotes (\"a,b\"); if the file uses another delimiter, set it with"
                + " CsvOptions.delimiter(';'). CsvOptions.skipBadRows(true) skips such rows", e.getMessage());
        assertEquals("4,5", e.text());
    }

    @Test
    void skipsBadRowsAndSaysWhich() throws IOException {
        Path p = write("rows.csv", "a,b\n1,2\n3,4,5\n6,7\n8\n9,10\n");
        CsvReport r = CsvReader.load(p, CsvOptions.defaults().skipBadRows(true));
        assertEquals(3, r.table().rowCount());
        assertEquals(List.of(3L, 5L), r.skippedLines());
        assertEquals(p + ": 3 rows x 2 columns, 2 bad rows skipped (lines 3, 5)", r.summary());
        assertEquals(List.of(1.0, 6.0, 9.0), List.of(r.table().numeric("a").get(0), r.table().numeric("a").get(1), r.table().numeric("a").get(2)));
    }

    @Test
    void aValueThatDoesNotFitADeclaredTypeNamesLineColumnAndText() throws IOException {
        Path p = write("prices.csv", "item,price\npen,1.5\nbook,twelve\n");
        CsvOptions declared = CsvOptions.defaults().type("price", ColumnType.NUMERIC);
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.read(p, declared));
        assertTrue(e.getMessage().startsWith(p + ", line 3, column 2 'price': 'twelve' is not a number and column 'price' is declared numeric"),
                e.getMessage());
        assertEquals(3, e.line());
        assertEquals(2, e.column());
        assertEquals("twelve", e.text());
        CsvReport r = CsvReader.load(p, declared.skipBadRows(true));
        assertEquals(1, r.table().rowCount());
        assertEquals(List.of(3L), r.skippedLines());
    }

    @Test
    void anUnknownDeclaredColumnNamesTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.parse("item,price\npen,1\n", CsvOptions.defaults().header(true).type("prise", ColumnType.NUMERIC)));
        assertTrue(e.getMessage().contains("column 'prise', which the file does not have; did you mean 'price'?"), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteNamesTheLine() throws IOException {
        Path p = write("q.csv", "a,b\n1,2\n3,\"oops\n4,5\n");
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.read(p));
        assertTrue(e.getMessage().startsWith(p + ", line 3: a quoted value that starts on this line is never closed"), e.getMessage());
    }

    @Test
    void aColumnThatTurnsToTextWarns() {
        CsvReport r = CsvReader.load(new ByteArrayInputStream("code\n007\n12\nA1\n".getBytes(StandardCharsets.UTF_8)), "c.csv",
                CsvOptions.defaults());
        assertEquals(List.of("7", "12", "A1"), r.table().categorical("code").levels());
        assertTrue(r.warnings().getFirst().startsWith("column 'code' began as numbers, but line 4 holds 'A1'"), r.warnings().getFirst());
        Table exact = CsvReader.parse("code\n007\n12\nA1\n", CsvOptions.defaults().type("code", ColumnType.CATEGORICAL));
        assertEquals(List.of("007", "12", "A1"), exact.categorical("code").levels());
    }

    @Test
    void emptyAndHeaderOnlyFilesSaySo() throws IOException {
        Path empty = write("empty.csv", "");
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.read(empty));
        assertEquals(empty + ": the file is empty: it has no header and no rows. Check the path, or whether the file was still being written",
                e.getMessage());
        Path header = write("header.csv", "a,b,c\n");
        CsvException h = assertThrows(CsvException.class, () -> CsvReader.read(header));
        assertEquals(header + ": the file has a header ('a,b,c') but no data rows; if that line is data, read it with CsvOptions.header(false)",
                h.getMessage());
        assertEquals(1, CsvReader.read(header, CsvOptions.defaults().header(false)).rowCount());
    }

    @Test
    void constantAndEmptyColumnsWarn() {
        CsvReport r = CsvReader.load(new ByteArrayInputStream("a,b,c\n1,x,\n2,x,\n".getBytes(StandardCharsets.UTF_8)), "k.csv",
                CsvOptions.defaults());
        assertEquals(List.of(
                "column 'b' holds the same value ('x') in every row that has one: it tells a model nothing; drop it",
                "column 'c' has no values: all 2 are missing; drop it"), r.warnings());
    }

    @Test
    void readsResourcesAndNamesMissingOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.readResource("no/such.csv", CsvOptions.defaults()));
        assertTrue(e.getMessage().startsWith("no resource 'no/such.csv' on the class path"), e.getMessage());
        Table t = CsvReader.readResource("data/small.csv", CsvOptions.defaults());
        assertEquals(List.of("x", "label"), t.columnNames());
    }

    @Test
    void aMissingFileSaysSo() {
        Path p = dir.resolve("nope.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(p));
        assertEquals("no file " + p.toAbsolutePath(), e.getMessage());
    }

    /** Regression: a stream that failed while its byte-order mark was read was left open, though read() promises to close it. */
    @Test
    void streamIsClosedWhenItsFirstReadFails() {
        boolean[] closed = {false};
        java.io.InputStream failing = new java.io.InputStream() {
            @Override public int read() throws IOException { throw new IOException("disk gone"); }
            @Override public int read(byte[] b, int off, int len) throws IOException { throw new IOException("disk gone"); }
            @Override public void close() { closed[0] = true; }
        };
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> CsvReader.read(failing, "stream.csv", CsvOptions.defaults()));
        assertEquals("cannot read stream.csv: disk gone", e.getMessage());
        assertTrue(closed[0], "the stream was left open");
    }
}
