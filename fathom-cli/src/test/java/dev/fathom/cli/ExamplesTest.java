package dev.fathom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programs under {@code examples/} compile against today's API, and the smallest one learns what it says. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path classes;

    private void compileExamples() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no examples found in " + EXAMPLES.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                    "--add-modules", "jdk.incubator.vector", "-proc:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(ok, () -> "examples do not compile:\n" + diagnostics.getDiagnostics());
        }
    }

    @Test
    void celsiusToFahrenheitLearnsTheFormula() throws Exception {
        compileExamples();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, "UTF-8"));
            loader.loadClass("CelsiusToFahrenheit").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString("UTF-8");
        Matcher m = Pattern.compile("learned:  F = ([0-9.]+) × C \\+ ([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(1.8, Double.parseDouble(m.group(1)), 0.01, out);
        assertEquals(32, Double.parseDouble(m.group(2)), 0.5, out);
    }
}
