package dev.fathom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code fathom shell}: jshell with Fathom imported prints models, layers, tensors and tables. */
class ShellCommandTest {
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    @Test
    void aLearnerCanBuildAModelAndATensorAtOnce() throws IOException, InterruptedException {
        Path jshell = JAVA_HOME.resolve("bin").resolve("jshell");
        if (!Files.isExecutable(jshell)) System.out.println("ShellCommandTest skipped: no jshell at " + jshell + " (a JRE?)");
        assumeTrue(Files.isExecutable(jshell), "no jshell at " + jshell + " (a JRE?), so the shell cannot be tried");

        // As the launcher runs it: `fathom shell`, here with jshell's normal feedback (it is concise when not on a terminal).
        Process p = new ProcessBuilder(JAVA_HOME.resolve("bin").resolve("java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.fathom.cli.Main", "shell", "--feedback", "normal")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("""
                    var m = new Sequential(new Flatten(), new Dense(10, "relu")).build(2, 3)
                    m.layers().get(1)
                    var t = Tensor.arange(6).reshape(2, 3)
                    Table.of(NumericColumn.of("x", 1.5, 2))
                    new SGD(0.1).getClass().getName()
                    Tensor.randn(new Generator(0), 64, 784).shape().length
                    /exit
                    """.getBytes(StandardCharsets.UTF_8));
        }
        String out;
        try (InputStream stdout = p.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Reading to the end means jshell has exited (after /exit); the wait only collects the status.
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("Error:"), out);
        assertTrue(out.contains("m ==> ") && out.contains("Sequential"), out);
        assertTrue(out.contains("Dense(units=10, activation=relu, ") && out.contains("name=dense) [batch, 6] -> [batch, 10], 70 params"), out);
        assertTrue(out.contains("t ==> tensor([[0., 1., 2.],"), out);
        assertTrue(out.contains("shape=[2, 3], dtype=float32)"), out);
        assertTrue(out.contains("numeric") && out.contains("[2 rows x 1 columns]"), out);
        assertTrue(out.contains("\"dev.fathom.optimizers.SGD\""), out);
        assertTrue(out.contains("==> 2"), out);   // the banner's suggestion compiles
    }

    @Test
    void jshellGetsFathomTheVectorApiTheStartupScriptAndTheArguments() {
        List<String> c = ShellCommand.command(Path.of("/jdk/bin/jshell"), "a.jar:b.jar", Path.of("/tmp/s.jsh"),
                List.of("-Xmx8g"), List.of("--feedback", "verbose", "script.jsh"));
        assertEquals(List.of("/jdk/bin/jshell", "--class-path", "a.jar:b.jar", "--add-modules", "jdk.incubator.vector",
                "-R--enable-native-access=ALL-UNNAMED", "-R-Xmx8g", "--startup", "DEFAULT", "--startup", "PRINTING",
                "--startup", "/tmp/s.jsh", "--feedback", "verbose", "script.jsh"), c);
        assertEquals(List.of("-Xmx8g", "-XX:+UseZGC"), ShellCommand.javaOptions("  -Xmx8g   -XX:+UseZGC "));
        assertEquals(List.of(), ShellCommand.javaOptions(null));
    }

    @Test
    void aJavaWithoutJshellIsExplained() {
        var e = assertThrows(IllegalStateException.class, () -> ShellCommand.jshell(dir));
        assertTrue(e.getMessage().startsWith("fathom shell: no jshell at " + dir.resolve("bin").resolve("jshell"))
                && e.getMessage().contains("Point JAVA_HOME at a JDK 25"), e.getMessage());
    }

    @Test
    void theStartupScriptImportsWhatALearnerNeeds() throws IOException {
        String script;
        try (InputStream in = ShellCommand.class.getResourceAsStream(ShellCommand.STARTUP)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String pkg : List.of("tensor", "layers", "models", "losses", "optimizers", "data", "datasets", "metrics", "estimators")) {
            assertTrue(script.contains("import dev.fathom." + pkg + ".*;"), pkg);
        }
    }

    @Test
    void helpListsTheShell() {
        Cli.Run r = Cli.run("--help");
        assertTrue(r.out().contains("shell") && r.out().contains("jshell"), r.out());
    }
}
