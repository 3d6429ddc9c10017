package dev.fathom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code fathom} command in-process, as tests need it: exit code, stdout and stderr. */
final class Cli {
    private Cli() {}

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
