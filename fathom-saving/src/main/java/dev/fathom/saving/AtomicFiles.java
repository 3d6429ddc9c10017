package dev.fathom.saving;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * partly written file: the bytes go to a temporary file in the same directory (same file system,
 * so the rename cannot turn into a copy), which is flushed to disk and then renamed over the target
 * with {@code ATOMIC_MOVE}, falling back to {@code REPLACE_EXISTING} where the file system cannot
 * rename atomically. If anything fails the temporary file is deleted and the old file is untouched.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("model.fathom"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out} (do not close it). */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with what {@code content} writes, atomically.
     *
     * @throws IOException when writing or renaming fails; {@code target} then holds what it held before
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) Files.createDirectories(dir);
        // Not Files.createTempFile: its files are owner-only (0600), and the result should have the
        // permissions any new file gets (the umask), like a file written directly.
        Path temp;
        FileChannel opened;
        while (true) {
            temp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary file: draw another name
            }
        }
        boolean done = false;
        try {
            try (var channel = opened;
                 OutputStream out = Channels.newOutputStream(channel)) {
                var buffered = new BufferedOutputStream(out, 1 << 16);
                content.writeTo(buffered);
                buffered.flush();
                // Durable before it becomes visible: a crash after the rename must not leave an empty file.
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }
}
