package dev.fathom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fathom train}: bad input gets a clear message and a non-zero exit code, never a stack trace; a small CSV trains end to end. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(Cli.Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void anUnknownDataNameSuggestsTheClosestBuiltInDataSet() {
        Cli.Run r = Cli.run("train", "digts", "--out", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no file, folder or built-in data set named 'digts'; did you mean 'digits'?"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void aMalformedCsvNamesTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,x\n3,4\n5,6,y\n");
        Cli.Run r = Cli.run("train", csv.toString(), "--target", "label", "--out", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains("bad.csv") && r.err().contains("line 3"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void anUnknownTargetSuggestsTheClosestColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("houses.csv"), "area,rooms,price\n50,2,1.0\n80,3,1.9\n120,4,2.4\n");
        Cli.Run r = Cli.run("train", csv.toString(), "--target", "prise", "--out", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no column 'prise'; did you mean 'price'?"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void aCsvWithoutTargetListsTheColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("houses.csv"), "area,rooms,price\n50,2,1.0\n80,3,1.9\n120,4,2.4\n");
        Cli.Run r = Cli.run("train", csv.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Add --target COLUMN; the columns are [area, rooms, price]"), r.err());
    }

    @Test
    void anUnwritableOutputFolderIsRefusedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Cli.Run r = Cli.run("train", "iris", "--out", file.resolve("run").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot write to the output folder") && r.err().contains("--out DIR"), r.err());
        assertFalse(r.out().contains("[1/5]"), "nothing may be trained first: " + r.out());
        assertNoStackTrace(r);
    }

    @Test
    void aBadTimeBudgetIsAUsageError() {
        Cli.Run r = Cli.run("train", "iris", "--time-budget", "soon");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'soon' is not a duration; write e.g. 90s, 5m or 1h30m"), r.err());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        var c = new TrainCommand.DurationConverter();
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofMinutes(90), c.convert("1h30m"));
        assertEquals(Duration.ofSeconds(150), c.convert("2m30s"));
        assertEquals(Duration.ofSeconds(45), c.convert("45"));
        assertEquals(Duration.ofMinutes(2), c.convert("PT2M"));
        assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert("0s"));
    }

    @Test
    void aSmallCsvTrainsEndToEndAndPrintsTheReportPathLast() throws IOException {
        // 60 rows, two informative numbers, one text column, a yes/no target (read as boolean).
        StringBuilder csv = new StringBuilder("x1,x2,colour,bought\n");
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 60; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            String colour = List.of("red", "green", "blue").get(i % 3);
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s,%s%n", a, b, colour, a + b > 0 ? "yes" : "no"));
        }
        Path file = Files.writeString(dir.resolve("shop.csv"), csv);
        Path out = dir.resolve("run");
        Cli.Run r = Cli.run("train", file.toString(), "--target", "bought", "--out", out.toString(), "--seed", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getLast().startsWith("report:") && lines.getLast().endsWith("report.html"), r.out());
        assertTrue(r.out().contains("classification: the target 'bought' holds true/false values"), r.out());
        assertTrue(r.out().contains("column 'colour' (categorical): most-frequent imputation, one-hot encoding (3 categories"), r.out());
        for (String f : List.of("model.fathom", "predictions.csv", "report.html")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertEquals(1 + 12, Files.readAllLines(out.resolve("predictions.csv")).size());   // 20% of 60 rows
    }

    @Test
    void severalTargetsCommaSeparatedOrRepeatedArePredictedTogether() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,heating,cooling\n");
        java.util.Random rnd = new java.util.Random(6);
        for (int i = 0; i < 60; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.3f,%.3f%n", a, b, 2 * a + b, a - 3 * b));
        }
        Path file = Files.writeString(dir.resolve("energy.csv"), csv);
        for (List<String> form : List.of(List.of("--target", "heating,cooling"), List.of("--target", "heating", "--target", "cooling"))) {
            Path out = dir.resolve("multi" + form.size());
            List<String> args = new java.util.ArrayList<>(List.of("train", file.toString(), "--out", out.toString(), "--max-epochs", "2"));
            args.addAll(form);
            Cli.Run r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("multi-output regression: 2 numeric targets [heating, cooling]"), r.out());
            assertEquals(List.of("heating", "cooling"), dev.fathom.pipeline.Pipeline.load(out.resolve("model.fathom")).targets());
        }
    }

    @Test
    void sparkWithoutSparkOnTheClassPathSaysWhatToAdd() {
        Cli.Run r = Cli.run("train", "iris", "--spark", "local[2]", "--out", dir.resolve("x").toString());
        assertEquals(1, r.code());
        assertEquals("fathom: --spark needs Spark: add fathom-spark and Spark 4.2 to the class path (spark-submit adds Spark:"
                + " spark-submit --class dev.fathom.cli.Main --jars <the Fathom jars> ..., see the README's 'Running on Spark')\n",
                r.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");
    }
}
