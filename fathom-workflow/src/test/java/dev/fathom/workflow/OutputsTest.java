package dev.fathom.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output folder of a run: what it held before is said, and a failed run removes only what it created. */
class OutputsTest {
    @TempDir
    Path dir;

    @Test
    void aFolderTheRunCreatedIsRemovedAfterAFailureWithTheFoldersAboveItThatItCreatedToo() throws IOException {
        Outputs.Folder folder = Outputs.prepare(dir.resolve("runs/a/b"));
        assertEquals(List.of(dir.resolve("runs"), dir.resolve("runs/a"), dir.resolve("runs/a/b")), folder.created());
        assertEquals(Optional.empty(), folder.note());
        Files.writeString(folder.path().resolve(TrainResult.MODEL_FILE), "written before the failure");
        folder.removeIfCreated();
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void aFileSomeoneElsePutInTheNewFolderKeepsItAndAFolderThatWasThereIsNeverRemoved() throws IOException {
        Outputs.Folder created = Outputs.prepare(dir.resolve("new"));
        Files.writeString(created.path().resolve("theirs.txt"), "not the run's");
        created.removeIfCreated();
        assertEquals("not the run's", Files.readString(dir.resolve("new/theirs.txt")));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Outputs.prepare(empty).removeIfCreated();
        assertTrue(Files.isDirectory(empty));
    }

    @Test
    void anEarlierRunsFilesAndOtherFilesAreNamed() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String f : List.of("report.html", "model.fathom", "notes.txt", "data.csv", ".DS_Store")) Files.writeString(out.resolve(f), f);
        Outputs.Folder folder = Outputs.prepare(out);
        assertEquals(List.of("model.fathom", "report.html"), folder.earlierRun());
        assertEquals(Optional.of("the output folder already holds an earlier run's model.fathom, report.html, replaced when this run"
                + " ends; and 2 other files this run leaves as they are: data.csv, notes.txt"), folder.note());
        Files.delete(out.resolve("model.fathom"));
        Files.delete(out.resolve("report.html"));
        assertEquals(Optional.of("the output folder already holds 2 files this run leaves as they are: data.csv, notes.txt"),
                Outputs.prepare(out).note());
    }
}
