package dev.fathom.cli;

import dev.fathom.pipeline.Pipeline;
import dev.fathom.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code fathom train} leaves behind is true to what happened: Ctrl-C (a real SIGINT to a
 * child JVM) writes the report marked interrupted beside the model it kept, replacing an earlier
 * run's files; a failed run removes the folder it created and never one that was there; the
 * library's warnings print as single lines.
 */
class TrainRunRecordTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCSavesTheModelAndWritesTheReportMarkedInterruptedInPlaceOfAnEarlierRunsFiles() throws IOException {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.html"), "an earlier run's report");
        Files.writeString(out.resolve("predictions.csv"), "an earlier run's predictions");
        Files.writeString(out.resolve("notes.txt"), "the user's own file");

        try (ChildJvm.Running child = ChildJvm.start("1g", Main.class, "train", "iris", "--out", out.toString(), "--time-budget", "10m")) {
            // The first model's score: training is under way, with many models and epochs to go.
            child.awaitLine(line -> line.trim().startsWith("dummy (most frequent class)"));
            child.signal("INT");
            ChildJvm.Result r = child.waitFor();

            List<String> lines = r.lines();
            assertEquals(130, r.exitCode(), r.output());
            assertTrue(lines.contains("  the output folder already holds an earlier run's predictions.csv, report.html, replaced when this"
                    + " run ends; and 1 other file this run leaves as it is: notes.txt"), r.output());
            assertTrue(lines.contains("fathom train: stopping (Ctrl-C): the best model so far is fitted and saved with its report; press"
                    + " Ctrl-C again to quit at once without saving"), r.output());
            assertTrue(lines.contains("  - training was stopped early: the best model so far is kept"), r.output());
            assertEquals(List.of("model:       " + out.resolve("model.fathom"), "predictions: " + out.resolve("predictions.csv"),
                    "report:      " + out.resolve("report.html")), lines.subList(lines.size() - 3, lines.size()), r.output());
            assertFalse(r.output().contains("Exception") || r.output().contains("at java."), r.output());
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Interrupted: training was stopped early (Ctrl-C)") && html.endsWith("</html>\n"), "a whole report, marked");
        assertEquals(true, Pipeline.load(out.resolve("model.fathom")).metadata().get("interrupted"));
        assertTrue(Files.readString(out.resolve("predictions.csv")).startsWith("row,species (actual),species (predicted)"));
        assertEquals("the user's own file", Files.readString(out.resolve("notes.txt")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("folds.csv", "model.fathom", "notes.txt", "predictions.csv", "report.html"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void aFailedRunRemovesTheFolderItCreatedButNeverOneThatWasThere() throws IOException {
        // The target has a missing value: the run fails in its first step, after the output folder was made.
        Path csv = Files.writeString(dir.resolve("gaps.csv"), "x,y\n1,2\n2,\n3,6\n4,8\n");
        Path created = dir.resolve("runs/gaps");
        Cli.Run r = Cli.run("train", csv.toString(), "--target", "y", "--out", created.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: the target column 'y' has 1 missing values"), r.err());
        assertFalse(Files.exists(dir.resolve("runs")), "both folders it created are gone");

        Path existing = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(existing.resolve("keep.txt"), "kept");
        assertEquals(1, Cli.run("train", csv.toString(), "--target", "y", "--out", existing.toString()).code());
        assertEquals("kept", Files.readString(existing.resolve("keep.txt")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, Cli.run("train", csv.toString(), "--target", "y", "--out", empty.toString()).code());
        assertTrue(Files.isDirectory(empty), "a folder the user made stays, even empty");
    }

    @Test
    void theLibrarysWarningsPrintAsOneLineEachWithoutLoggerHeaders() throws IOException {
        // A header that names a column twice: the CSV reader warns through System.Logger (java.util.logging).
        Path csv = Files.writeString(dir.resolve("twice.csv"), "a,a,y\n1,2,\n3,4,5\n5,6,7\n");
        Cli.Run r = Cli.run("train", csv.toString(), "--target", "y", "--out", dir.resolve("out").toString());
        assertEquals(List.of("fathom: warning: " + csv + ": the header names 'a' more than once; column 2 is called 'a.1'",
                "fathom: the target column 'y' has 1 missing values; drop those rows first (a row without a target can be neither learnt"
                        + " from nor scored)"), r.err().lines().toList());
    }

    @Test
    void aLogRecordOfSeveralLinesOrWithAnExceptionIsOneLine() {
        LogLines.install(() -> new java.io.PrintWriter(java.io.Writer.nullWriter()));
        var handler = java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
                .filter(h -> h instanceof LogLines).map(h -> (LogLines) h).toList();
        assertEquals(1, handler.size(), "installing again replaces, so each record prints once");
        var record = new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "first part\n  second part {0}");
        record.setParameters(new Object[] {7});
        record.setThrown(new IllegalStateException("the cause"));
        assertEquals("fathom: warning: first part; second part 7: the cause", handler.getFirst().line(record));
        assertEquals("fathom: error: broken", handler.getFirst().line(new java.util.logging.LogRecord(java.util.logging.Level.SEVERE, "broken")));
    }
}
