package dev.fathom.saving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
