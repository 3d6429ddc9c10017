package dev.fathom.backend.cpu;

import dev.fathom.backend.DeviceUnavailableException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program on the plain class path, started without {@code --add-modules jdk.incubator.vector},
 * stops at its first tensor with the one line that names the flag; the fix that line offers works.
 * Each case starts a JVM of its own, since this one was started with the flag.
 */
class CpuBackendProviderTest {

    /** The program the child JVMs run: one tensor, then a line that says it got that far. */
    public static final class FirstTensor {
        public static void main(String[] args) {
            System.out.println("sum " + Tensor.of(new float[] {1, 2, 3}).sum().item());
        }
    }

    private record Run(int exitCode, String output) {}

    /** The uncaught-exception report that must be all a program started without the flag prints. */
    private static final String ONE_LINE = "Exception in thread \"main\" " + DeviceUnavailableException.class.getName()
            + ": " + CpuBackendProvider.NO_VECTOR_API;

    /** Runs {@code java <program>} with this JDK, this module's classes as class path, and {@code env} added. */
    private static Run java(Map<String, String> env, String... program) throws IOException, InterruptedException {
        String classPath = Path.of("target", "classes") + File.pathSeparator + Path.of("target", "test-classes");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath));
        command.addAll(List.of(program));
        Path log = Files.createTempFile("first-tensor", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Options a developer's shell may set would add the module, or a "Picked up" line.
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("_JAVA_OPTIONS");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not finish in 60 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void withoutTheFlagTheFirstTensorStopsTheProgramWithOneLine() throws Exception {
        Run run = java(Map.of(), FirstTensor.class.getName());
        assertEquals(1, run.exitCode(), run.output());
        // Exactly the JVM's report of an uncaught exception, and nothing more: no stack frames, and
        // no NoClassDefFoundError from a class that touched the Vector API before the check.
        assertEquals(ONE_LINE, run.output().strip());
    }

    @Test
    void aSourceFileProgramStopsWithTheSameLine(@TempDir Path dir) throws Exception {
        // `java -cp ... Program.java` trims the launcher's own frames from an escaping exception,
        // which fails on an exception with fewer frames than that (so the frames must stay).
        Path source = dir.resolve("Program.java");
        Files.writeString(source, """
                public class Program {
                    public static void main(String[] args) {
                        System.out.println(dev.fathom.tensor.Tensor.of(new float[] {1, 2, 3}).sum().item());
                    }
                }
                """);
        Run run = java(Map.of(), source.toString());
        assertEquals(1, run.exitCode(), run.output());
        assertEquals(ONE_LINE, run.output().strip());
    }

    @Test
    void theFixTheLineOffersWorks() throws Exception {
        Run run = java(Map.of("JDK_JAVA_OPTIONS", "--add-modules=jdk.incubator.vector"), FirstTensor.class.getName());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("sum 6.0"), run.output());
    }
}
