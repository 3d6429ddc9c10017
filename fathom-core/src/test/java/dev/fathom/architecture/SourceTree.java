package dev.fathom.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main sources of every Fathom module, read as text: which module holds each package, and
 * which other {@code dev.fathom} packages each package's code names (imports and qualified names,
 * comments left out, since a Javadoc link is not a dependency).
 */
final class SourceTree {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.fathom(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    /**
     * String literals: a class named in one is looked up at run time, not compiled against (the
     * command line finds fathom-spark's entry point by name), so it is no dependency.
     */
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    /** The checkout's root: the tests run in fathom-core. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Package name to the module folder that holds it ({@code fathom-nn}). */
    final Map<String, String> moduleOf = new TreeMap<>();
    /** Package name to the other Fathom packages its code names. */
    final Map<String, Set<String>> uses = new TreeMap<>();

    static SourceTree read() {
        SourceTree tree = new SourceTree();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("fathom-")).toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) continue;
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) tree.add(module, f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree.moduleOf.isEmpty()) throw new AssertionError("no sources found under " + ROOT);
        return tree;
    }

    private void add(Path module, Path file) throws IOException {
        if (file.getFileName().toString().equals("module-info.java")) return;
        String code = STRING.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(" ")).replaceAll("\"\"");
        Matcher p = PACKAGE.matcher(code);
        if (!p.find()) throw new AssertionError(file + " has no package declaration");
        String pkg = p.group(1);
        String previous = moduleOf.put(pkg, module.getFileName().toString());
        if (previous != null && !previous.equals(module.getFileName().toString())) {
            throw new AssertionError("package " + pkg + " is split between " + previous + " and " + module.getFileName());
        }
        Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            if (!m.group(1).equals(pkg)) used.add(m.group(1));   // the lower-case part before the first type name
        }
    }
}
