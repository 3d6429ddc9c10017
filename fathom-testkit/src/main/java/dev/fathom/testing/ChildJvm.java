package dev.fathom.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's {@code main} in a fresh JVM with a heap of its own, for tests that prove a bound
 * on memory (a hostile file refused within {@code -Xmx64m}) or want a process of their own: the
 * same java, the test's class path, the Vector API module, stdout and stderr together.
 *
 * <pre>{@code
 * ChildJvm.Result r = ChildJvm.run("64m", LoadInChildJvm.class, bomb.toString());
 * assertEquals(List.of("cannot load model file ..."), r.lines());
 * }</pre>
 */
public final class ChildJvm {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private ChildJvm() {}

    /** What the child printed (stdout and stderr, in order) and its exit code. */
    public record Result(int exitCode, String output) {
        /** The output's lines, less the launcher's warning that the Vector API is an incubator module. */
        public List<String> lines() {
            return output.lines().filter(l -> !l.equals(INCUBATOR_WARNING)).toList();
        }
    }

    /** Runs {@code main}'s main method with {@code args} under {@code -Xmx<maxHeap>} and waits for it to end. */
    public static Result run(String maxHeap, Class<?> main, String... args) {
        try {
            Process p = start(maxHeap, main, args);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the child JVM", e);
        }
    }

    /**
     * Starts {@code main}'s main method with {@code args} under {@code -Xmx<maxHeap>} and returns at
     * once, for a test that talks to the child or kills it midway ({@link Process#destroyForcibly}
     * is {@code kill -9}); its stdout and stderr come together from {@link Process#getInputStream}.
     */
    public static Process start(String maxHeap, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * The heap this JVM has used at most so far: the sum of each heap pool's peak, an upper bound
     * (the pools peak at different times). A child's main prints it last, for the test to check.
     */
    public static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }
}
