package dev.fathom.cli;

import dev.fathom.saving.AtomicFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes a command's {@code --out} file atomically ({@link AtomicFiles}: readers see the old file
 * or the whole new one, never a part), and turns the file system's terse exceptions into messages
 * that say which file, why, and what to do.
 */
final class OutputFile {
    private OutputFile() {}

    /**
     * Writes {@code file} with what {@code content} writes; the folder is created when missing.
     *
     * @param what what the file holds, for the message ("the predictions")
     * @throws IllegalArgumentException when {@code file} is a folder or cannot be written, saying why
     */
    static void write(Path file, String what, AtomicFiles.Content content) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("cannot write " + what + " to " + file + ": it is a folder; give a file name"
                    + " inside it, e.g. --out " + file.resolve(defaultName(what)));
        }
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + what + " to " + file + ": " + reason(e, file)
                    + "; choose another --out, or make its folder writable", e);
        }
    }

    private static String defaultName(String what) {
        return what.contains("metrics") ? "metrics.json" : "predictions.csv";
    }

    /**
     * Why writing {@code target} failed, in words. The file system names the temporary file that
     * {@link AtomicFiles} writes first; the user never asked for that one, so its folder is named instead.
     */
    static String reason(IOException e, Path target) {
        String path = e instanceof FileSystemException f ? f.getFile() : null;
        Path folder = target.toAbsolutePath().getParent();
        boolean temporary = path != null && Path.of(path).getFileName() != null
                && Path.of(path).getFileName().toString().startsWith(".") && path.endsWith(".tmp");
        String at = path == null ? "" : temporary ? " in " + folder : " (" + path + ")";
        return switch (e) {
            case AccessDeniedException a -> "permission denied" + at;
            case FileAlreadyExistsException a -> "a file stands where a folder is needed" + at;
            case NoSuchFileException a -> "cannot create a file" + (temporary ? at : " in " + folder);
            case FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(java.util.Locale.ROOT) + at;
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}
