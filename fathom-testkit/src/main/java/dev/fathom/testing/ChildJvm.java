package dev.fathom.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
            Process p = new ProcessBuilder(command(maxHeap, main, args)).redirectErrorStream(true).start();
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
     * Starts {@code main}'s main method with {@code args} under {@code -Xmx<maxHeap>} and returns
     * at once, for a test that acts on the child while it runs: waits for a line it prints, sends
     * it a signal, then waits for its end.
     *
     * <pre>{@code
     * try (ChildJvm.Running child = ChildJvm.start("512m", Main.class, "train", "iris")) {
     *     child.awaitLine(l -> l.startsWith("[3/5]"));
     *     child.signal("INT");                       // as Ctrl-C
     *     assertEquals(130, child.waitFor().exitCode());
     * }
     * }</pre>
     */
    public static Running start(String maxHeap, Class<?> main, String... args) {
        try {
            return new Running(new ProcessBuilder(command(maxHeap, main, args)).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(String maxHeap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A child JVM that is running. Its output (stdout and stderr together) is read as it comes, by
     * a thread of its own, so the child never blocks on a full pipe. Closing it kills the child if
     * it still runs.
     */
    public static final class Running implements AutoCloseable {
        /** How long {@link #awaitLine} and {@link #waitFor} wait at most: a guard against a hung child, not a timing. */
        private static final Duration PATIENCE = Duration.ofMinutes(5);
        private final Process process;
        private final StringBuilder output = new StringBuilder();
        /** The lines not yet looked at by {@link #awaitLine}; an empty one marks the end of the output. */
        private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        private Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        lines.add(Optional.of(line));
                    }
                } catch (IOException e) {
                    // the child was killed: its output ends here
                } finally {
                    lines.add(Optional.empty());
                }
            }, "child-jvm-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The child's process id. */
        public long pid() {
            return process.pid();
        }

        /**
         * Waits for the first line from now on that {@code matches}, and returns it.
         *
         * @throws AssertionError when the child's output ends first (its output so far in the
         *     message), or after five minutes
         */
        public String awaitLine(Predicate<String> matches) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            try {
                while (true) {
                    Optional<String> line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (line == null) throw new AssertionError("no such line from the child JVM within " + PATIENCE + "; it printed:\n" + output());
                    if (line.isEmpty()) {
                        lines.add(line);   // the end stays marked for the next caller
                        throw new AssertionError("the child JVM's output ended without such a line; it printed:\n" + output());
                    }
                    if (matches.test(line.get())) return line.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the child JVM", e);
            }
        }

        /**
         * Sends the signal {@code name} ({@code INT} as Ctrl-C does, {@code TERM}, ...) to the child
         * with {@code kill}, which Java has no call for; where there is no {@code kill} (Windows)
         * the test is skipped, saying why.
         */
        public void signal(String name) {
            Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"), "no kill command to send SIG" + name + " with");
            try {
                Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
                String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (kill.waitFor() != 0) throw new AssertionError("kill -" + name + " " + pid() + " failed: " + said.strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted sending SIG" + name, e);
            }
        }

        /**
         * Waits for the child to end and returns its exit code and whole output.
         *
         * @throws AssertionError when it has not ended after five minutes (it is then killed)
         */
        public Result waitFor() {
            try {
                if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child JVM did not end within " + PATIENCE + "; it printed:\n" + output());
                }
                reader.join();   // it ends with the output, which ends with the process
                return new Result(process.exitValue(), output());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the child JVM", e);
            }
        }

        private String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) process.destroyForcibly();
        }
    }
}
