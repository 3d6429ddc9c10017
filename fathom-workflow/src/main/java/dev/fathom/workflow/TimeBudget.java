package dev.fathom.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongSupplier;

/**
 * The evaluate and improve steps' time budget, read from an injected clock (nanoseconds; the
 * system's in a run, a fake one in tests), and the plan for each model: cross-validate it on all
 * the training rows when its estimated cost fits what is left, on a subsample when only a smaller
 * sample fits, or skip it, each with the reason (FLAML's cost-frugal search: cheap models first,
 * each costly one tried only as far as the budget allows).
 *
 * <p>Costs are estimated from small fits ({@link CostModel}); each model gets a share of the time
 * left such that the ones after it get theirs too ({@link #share}), and the estimates are corrected
 * by how far off they were for the models run so far ({@link #calibration}).
 */
final class TimeBudget {
    /** A subsample smaller than this says too little about the model: it is skipped instead. */
    static final int MIN_SUBSAMPLE = 1000;
    /** Of the time left, the share a plan may use: estimates are rough, and the models after it deserve a chance. */
    static final double SAFETY = 0.8;

    /** Of a forest's trees, the fewest a plan grows before it takes fewer rows instead. */
    static final double MIN_TREES_SHARE = 0.25;
    /** The estimated seconds from which {@link #calibration} trusts a model's. */
    static final double CALIBRATE_FROM = 1;
    static final double MAX_CALIBRATION = 4;

    /**
     * What to do with one model: cross-validate it on {@code rows} training rows (all of them, or a
     * subsample) with {@code trees} trees for a forest (0 for another model), or skip it; the
     * estimated wall seconds of that, and the reason when it is not the whole model on all rows.
     */
    record Plan(Kind kind, int rows, int trees, double estimatedSeconds, String reason) {
        enum Kind { FULL, FEWER_TREES, SUBSAMPLE, SKIP }
    }

    private final Duration budget;
    private final LongSupplier clock;
    private final long start;
    private double estimatedSum;
    private double actualSum;
    private double overhead;

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
     * Sets the wall seconds any cross-validation costs besides fitting and predicting (splitting,
     * copying, scoring; the dummy's measures it), added to every plan's estimate.
     */
    void overhead(double seconds) {
        overhead = Math.max(0, seconds);
    }

    double overheadSeconds() {
        return overhead;
    }

    /**
     * Records a model's estimated and measured cross-validation seconds, less the overhead; later
     * plans scale by how far off the estimates were. An estimate under {@value #CALIBRATE_FROM} s
     * says too little (timer noise, costs the probes do not see) and is not counted.
     */
    void observed(double estimatedSeconds, double actualSeconds) {
        if (!(estimatedSeconds >= CALIBRATE_FROM) || !(actualSeconds >= 0)) return;
        estimatedSum += estimatedSeconds;
        actualSum += actualSeconds;
    }

    /**
     * The factor later estimates are multiplied by: the measured seconds of the models run so far
     * over their estimates (a loaded machine, or a cost the probes missed); at least 1 (an overestimate is kept, as the safe side) and at most
     * {@value #MAX_CALIBRATION}.
     */
    double calibration() {
        if (estimatedSum <= 0) return 1;
        return Math.max(1, Math.min(MAX_CALIBRATION, actualSum / estimatedSum));
    }

    /**
     * The most seconds one of the remaining models may take when {@code total} seconds are shared
     * among models estimated at {@code costs}: the level c at which the sum of min(cost, c) is the
     * total (water-filling), so models cheaper than their share run whole and give what they leave
     * to the others, and the costly ones share the rest equally. Infinite when all fit.
     */
    static double share(double total, double[] costs) {
        double[] sorted = costs.clone();
        java.util.Arrays.sort(sorted);
        double left = Math.max(0, total);
        for (int i = 0; i < sorted.length; i++) {
            double level = left / (sorted.length - i);
            if (sorted[i] > level) return level;
            left -= sorted[i];
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Whether the first of {@code minimums} is among the most of them that fit {@code total} together,
     * the smallest first: when not every model can have its least, as many as can are tried.
     */
    static boolean affordable(double total, double[] minimums) {
        double[] sorted = minimums.clone();
        java.util.Arrays.sort(sorted);
        double sum = 0;
        for (double m : sorted) {
            if (sum + m > total) return minimums[0] < m;
            sum += m;
            if (m >= minimums[0]) return true;
        }
        return true;
    }

    /**
     * The plan for a model of {@code name} whose cross-validation on {@code r} training rows is
     * estimated at {@code seconds.applyAsDouble(r)} (before {@link #calibration}), with
     * {@code later} the estimates of the models still to come after it. Of the time left
     * ({@link #SAFETY} of it) the model gets its share: first every model still to run is granted
     * what {@value #MIN_SUBSAMPLE} rows cost it, so that each family is tried, when those fit, and
     * the rest is shared by {@link #share} over what the models want beyond that; when they do not
     * all fit, the model gets its least if it is among the most models whose least fit together
     * ({@link #affordable}), else it is skipped. The model then runs
     * on all the rows when its share suffices; else, for a forest of {@code trees} trees (0 for any
     * other model; a forest's cost is linear in them), with fewer trees on all the rows, down to a
     * quarter of them; else on the most rows that fit (from the same estimate, so a cost growing
     * faster than the rows is taken into account), at least {@value #MIN_SUBSAMPLE}; else skipped.
     */
    Plan plan(String name, DoubleUnaryOperator seconds, int rows, int trees, List<DoubleUnaryOperator> later) {
        double c = calibration();
        double left = remainingSeconds();
        double total = SAFETY * left;
        int fewest = trees > 0 ? Math.max(1, (int) Math.ceil(trees * MIN_TREES_SHARE)) : 0;
        double perTree = trees > 0 ? (double) fewest / trees : 1;
        int least = Math.min(rows, MIN_SUBSAMPLE);
        double full = overhead + c * seconds.applyAsDouble(rows);
        int n = later.size() + 1;
        double[] fulls = new double[n];
        double[] mins = new double[n];
        fulls[0] = full;
        mins[0] = overhead + c * perTree * seconds.applyAsDouble(least);
        for (int i = 1; i < n; i++) {
            fulls[i] = overhead + c * later.get(i - 1).applyAsDouble(rows);
            mins[i] = overhead + c * later.get(i - 1).applyAsDouble(least);
        }
        // The models granted their least: all when those fit, else as many as can be, the smallest least first.
        double granted = 0;
        List<Double> wants = new java.util.ArrayList<>();
        boolean in = affordable(total, mins);
        double[] sorted = mins.clone();
        java.util.Arrays.sort(sorted);
        double threshold = Double.NEGATIVE_INFINITY;   // the largest least granted
        for (double m : sorted) {
            if (granted + m > total) break;
            granted += m;
            threshold = m;
        }
        for (int i = 0; i < n; i++) {
            if (i == 0 ? in : mins[i] <= threshold) wants.add(Math.max(0, fulls[i] - mins[i]));
        }
        double allowed = !in ? 0 : mins[0] + Math.min(Math.max(0, full - mins[0]),
                share(total - granted, wants.stream().mapToDouble(Double::doubleValue).toArray()));
        if (full <= allowed) return new Plan(Plan.Kind.FULL, rows, trees, full, null);
        String cost = String.format(Locale.ROOT, "%s would take about %.0f s on all %d training rows%s; its share of the %.0f s left is"
                + " %.0f s%s", name, full, rows, c > 1 ? String.format(Locale.ROOT, " (the probes' estimate times %.1f, as the"
                + " models so far took)", c) : "", Math.max(0, left), allowed, later.isEmpty() ? "" : " (" + later.size()
                + " model" + (later.size() == 1 ? "" : "s") + " after it get theirs)");
        if (trees > 0) {
            int t = (int) Math.floor(trees * (allowed - overhead) / (full - overhead));
            if (t >= fewest) {
                return new Plan(Plan.Kind.FEWER_TREES, rows, t, overhead + (full - overhead) * t / trees, cost + String.format(Locale.ROOT, ": %d trees instead of %d,"
                        + " on all the rows", t, trees));
            }
        }
        if (!in || mins[0] > allowed) {
            return new Plan(Plan.Kind.SKIP, 0, trees, full, cost + String.format(Locale.ROOT, ", too little even for %d rows: skipped"
                    + " (a larger --time-budget tries it)", MIN_SUBSAMPLE));
        }
        int lo = MIN_SUBSAMPLE, hi = rows;   // the cost at lo fits and at hi does not: bisect to the most rows that fit
        while (hi - lo > 1) {
            int mid = (int) (((long) lo + hi) >>> 1);
            if (overhead + c * perTree * seconds.applyAsDouble(mid) <= allowed) lo = mid;
            else hi = mid;
        }
        return new Plan(Plan.Kind.SUBSAMPLE, lo, trees > 0 ? fewest : 0, overhead + c * perTree * seconds.applyAsDouble(lo), cost
                + (trees > 0 ? String.format(Locale.ROOT, ": %d trees instead of %d, and", fewest, trees) : ":")
                + String.format(Locale.ROOT, " its folds train on a random %d of them", lo));
    }
}
