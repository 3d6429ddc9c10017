package dev.fathom.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walls the compiled {@code module-info} files put up: each library module exports its API and
 * nothing else, and the engine needs nothing beyond the JDK's base and the Vector API — in its
 * descriptor and in its classes, as {@code jdeps} reads them.
 */
class ModuleBoundaryTest {
    /** The library modules, built before this one in the reactor. */
    private static final Set<String> LIBRARY = Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml", "fathom-text");
    /**
     * Packages that are implementation, reached only through a service or an exported type: the CPU
     * backend's kernels, and the float math fathom-ml's logistic regression and boosting share.
     */
    private static final Set<String> INTERNAL = Set.of("dev.fathom.backend.cpu", "dev.fathom.estimators.math");

    private static ModuleDescriptor descriptor(String module) throws IOException {
        Path file = SourceTree.ROOT.resolve(module).resolve("target/classes/module-info.class");
        assertTrue(Files.exists(file), "no " + file + "; build the module first (./mvnw verify builds it before this test)");
        try (InputStream in = Files.newInputStream(file)) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void everyLibraryModuleExportsItsApiAndNoInternals() throws IOException {
        SourceTree tree = SourceTree.read();
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (String module : LIBRARY) {
            ModuleDescriptor d = descriptor(module);
            Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = tree.moduleOf.entrySet().stream()
                    .filter(e -> e.getValue().equals(module) && !INTERNAL.contains(e.getKey()))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            if (!exported.equals(expected)) wrong.put(module + " (" + d.name() + ")", exported);
            for (ModuleDescriptor.Exports e : d.exports()) {
                assertTrue(e.targets().isEmpty(), d.name() + " exports " + e.source() + " to some modules only: say why, or export it");
            }
        }
        assertEquals(Map.of(), wrong, "exports differ from the module's packages less " + INTERNAL);
        assertTrue(tree.moduleOf.keySet().containsAll(INTERNAL), "the internal packages exist");
    }

    @Test
    void theCpuBackendIsAServiceLikeAnyOther() throws IOException {
        ModuleDescriptor tensor = descriptor("fathom-tensor");
        assertEquals(Set.of("dev.fathom.backend.BackendProvider"), tensor.uses());
        assertEquals(Set.of("dev.fathom.backend.cpu.CpuBackendProvider"),
                tensor.provides().stream().flatMap(p -> p.providers().stream()).collect(Collectors.toSet()));
        Path services = SourceTree.ROOT.resolve("fathom-tensor/target/classes/META-INF/services/dev.fathom.backend.BackendProvider");
        assertEquals("dev.fathom.backend.cpu.CpuBackendProvider", Files.readString(services).strip(), "the class path's service file");
    }

    @Test
    void theEngineNeedsTheJdkBaseAndTheVectorApiOnly() throws IOException {
        ModuleDescriptor tensor = descriptor("fathom-tensor");
        Set<String> required = tensor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "jdk.incubator.vector"), required, "dev.fathom.tensor's requires");

        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "25", "--list-deps",
                SourceTree.ROOT.resolve("fathom-tensor/target/classes").toString());
        assertEquals(0, status, out.toString());
        Set<String> used = out.toString().lines().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("java.base", "jdk.incubator.vector"), used, "what jdeps finds in fathom-tensor's classes");
    }
}
