package dev.fathom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fathom} command. Each subcommand is one class in this package.
 *
 * <pre>
 * ./fathom train digits              # the practitioner's process on a built-in data set
 * ./fathom bench                     # SGEMM throughput, comparable with the PyTorch anchor
 * ./fathom bench sgemm_1024 --threads 2
 * ./fathom describe houses.csv --target price
 * ./fathom predict model.fathom new.csv --out predictions.csv --proba
 * ./fathom evaluate model.fathom test.csv --out metrics.json
 * ./fathom serve model.fathom --port 8080   # POST /predict, GET /health, GET /metadata
 * ./fathom export model.fathom model.onnx  # an ONNX file for ONNX Runtime, preprocessing included
 * ./fathom shell                     # jshell with Fathom imported: var m = new Sequential(new Dense(10))
 * </pre>
 */
@Command(name = "fathom", mixinStandardHelpOptions = true, version = "Fathom 0.1.0",
        description = "Deep learning for Java developers.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, DescribeCommand.class,
                ServeCommand.class, ExportCommand.class, ShellCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
            cmd.getErr().println("fathom: " + message(ex));
            if (System.getenv("FATHOM_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        LogLines.install(cl::getErr);   // the library's warnings as one line each: "fathom: warning: ..."
        return cl;
    }

    /**
     * What to tell the user about a failure: its message, or, for an exception that has none (a
     * bug, not bad input), its type and where it came from, so the report is never "fathom: null".
     */
    static String message(Throwable ex) {
        if (ex.getMessage() != null && !ex.getMessage().isBlank()) return ex.getMessage();
        StackTraceElement[] at = ex.getStackTrace();
        return ex.getClass().getName() + (at.length > 0 ? " at " + at[0] : "")
                + " (an internal error, not a problem with your input; run with FATHOM_DEBUG=1 for the stack trace and report it)";
    }
}
