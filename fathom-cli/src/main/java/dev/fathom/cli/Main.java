package dev.fathom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fathom} command. Each subcommand is one class in this package.
 *
 * <pre>
 * ./fathom bench                     # SGEMM throughput, comparable with the PyTorch anchor
 * ./fathom bench sgemm_1024 --threads 2
 * ./fathom serve model.fathom --port 8080   # POST /predict, GET /health, GET /metadata
 * </pre>
 */
@Command(name = "fathom", mixinStandardHelpOptions = true, version = "Fathom 0.1.0",
        description = "Deep learning for Java developers.",
        subcommands = {BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Errors from Fathom already say what and where: print the message, not a stack trace.
            cmd.getErr().println("fathom: " + ex.getMessage());
            if (System.getenv("FATHOM_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }
}
