package dev.fathom.backend.cpu;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program on a plain class path, started without {@code --add-modules jdk.incubator.vector}, stops at
 * its first tensor with the one line that names the flag, never a NoClassDefFoundError; with the flag it runs.
 */
class WithoutVectorApiTest {

    private static Result run(boolean withFlag) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withFlag) command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WithoutVectorApiMain.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program did not end: " + out);
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String output) {}

    @Test
    void withoutTheFlagTheFirstTensorStopsWithOneLineNamingIt() throws Exception {
        Result r = run(false);
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("before any tensor"), r.output());
        assertTrue(r.output().contains("IllegalStateException: " + CpuBackendProvider.NO_VECTOR_API + "\n")
                || r.output().contains("IllegalStateException: " + CpuBackendProvider.NO_VECTOR_API + "\r\n"), r.output());
        assertFalse(r.output().contains("NoClassDefFoundError"), r.output());
        assertFalse(r.output().contains("sum "), "nothing ran: " + r.output());
    }

    @Test
    void withTheFlagItRuns() throws Exception {
        Result r = run(true);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("sum 6.0"), r.output());
    }
}
