package dev.fathom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Proves that loading a file did not initialize a class it named: the class's static initializer
 * calls {@link #spring}, which writes a file, and the test checks afterwards that the file does
 * not exist. Each trap class serves one test, since a class is initialized at most once per JVM.
 *
 * <pre>{@code
 * public static final class NotALayer {
 *     static { InitializationTrap.spring(NotALayer.class); }
 * }
 * assertThrows(IllegalArgumentException.class, () -> LayerConfigs.fromConfig(entryNaming(NotALayer.class)));
 * assertFalse(InitializationTrap.sprung(NotALayer.class));
 * }</pre>
 */
public final class InitializationTrap {
    private static final Path DIR = createDirectory();

    private InitializationTrap() {}

    /** Writes {@code trap}'s file; call it from the trap class's static initializer. */
    public static void spring(Class<?> trap) {
        try {
            Files.writeString(file(trap), "initialized");
            file(trap).toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code trap}'s static initializer has run (its file exists). */
    public static boolean sprung(Class<?> trap) {
        return Files.exists(file(trap));
    }

    /** The file {@link #spring} writes for {@code trap}. */
    public static Path file(Class<?> trap) {
        return DIR.resolve(trap.getName());
    }

    private static Path createDirectory() {
        try {
            Path dir = Files.createTempDirectory("fathom-initialization-traps");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
