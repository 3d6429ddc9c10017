package dev.fathom.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Log records as the command line prints them: one line each on its error stream, {@code fathom:
 * warning: <message>} (or {@code fathom: error:}, or {@code fathom:} for information), without the
 * timestamp and logger name of java.util.logging's two-line default. The library logs its warnings
 * (a CSV file's skipped rows, a class rarer than the folds) through {@code System.Logger}, which
 * java.util.logging serves; a program that uses the library keeps its own logging configuration,
 * since only the {@code fathom} command installs this.
 */
final class LogLines extends Handler {
    private final Supplier<PrintWriter> err;
    /** Only for {@link SimpleFormatter#formatMessage}: a record's parameters filled in. */
    private final SimpleFormatter messages = new SimpleFormatter();

    private LogLines(Supplier<PrintWriter> err) {
        this.err = err;
        setLevel(Level.INFO);
    }

    /**
     * Makes the root logger print to {@code err} through this handler alone: the default console
     * handler and any earlier {@code LogLines} are removed, so installing twice prints once.
     */
    static void install(Supplier<PrintWriter> err) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof LogLines || h instanceof ConsoleHandler) root.removeHandler(h);
        }
        root.addHandler(new LogLines(err));
    }

    /** The one line a record prints as. */
    String line(LogRecord record) {
        int level = record.getLevel().intValue();
        String kind = level >= Level.SEVERE.intValue() ? "error: " : level >= Level.WARNING.intValue() ? "warning: " : "";
        String message = messages.formatMessage(record);
        Throwable thrown = record.getThrown();
        if (thrown != null && thrown.getMessage() != null && (message == null || !message.contains(thrown.getMessage()))) {
            message = (message == null || message.isBlank() ? "" : message + ": ") + thrown.getMessage();
        }
        // A message of several lines would read as several warnings: one line, its parts joined.
        return "fathom: " + kind + (message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; "));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) return;
        PrintWriter w = err.get();
        w.println(line(record));
        w.flush();
    }

    @Override
    public void flush() {
        err.get().flush();
    }

    @Override
    public void close() {
        flush();
    }
}
