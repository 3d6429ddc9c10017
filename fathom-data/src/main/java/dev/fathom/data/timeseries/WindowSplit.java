package dev.fathom.data.timeseries;

import java.util.Objects;

/**
 * The windows of a time-ordered split, as {@link SlidingWindows#split} returns them: training
 * windows from the earliest part, validation windows from the next, test windows (when the
 * split has a test part) from the last. See {@link TimeSplit} for which windows each part holds.
 *
 * <pre>{@code
 * WindowSplit parts = SlidingWindows.of(24, 6).split(series, TimeSplit.fractions(0.7, 0.2, 0.1));
 * model.fit(parts.train().x(), parts.train().y(),
 *           Fit.epochs(20).validationData(parts.validation().x(), parts.validation().y()));
 * model.evaluate(parts.test().x(), parts.test().y());
 * }</pre>
 *
 * @param train      windows whose targets lie in the training part
 * @param validation windows whose targets lie in the validation part
 * @param test       windows whose targets lie in the test part, or null when the split has no test part
 */
public record WindowSplit(Windows train, Windows validation, Windows test) {

    /** Checks that the training and validation windows are present. */
    public WindowSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** Whether the split has a test part. */
    public boolean hasTest() {
        return test != null;
    }

    /** E.g. {@code train 203 windows: ..., validation 49 windows: ..., test 18 windows: ...}. */
    @Override
    public String toString() {
        return "train " + train + "; validation " + validation + (test != null ? "; test " + test : "");
    }
}
