package dev.fathom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescribeCommandTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void summarizesSizeTypesMissingValuesAndWarnings() throws Exception {
        Path p = csv("houses.csv", """
                area,city,rooms,country
                50,Oslo,2,NL
                ,Rome,3,NL
                120,Oslo,,NL
                80,Rome,4,NL
                """);
        Cli.Run r = Cli.run("describe", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(p + ": 4 rows x 4 columns (2 numeric, 2 categorical)"), r.out());
        assertTrue(r.out().contains("Missing values: 2 in 2 columns (area 1, rooms 1)"), r.out());
        // the statistics table of Table.describe(): area's mean of 50, 120 and 80
        assertTrue(r.out().contains(dev.fathom.data.CsvReader.read(p).describe().toString()), r.out());
        assertTrue(r.out().matches("(?s).*area\\s+numeric\\s+3\\s+1\\s+83\\.3333.*"), r.out());
        assertTrue(r.out().contains("Warnings:") && r.out().contains("column 'country' holds the same value"), r.out());
        assertFalse(r.out().contains("Class balance"), r.out());
    }

    @Test
    void targetShowsTheClassBalanceMostFrequentFirst() throws Exception {
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int i = 0; i < 19; i++) sb.append(i).append(",cat\n");
        sb.append("19,dog\n");
        Cli.Run r = Cli.run("describe", csv("d.csv", sb.toString()).toString(), "--target", "label");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Class balance of 'label' (2 classes):"), r.out());
        assertTrue(r.out().matches("(?s).*cat\\s+19\\s+95\\.0%.*dog\\s+1\\s+5\\.0%.*"), r.out());
        assertTrue(r.out().contains("The rarest class 'dog' is 5.0% of the rows"), r.out());
    }

    @Test
    void numericTargetWithManyValuesIsNamedARegressionTarget() throws Exception {
        StringBuilder sb = new StringBuilder("x,price\n");
        for (int i = 0; i < 30; i++) sb.append(i).append(',').append(i * 1.5 + 0.25).append('\n');
        Cli.Run r = Cli.run("describe", csv("p.csv", sb.toString()).toString(), "--target", "price");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Target 'price' is numeric with 30 distinct values: a regression target"), r.out());
    }

    @Test
    void unknownTargetIsAnErrorWithTheClosestColumn() throws Exception {
        Cli.Run r = Cli.run("describe", csv("d.csv", "price,size\n1,2\n3,4\n").toString(), "--target", "prise");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: no column 'prise'; did you mean 'price'?"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void malformedRowNamesTheLine() throws Exception {
        Path p = csv("bad.csv", "a,b\n1,2\n3,4,5\n6,7\n");
        Cli.Run r = Cli.run("describe", p.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + p + ", line 3"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void skipBadRowsListsTheSkippedLines() throws Exception {
        Path p = csv("bad.csv", "a,b\n1,2\n3,4,5\n6,7\n");
        Cli.Run r = Cli.run("describe", p.toString(), "--skip-bad-rows");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(p + ": 2 rows x 2 columns"), r.out());
        assertTrue(r.out().contains("Skipped 1 malformed row:\n  " + p + ", line 3"), r.out());
    }

    @Test
    void builtInDataSetShowsItsTargetsBalance() {
        Cli.Run r = Cli.run("describe", "iris");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("iris: 150 rows x 5 columns (4 numeric, 1 categorical)"), r.out());
        assertTrue(r.out().contains("classification of 'species'"), r.out());
        assertTrue(r.out().matches("(?s).*setosa\\s+50\\s+33\\.3%.*"), r.out());
        assertTrue(r.out().contains("Missing values: none"), r.out());
    }

    @Test
    void unknownDataNamesTheClosestDataSet() {
        Cli.Run r = Cli.run("describe", "irsi");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'irsi' is neither a file nor a built-in data set; did you mean 'iris'?"), r.err());
    }

    @Test
    void missingFileIsNamed() {
        Cli.Run r = Cli.run("describe", dir.resolve("nope.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: no file " + dir.resolve("nope.csv")), r.err());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Cli.Run r = Cli.run("describe");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'DATA'"), r.err());
    }
}
