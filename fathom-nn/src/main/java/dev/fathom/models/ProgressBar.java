package dev.fathom.models;

import java.io.PrintStream;
import java.util.Map;

/**
 * Training progress as Keras shows it: on a terminal, a bar per epoch redrawn in place with the
 * batch count, ETA and running loss and metrics; elsewhere (CI logs, files) one line per epoch.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    /** Redraw at most this often, so printing never slows training. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private int epoch;
    private int epochs;
    private int batches;
    private long start;
    private long lastDraw;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether standard output is an interactive terminal (not a pipe, file or CI log). */
    static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    void epochStart(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        if (terminal) out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }

    void batch(int done, Map<String, Double> running) {
        if (!terminal) return;
        long now = System.nanoTime();
        if (done < batches && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double eta = done == 0 ? 0 : elapsed / done * (batches - done);
        int filled = batches == 0 ? WIDTH : (int) ((long) WIDTH * done / batches);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (done == batches ? "=" : ">") : "")
                + ".".repeat(WIDTH - filled);
        String count = String.format("%" + String.valueOf(batches).length() + "d/%d", done, batches);
        out.print("\r" + count + " [" + bar + "] - ETA: " + seconds(eta) + format(running) + "   ");
        out.flush();
    }

    void epochEnd(Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        String count = batches + "/" + batches;
        if (terminal) {
            out.print("\r" + count + " [" + "=".repeat(WIDTH) + "] - " + seconds(elapsed) + format(logs) + "   ");
            out.println();
        } else {
            out.println("Epoch " + (epoch + 1) + "/" + epochs + " - " + count + " - " + seconds(elapsed) + format(logs));
        }
        out.flush();
    }

    private static String seconds(double s) {
        return s < 10 ? String.format("%.1fs", s) : String.format("%.0fs", s);
    }

    private static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ")
                .append(String.format(k.equals(History.LEARNING_RATE) ? "%.4g" : "%.4f", v)));
        return sb.toString();
    }
}
