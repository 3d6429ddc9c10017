package dev.fathom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import sun.misc.Signal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code fathom shell}: jshell, the JDK's Java REPL, with Fathom on the class path, the Vector API
 * module added and Fathom's packages imported (the startup script {@code startup.jsh} beside this
 * class), so a learner can type {@code var m = new Sequential(new Dense(10))} at once and see
 * tensors, layers, tables and histories printed.
 *
 * <pre>
 * ./fathom shell                       # interactive
 * ./fathom shell explore.jsh           # run a script of snippets (end it with /exit)
 * ./fathom shell --feedback verbose    # any other jshell option is passed on
 * FATHOM_JAVA_OPTS=-Xmx8g ./fathom shell   # JVM options for the VM that runs the snippets
 * </pre>
 *
 * <p>jshell runs as a child process sharing this terminal; this process only waits for it, and
 * ignores Ctrl-C meanwhile, which jshell uses to stop a running snippet.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, customSynopsis = "fathom shell [-hV] [JSHELL_ARG...]",
        description = {"Start jshell (the Java REPL) with Fathom on the class path and its packages imported.",
                "Try:  var m = new Sequential(new Dense(10))   or   var t = Tensor.randn(new Generator(0), 2, 3)   (/exit leaves).",
                "Other arguments go to jshell: a script file to run, or options such as --feedback verbose.",
                "FATHOM_JAVA_OPTS (e.g. -Xmx8g) applies to the JVM that runs the snippets."})
final class ShellCommand implements Callable<Integer> {
    /** The startup script, a resource beside this class. */
    static final String STARTUP = "startup.jsh";

    /** Everything after {@code shell}, for jshell. */
    @CommandLine.Unmatched
    List<String> jshellArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jshell = jshell(Path.of(System.getProperty("java.home")));
        Path startup = Files.createTempFile("fathom-startup", ".jsh");
        startup.toFile().deleteOnExit();
        try (InputStream in = ShellCommand.class.getResourceAsStream(STARTUP)) {
            if (in == null) throw new IllegalStateException("fathom shell: the startup script " + STARTUP + " is missing from the fathom-cli jar; rebuild it");
            Files.copy(in, startup, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = command(jshell, classPath(), startup, javaOptions(System.getenv("FATHOM_JAVA_OPTS")), jshellArgs);

        PrintWriter out = spec.commandLine().getOut();
        if (System.console() != null && System.console().isTerminal()) {
            out.println("Fathom shell: jshell with Fathom's packages imported. Try:  var t = Tensor.randn(new Generator(0), 2, 3)");
        }
        out.flush();
        // Ctrl-C reaches every process on the terminal: jshell stops the running snippet, and this
        // one must not exit under it. A handler, not "ignore", which jshell would inherit.
        try {
            Signal.handle(new Signal("INT"), signal -> { });
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs and leaves signals alone: Ctrl-C then ends both, as any command.
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /**
     * The jshell command line: Fathom's class path and the Vector API module for both compiling and
     * running snippets ({@code --add-modules} applies to both), {@code javaOptions} for the VM
     * that runs them ({@code -R}), jshell's default imports and {@code println}, then Fathom's.
     */
    static List<String> command(Path jshell, String classPath, Path startup, List<String> javaOptions, List<String> jshellArgs) {
        List<String> c = new ArrayList<>();
        c.add(jshell.toString());
        c.add("--class-path");
        c.add(classPath);
        c.add("--add-modules");
        c.add("jdk.incubator.vector");
        c.add("-R--enable-native-access=ALL-UNNAMED");
        for (String option : javaOptions) c.add("-R" + option);
        c.add("--startup");
        c.add("DEFAULT");
        c.add("--startup");
        c.add("PRINTING");
        c.add("--startup");
        c.add(startup.toString());
        c.addAll(jshellArgs);
        return c;
    }

    /**
     * The jshell of the JDK this runs on.
     *
     * @throws IllegalStateException when that Java has none (a JRE or a trimmed runtime), saying where it looked
     */
    static Path jshell(Path javaHome) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path jshell = javaHome.resolve("bin").resolve(windows ? "jshell.exe" : "jshell");
        if (!Files.isExecutable(jshell)) {
            throw new IllegalStateException("fathom shell: no jshell at " + jshell + "; the Java at " + javaHome
                    + " is not a full JDK. Point JAVA_HOME at a JDK 25 (it has bin/jshell) and run ./fathom shell again");
        }
        return jshell;
    }

    /**
     * This process's class path, which holds Fathom and its dependencies (the launcher's
     * {@code fathom-cli/target/lib/*}, already expanded by the JVM), with the module path if it was
     * started as modules: jshell takes both as its class path.
     */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) parts.add(value);
        }
        if (parts.isEmpty()) throw new IllegalStateException("fathom shell: this JVM has no class path to give jshell; run it through ./fathom");
        return String.join(File.pathSeparator, parts);
    }

    /** The words of {@code FATHOM_JAVA_OPTS} (split on whitespace, as the launcher does), or none. */
    static List<String> javaOptions(String env) {
        if (env == null || env.isBlank()) return List.of();
        return List.of(env.strip().split("\\s+"));
    }
}
