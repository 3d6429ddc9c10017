package dev.fathom.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The running commentary of {@link Fathom#train}: a header per step of the process, a line per
 * decision with its reason (also kept for the report), and progress lines with the time since the
 * start.
 */
final class Progress {
    static final String[] STEPS = {"Define the problem", "Prepare the data", "Evaluate algorithms", "Improve the best", "Present the results"};

    private final Consumer<String> out;
    private final long start = System.nanoTime();
    private final List<String> decisions = new ArrayList<>();

    Progress(Consumer<String> out) {
        this.out = out;
    }

    /** Starts step {@code index} (1-based) of the five. */
    void step(int index) {
        out.accept("");
        out.accept(String.format(Locale.ROOT, "[%d/5] %s  (%s)", index, STEPS[index - 1], elapsedText()));
    }

    /** A decision and its reason: printed and kept. */
    void decide(String text) {
        decisions.add(text);
        out.accept("  - " + text);
    }

    /** A line of information. */
    void info(String text) {
        out.accept("  " + text);
    }

    /** A block (a table), indented. */
    void block(String text) {
        for (String line : text.split("\n")) out.accept("    " + line);
    }

    /** A plain line, not indented (the last lines: file paths). */
    void line(String text) {
        out.accept(text);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    String elapsedText() {
        return String.format(Locale.ROOT, "%.1f s", elapsedSeconds());
    }

    List<String> decisions() {
        return List.copyOf(decisions);
    }
}
