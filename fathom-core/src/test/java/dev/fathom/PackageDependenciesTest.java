package dev.fathom;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that the packages above the tensor engine depend on each other one way only:
 * tensor → autograd → layers → saving → models, with losses and optimizers under models. Any
 * mention of {@code dev.fathom.<package>} in a source file (an import or a qualified name) counts.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/fathom");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.fathom\\.([a-z]+)\\b");

    /** What each package may use besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("layers", Set.of("tensor", "autograd")),
            Map.entry("metrics", Set.of("tensor")),
            Map.entry("losses", Set.of("tensor", "autograd")),
            Map.entry("optimizers", Set.of("tensor", "autograd")),
            Map.entry("saving", Set.of("tensor", "autograd", "layers")),
            Map.entry("models", Set.of("tensor", "autograd", "layers", "losses", "optimizers", "saving", "metrics", "data")),
            Map.entry("data", Set.of("tensor")),
            Map.entry("data/split", Set.of("tensor", "data")),
            Map.entry("data/batch", Set.of("tensor", "data")),
            Map.entry("data/images", Set.of("tensor", "data")),
            Map.entry("data/timeseries", Set.of("tensor", "data")),
            Map.entry("data/sequences", Set.of("tensor", "data")),
            Map.entry("data/preprocessing", Set.of("data", "tensor", "autograd", "layers")),
            Map.entry("datasets", Set.of("tensor", "autograd", "data")),
            Map.entry("estimators", Set.of("tensor", "autograd", "layers", "losses", "optimizers", "models", "metrics", "saving")),
            Map.entry("validation", Set.of("tensor", "backend", "data", "estimators", "metrics")),
            Map.entry("diagnosis", Set.of("models", "metrics")),
            Map.entry("ensembles", Set.of("tensor", "estimators", "metrics", "data")),
            Map.entry("forecast", Set.of("tensor", "models", "metrics")),
            Map.entry("pipeline", Set.of("tensor", "data", "estimators", "saving")));

    @Test
    void packagesDependOneWay() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the fathom-core module directory; no " + SOURCES.toAbsolutePath());
        Map<String, Set<String>> violations = new TreeMap<>();
        for (var entry : ALLOWED.entrySet()) {
            String pkg = entry.getKey();
            try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = REFERENCE.matcher(Files.readString(f));
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !entry.getValue().contains(used)) {
                            violations.computeIfAbsent(pkg + "/" + f.getFileName(), k -> new TreeSet<>()).add(used);
                        }
                    }
                }
            }
        }
        assertEquals(Map.of(), violations, "files that use a package above their own");
    }

    @Test
    void theCheckSeesReferences() {
        // Guards the pattern itself: an import and a qualified name are both found.
        Matcher m = REFERENCE.matcher("import dev.fathom.saving.Json;\n x = dev.fathom.models.Model.load(p);");
        Set<String> found = new TreeSet<>();
        while (m.find()) found.add(m.group(1));
        assertEquals(Set.of("saving", "models"), found);
    }
}
