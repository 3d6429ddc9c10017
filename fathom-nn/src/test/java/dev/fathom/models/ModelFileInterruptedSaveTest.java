package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.saving.AtomicFiles;
import dev.fathom.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A save killed midway (kill -9) leaves a temporary file; the next save to that path removes it, never a live one. */
class ModelFileInterruptedSaveTest {
    @TempDir
    Path dir;

    /** Starts saving a model to {@code args[0]}, says "saving" once its bytes are out, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        Model m = new Sequential(new Dense(2)).build(3);
        AtomicFiles.write(Path.of(args[0]), out -> {
            m.save(out);
            out.flush();
            System.out.println("saving");
            System.out.flush();
            try {
                new CountDownLatch(1).await();   // until killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<Path> temporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".m.fathom" + AtomicFiles.TEMP_MARK)).sorted().toList();
        }
    }

    @Test
    void theNextSaveRemovesWhatAKilledSaveLeftButNotWhatALiveOneIsWriting() throws Exception {
        Path p = dir.resolve("m.fathom");
        Model model = new Sequential(new Dense(2)).build(3);
        try (ChildJvm.Running child = ChildJvm.start("64m", ModelFileInterruptedSaveTest.class, p.toString())) {
            child.awaitLine("saving"::equals);
            List<Path> live = temporaryFiles();
            assertEquals(1, live.size(), live.toString());
            assertTrue(Files.size(live.get(0)) > 0, "the child's bytes are in its temporary file");

            model.save(p);   // while the child's save is under way: its file stays
            assertEquals(live, temporaryFiles());
            assertEquals(Sequential.class, Model.load(p).getClass());
            child.kill();   // kill -9: no finally block of the child runs
        }
        assertEquals(1, temporaryFiles().size(), "kill -9 left the temporary file");
        model.save(p);
        assertEquals(List.of(), temporaryFiles(), "the next save removed it");
        assertEquals(Sequential.class, Model.load(p).getClass());
    }
}
