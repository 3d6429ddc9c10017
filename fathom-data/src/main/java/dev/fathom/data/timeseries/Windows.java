package dev.fathom.data.timeseries;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Input and target windows cut from one or several series, as {@link SlidingWindows} returns
 * them: {@code x} float32 {@code [N, lookback, features]}; {@code y} float32
 * {@code [N, horizon]} for one target or {@code [N, horizon, targets]} for several. Window
 * {@code i} came from series {@code series[i]}, its inputs are time steps
 * {@code [starts[i], starts[i] + lookback)} and its targets the {@code horizon} steps from
 * {@code starts[i] + lookback + gap}.
 *
 * <pre>{@code
 * Windows w = SlidingWindows.of(24, 6).apply(series);     // series float32 [1000, 4]
 * w.x();              // [971, 24, 4]
 * w.y();              // [971, 6, 4]  (all four features are targets by default)
 * w.starts()[0];      // 0: the first window's inputs are steps 0..23, its targets 24..29
 * }</pre>
 *
 * @param x      float32 {@code [N, lookback, features]}
 * @param y      float32 {@code [N, horizon]} or {@code [N, horizon, targets]}
 * @param series the series index of each window
 * @param starts the time index of each window's first input step
 */
public record Windows(Tensor x, Tensor y, int[] series, int[] starts) {

    /** Checks that everything has {@code N} rows. */
    public Windows {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        series = series.clone();
        starts = starts.clone();
        int n = x.shape(0);
        if (y.shape(0) != n || series.length != n || starts.length != n) {
            throw new IllegalArgumentException("Windows: x " + Arrays.toString(x.shape()) + ", y " + Arrays.toString(y.shape())
                    + ", " + series.length + " series indices and " + starts.length + " starts must agree on the window count");
        }
    }

    /** The number of windows. */
    public int count() {
        return x.shape(0);
    }

    /** The series index of each window (a copy). */
    @Override
    public int[] series() {
        return series.clone();
    }

    /** The first input time step of each window (a copy). */
    @Override
    public int[] starts() {
        return starts.clone();
    }

    /** E.g. {@code 971 windows: x [971, 24, 4], y [971, 6, 4]}. */
    @Override
    public String toString() {
        return count() + " windows: x " + Arrays.toString(x.shape()) + ", y " + Arrays.toString(y.shape());
    }
}
