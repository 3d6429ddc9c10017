package dev.fathom.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The evaluate and improve steps' time budget, read from an injected clock (nanoseconds; the
 * system's in a run, a fake one in tests), and the plan for each model: cross-validate it on all
 * the training rows when its estimated cost fits what is left, on a subsample when only a smaller
 * sample fits, or skip it, each with the reason (FLAML's cost-frugal search: cheap models first,
 * each costly one tried only as far as the budget allows).
 *
 * <p>Costs are estimated from a small fit: the seconds a probe on {@code probeRows} rows took,
 * scaled to the full rows by how the model's work grows (linearly for most; with training rows
 * times query rows for k-NN, whose prediction compares every query with every training row).
 */
final class TimeBudget {
    /** A subsample smaller than this says too little about the model: it is skipped instead. */
    static final int MIN_SUBSAMPLE = 1000;
    /** Of the time left, the share a plan may use: estimates are rough, and the models after it deserve a chance. */
    static final double SAFETY = 0.8;

    /** What to do with one model: run it on {@code rows} rows (all of them, or a subsample), or skip it. */
    record Plan(Kind kind, int rows, double estimatedSeconds, String reason) {
        enum Kind { FULL, SUBSAMPLE, SKIP }
    }

    private final Duration budget;
    private final LongSupplier clock;
    private final long start;

    TimeBudget(Duration budget, LongSupplier clock) {
        this.budget = budget;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    long now() {
        return clock.getAsLong();
    }

    double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    double remainingSeconds() {
        return budget.toNanos() / 1e9 - elapsedSeconds();
    }

    boolean expired() {
        return remainingSeconds() <= 0;
    }

    Duration budget() {
        return budget;
    }

    /**
     * The seconds a full cross-validation would take, from a probe that fitted on {@code probeRows}
     * rows and predicted {@code probeRows} rows in {@code probeSeconds}: {@code folds} fits on
     * {@code trainRows} rows, each predicting {@code testRows}.
     */
    static double estimate(double probeSeconds, int probeRows, int trainRows, int testRows, int folds, boolean quadratic) {
        double scale = quadratic ? (double) trainRows * testRows / ((double) probeRows * probeRows)
                : (trainRows + testRows) / (2.0 * probeRows);
        return folds * probeSeconds * Math.max(1, scale);
    }

    /**
     * The plan for a model of {@code name} whose cross-validation on {@code rows} rows is estimated
     * at {@code estimatedSeconds}: all the rows when that fits the time left (with a margin), else
     * the most rows that fit (the estimate shrinks linearly with the rows, or with their square for
     * a quadratic model), else a skip.
     */
    Plan plan(String name, double estimatedSeconds, int rows, boolean quadratic) {
        double left = remainingSeconds();
        double allowed = SAFETY * left;
        if (estimatedSeconds <= allowed) return new Plan(Plan.Kind.FULL, rows, estimatedSeconds, null);
        double ratio = allowed / estimatedSeconds;
        int sample = (int) Math.floor(rows * (quadratic ? Math.sqrt(ratio) : ratio));
        if (sample >= MIN_SUBSAMPLE) {
            return new Plan(Plan.Kind.SUBSAMPLE, sample, estimatedSeconds * (quadratic ? Math.pow((double) sample / rows, 2)
                    : (double) sample / rows), String.format(Locale.ROOT, "%s would take about %.0f s on all %d training rows and %.0f s"
                    + " of the budget are left: its folds train on a random %d of them", name, estimatedSeconds, rows, Math.max(0, left), sample));
        }
        return new Plan(Plan.Kind.SKIP, 0, estimatedSeconds, String.format(Locale.ROOT, "%s would take about %.0f s and %.0f s of the budget"
                + " are left, too little even for %d rows: skipped (a larger --time-budget tries it)", name, estimatedSeconds,
                Math.max(0, left), MIN_SUBSAMPLE));
    }
}
