package dev.fathom.data.timeseries;

/**
 * Where a series is cut into training, validation and (optionally) test parts, by time: every
 * training time step comes before every validation step, and every validation step before every
 * test step. {@link SlidingWindows#split} windows each part so that no window straddles a cut.
 *
 * <p><b>The rule.</b> A series of {@code T} steps is cut at {@code c1} and {@code c2}: training is
 * steps {@code [0, c1)}, validation {@code [c1, c2)}, test {@code [c2, T)} ({@code c2 = T} without a
 * test part). With fractions, {@code c1 = floor(T · train)} and {@code c2 = floor(T · (train +
 * validation))}, as slicing a data frame at {@code int(n * 0.7)} and {@code int(n * 0.9)}. A window
 * belongs to the part that holds all of its targets; windows whose targets would cross a cut are
 * not made. So no training window's target or input is a validation or test step (no look-ahead),
 * and inputs always precede targets.
 *
 * <ul>
 *   <li>By default (disjoint) a window's inputs must lie in its own part too: each part is windowed
 *       as if it were a series of its own, the way the TensorFlow time-series tutorial splits its
 *       data frame. Parts share no step, at the cost of the first {@code lookback + gap} steps of
 *       each later part, which are inputs only.</li>
 *   <li>With {@link #inputsFromEarlierParts(boolean) inputsFromEarlierParts(true)} a validation or
 *       test window may read its inputs from the steps before its part, as a forecaster does with
 *       the known past: the first validation window's targets start exactly at {@code c1}. Targets
 *       stay in their part, so nothing is scored twice and the model never sees the future.</li>
 * </ul>
 *
 * <p>Within a part, windows start at its first possible start and step by the stride. With
 * several series, fractions cut each series at its own length; indices cut every series at the
 * same time step.
 *
 * <pre>{@code
 * TimeSplit.fractions(0.7, 0.2, 0.1);                         // 70 % train, 20 % validation, 10 % test
 * TimeSplit.at(800, 900).inputsFromEarlierParts(true);        // validation targets from step 800, test from 900
 * }</pre>
 */
public final class TimeSplit {
    private final double train;
    private final double validation;
    private final int validationStart;
    private final int testStart;
    private final boolean hasTest;
    private final boolean inputsFromEarlierParts;

    private TimeSplit(double train, double validation, int validationStart, int testStart, boolean hasTest,
                      boolean inputsFromEarlierParts) {
        this.train = train;
        this.validation = validation;
        this.validationStart = validationStart;
        this.testStart = testStart;
        this.hasTest = hasTest;
        this.inputsFromEarlierParts = inputsFromEarlierParts;
    }

    /**
     * Training then validation, by fractions of each series that sum to 1.
     *
     * @throws IllegalArgumentException when a fraction is not positive or they do not sum to 1
     */
    public static TimeSplit fractions(double train, double validation) {
        return fractions(train, validation, 0, false);
    }

    /**
     * Training, validation and test, by fractions of each series that sum to 1.
     *
     * @throws IllegalArgumentException when a fraction is not positive or they do not sum to 1
     */
    public static TimeSplit fractions(double train, double validation, double test) {
        return fractions(train, validation, test, true);
    }

    private static TimeSplit fractions(double train, double validation, double test, boolean hasTest) {
        if (!(train > 0) || !(validation > 0) || (hasTest && !(test > 0))) {
            throw new IllegalArgumentException("TimeSplit.fractions: every fraction must be > 0, got train " + train
                    + ", validation " + validation + (hasTest ? ", test " + test : ""));
        }
        double sum = train + validation + test;
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("TimeSplit.fractions: the fractions must sum to 1, got " + train + " + "
                    + validation + (hasTest ? " + " + test : "") + " = " + sum);
        }
        return new TimeSplit(train, validation, -1, -1, hasTest, false);
    }

    /**
     * Training before time step {@code validationStart}, validation from it to the end.
     *
     * @throws IllegalArgumentException when {@code validationStart} is not positive
     */
    public static TimeSplit at(int validationStart) {
        if (validationStart < 1) {
            throw new IllegalArgumentException("TimeSplit.at: validationStart must be >= 1, got " + validationStart);
        }
        return new TimeSplit(0, 0, validationStart, -1, false, false);
    }

    /**
     * Training before {@code validationStart}, validation until {@code testStart}, test from it.
     *
     * @throws IllegalArgumentException unless {@code 1 <= validationStart < testStart}
     */
    public static TimeSplit at(int validationStart, int testStart) {
        if (validationStart < 1 || testStart <= validationStart) {
            throw new IllegalArgumentException("TimeSplit.at: need 1 <= validationStart < testStart, got " + validationStart
                    + " and " + testStart);
        }
        return new TimeSplit(0, 0, validationStart, testStart, true, false);
    }

    /**
     * Whether validation and test windows may take their inputs from the steps before their part
     * (default false: each part is windowed on its own; see the class comment).
     */
    public TimeSplit inputsFromEarlierParts(boolean allow) {
        return new TimeSplit(train, validation, validationStart, testStart, hasTest, allow);
    }

    /** Whether there is a test part. */
    public boolean hasTest() {
        return hasTest;
    }

    /** Whether later parts may read inputs from earlier ones. */
    public boolean inputsFromEarlierParts() {
        return inputsFromEarlierParts;
    }

    /**
     * The cuts {@code {c1, c2}} for a series of {@code length} steps ({@code c2 = length} without a test part).
     *
     * @throws IllegalArgumentException naming the series when a cut index lies past its end
     */
    int[] cuts(int length, String series) {
        if (validationStart < 0) {
            // A little slack so that 0.7 + 0.2 of 10 steps cuts at 9, not at 8.999... -> 8.
            int c1 = (int) Math.floor(length * train + 1e-9);
            int c2 = hasTest ? (int) Math.floor(length * (train + validation) + 1e-9) : length;
            return new int[] {c1, c2};
        }
        int c2 = hasTest ? testStart : length;
        if ((hasTest && testStart >= length) || validationStart >= length) {
            throw new IllegalArgumentException("TimeSplit.at: " + series + " has " + length + " time steps, so it cannot be"
                    + " cut at " + (hasTest ? validationStart + " and " + testStart : validationStart)
                    + "; every cut must leave steps after it");
        }
        return new int[] {validationStart, c2};
    }

    @Override
    public String toString() {
        String cuts = validationStart < 0
                ? "fractions " + train + ", " + validation + (hasTest ? ", " + (1 - train - validation) : "")
                : "at " + validationStart + (hasTest ? ", " + testStart : "");
        return "TimeSplit(" + cuts + (inputsFromEarlierParts ? ", inputs from earlier parts" : "") + ")";
    }
}
