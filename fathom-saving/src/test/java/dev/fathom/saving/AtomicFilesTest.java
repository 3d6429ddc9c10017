package dev.fathom.saving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileWhole() throws IOException {
        Path p = dir.resolve("sub/model.bin");
        AtomicFiles.write(p, out -> out.write("first".getBytes()));
        AtomicFiles.write(p, out -> out.write("second".getBytes()));
        assertEquals("second", Files.readString(p));
        try (var files = Files.list(p.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path p = dir.resolve("model.bin");
        Files.writeString(p, "old content");
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write(new byte[1 << 20]); // a megabyte is out (past the buffer) when the disk "fills up"
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("old content", Files.readString(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
        var runtime = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, out -> {
            out.write(1);
            throw new IllegalStateException("bug in the writer");
        }));
        assertEquals("bug in the writer", runtime.getMessage());
        assertEquals("old content", Files.readString(p));
    }

    @Test
    void theFileGetsTheSamePermissionsAsAnyNewFile() throws IOException {
        Path written = dir.resolve("model.fathom");
        AtomicFiles.write(written, out -> out.write(1));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        if (Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            // not owner-only as a temporary file would be: the umask decides, as for plain.txt
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        }
    }

    private static java.util.List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSaveRemovesTheTemporaryFilesOfInterruptedSavesButNotThoseOfLiveOnes() throws IOException {
        Path p = dir.resolve("model.fathom");
        // Left by saves killed midway: nobody holds their lock.
        Path stale1 = Files.write(dir.resolve(".model.fathom" + AtomicFiles.TEMP_MARK + "abc"), new byte[1000]);
        Path stale2 = Files.write(AtomicFiles.temporaryName(p), new byte[10]);
        // Not temporary files of this path: kept.
        Files.writeString(dir.resolve(".other.fathom" + AtomicFiles.TEMP_MARK + "abc"), "x");
        Files.writeString(dir.resolve("model.fathom.fathom-tmp-abc"), "x");
        Path live = AtomicFiles.temporaryName(p);
        try (var channel = java.nio.channels.FileChannel.open(live, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE); var lock = channel.lock()) {
            AtomicFiles.write(p, out -> out.write("saved".getBytes()));
            assertEquals("saved", Files.readString(p));
            assertEquals(java.util.List.of(".model.fathom" + AtomicFiles.TEMP_MARK + live.getFileName().toString()
                    .substring((".model.fathom" + AtomicFiles.TEMP_MARK).length()), ".other.fathom" + AtomicFiles.TEMP_MARK + "abc",
                    "model.fathom", "model.fathom.fathom-tmp-abc"), names(dir), "the stale ones went, the live one stayed");
            assertTrue(Files.notExists(stale1) && Files.notExists(stale2));
        }
        // Its writer gone (the lock released), the next save removes it too.
        AtomicFiles.write(p, out -> out.write("again".getBytes()));
        assertEquals(java.util.List.of(".other.fathom" + AtomicFiles.TEMP_MARK + "abc", "model.fathom", "model.fathom.fathom-tmp-abc"),
                names(dir));
    }

    @Test
    void aSaveInProgressHoldsTheLockOnItsTemporaryFile() throws IOException {
        Path p = dir.resolve("model.fathom");
        AtomicFiles.write(p, out -> {
            out.write(1);
            out.flush();
            java.util.List<String> temps = names(dir);
            assertEquals(1, temps.size(), temps.toString());
            assertTrue(temps.get(0).startsWith(".model.fathom" + AtomicFiles.TEMP_MARK), temps.toString());
            // Another save to the same path meanwhile leaves it alone.
            AtomicFiles.removeStaleTemporaryFiles(p.toAbsolutePath());
            assertEquals(temps, names(dir));
        });
        assertEquals(java.util.List.of("model.fathom"), names(dir));
    }
}
