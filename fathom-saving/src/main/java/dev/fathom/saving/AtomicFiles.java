package dev.fathom.saving;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
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
 * <p>A save killed midway ({@code kill -9}, a power cut) cannot delete its temporary file, so each
 * is findable and says whether its writer lives: it is named {@code .NAME.fathom-tmp-<random>}
 * beside {@code NAME}, and its writer holds an exclusive lock on it ({@link FileChannel#tryLock})
 * from its creation through the rename. Every save to a path first deletes that path's temporary
 * files whose lock it can take (their writer is gone: the system released its lock), and leaves
 * those still locked (another save, in this or another process, is under way).
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

    /** What follows {@code "." + NAME} in the name of a temporary file of a save to {@code NAME}. */
    public static final String TEMP_MARK = ".fathom-tmp-";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with what {@code content} writes, atomically, after deleting the
     * temporary files that interrupted saves to {@code target} left.
     *
     * @throws IOException when writing or renaming fails; {@code target} then holds what it held before
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) Files.createDirectories(dir);
        removeStaleTemporaryFiles(absolute);
        // Not Files.createTempFile: its files are owner-only (0600), and the result should have the
        // permissions any new file gets (the umask), like a file written directly.
        Path temp;
        FileChannel opened;
        FileLock lock = null;
        while (true) {
            temp = temporaryName(absolute);
            try {
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;   // another writer's temporary file: draw another name
            }
            try {
                lock = opened.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;   // a cleaner of this process holds it and is deleting it
            } catch (IOException e) {
                break;         // a file system without locks: written unlocked, and no cleaner deletes what it cannot lock
            }
            // Between creating and locking, another save may have taken it for stale and deleted it: start over.
            if (lock != null && Files.exists(temp)) break;
            opened.close();
        }
        boolean done = false;
        try (var channel = opened; var held = lock) {
            OutputStream out = Channels.newOutputStream(channel);
            var buffered = new BufferedOutputStream(out, 1 << 16);
            content.writeTo(buffered);
            buffered.flush();
            // Durable before it becomes visible: a crash after the rename must not leave an empty file.
            channel.force(true);
            // Renamed while still locked, so no other save takes it for an interrupted one.
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

    /** A fresh temporary name for a save to {@code target}: {@code .NAME.fathom-tmp-<random>}. */
    static Path temporaryName(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_MARK + Long.toUnsignedString(RANDOM.nextLong(), 36));
    }

    /**
     * Deletes the temporary files of saves to {@code target} whose writer is gone: those whose lock
     * this process can take. One it cannot take or delete is left as it is; cleaning up is a
     * courtesy that never fails a save.
     */
    static void removeStaleTemporaryFiles(Path target) {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + TEMP_MARK;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path temp : temps) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                     FileLock lock = lockOrNull(channel)) {
                    if (lock != null) Files.deleteIfExists(temp);   // deleted while locked: no writer can start on it
                } catch (IOException e) {
                    // gone already, or not ours to delete: leave it
                }
            }
        } catch (IOException e) {
            // an unreadable directory: the save itself will say so
        }
    }

    /** The exclusive lock on the file, or null when another channel (of this process or another) holds one. */
    private static FileLock lockOrNull(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
