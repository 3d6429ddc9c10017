package dev.fathom.cli;

import dev.fathom.workflow.StopSignal;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Ctrl-C (SIGINT) and {@code kill} (SIGTERM) while {@code fathom train} runs: the first raises the
 * {@link StopSignal}, so training ends at its next check and the main thread saves the best model
 * so far and writes the report as in any run; the second ends the process at once (exit 130),
 * saving nothing more.
 *
 * <p>A signal handler rather than a shutdown hook, because a hook runs once the JVM is already
 * shutting down: the report's charts were then rendered during shutdown, where the first use of
 * ImageIO registers a shutdown hook of its own and fails, so report.html was never written. With
 * the handler the JVM does not begin to shut down until the run has returned. Where the JVM leaves
 * signals alone ({@code -Xrs}) nothing is installed and a signal ends the run as any program's.
 */
final class StopOnCtrlC implements AutoCloseable {
    /** The exit code of a run ended by a signal: 128 + SIGINT's number, as shells report Ctrl-C. */
    static final int EXIT_CODE = 130;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopOnCtrlC() {}

    /**
     * Handles SIGINT and SIGTERM until {@link #close}: the first raises {@code stop} and says so on
     * {@code out}; the second exits. Whoever else prints to {@code out} during the run must do it
     * holding {@code out}'s monitor, so that the quit line is the last.
     */
    static StopOnCtrlC install(StopSignal stop, PrintWriter out) {
        StopOnCtrlC installed = new StopOnCtrlC();
        SignalHandler handler = handler(stop, out, System::exit);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                installed.previous.put(signal, Signal.handle(signal, handler));
            } catch (IllegalArgumentException e) {
                // the JVM runs with -Xrs, or the platform has no such signal: it ends the process as usual
            }
        }
        return installed;
    }

    /** What each signal does: the first raises {@code stop} and says so, the second says it quits and calls {@code exit}. */
    static SignalHandler handler(StopSignal stop, PrintWriter out, IntConsumer exit) {
        AtomicInteger count = new AtomicInteger();
        return signal -> {
            if (count.incrementAndGet() == 1) {
                stop.request();
                synchronized (out) {
                    out.println("fathom train: stopping (" + name(signal) + "): the best model so far is fitted and saved with its report;"
                            + " press Ctrl-C again to quit at once without saving");
                    out.flush();
                }
            } else {
                // Holding out while the JVM exits: the run's threads print through out under the same
                // monitor, so none can add a line after this one (a test saw one slip in before).
                synchronized (out) {
                    out.println("fathom train: quit without saving (" + name(signal) + " again)");
                    out.flush();
                    exit.accept(EXIT_CODE);
                }
            }
        };
    }

    private static String name(Signal signal) {
        return signal.getName().equals("INT") ? "Ctrl-C" : "SIG" + signal.getName();
    }

    /** Puts back the handlers there were before, so the JVM's own handling resumes. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
