package dev.fathom.forecast;

import java.util.Objects;

/**
 * Scales a univariate series with statistics learned from its training span only, so nothing of
 * the test span leaks into the model: {@link #standard()} subtracts the training mean and divides
 * by the training standard deviation (scikit-learn's {@code StandardScaler}, population std);
 * {@link #minMax()} maps the training minimum and maximum to 0 and 1 ({@code MinMaxScaler}). A
 * constant training span gets scale 1, as in scikit-learn, rather than a division by zero.
 *
 * <pre>{@code
 * double[] y = {3, 5, 4, 8, 9, 12};
 * SeriesScaler scaler = SeriesScaler.standard().fit(y, 0, 4);   // learns from y[0..4) only
 * double[] z = scaler.transform(y);                             // the whole series, training statistics
 * double[] back = scaler.inverseTransform(z);                   // y again
 * }</pre>
 */
public final class SeriesScaler {
    /** How the statistics become a shift and a scale. */
    private enum Kind { STANDARD, MIN_MAX }

    private final Kind kind;
    private double mean = Double.NaN;
    private double scale = Double.NaN;
    private double dataMin = Double.NaN;
    private double dataMax = Double.NaN;
    private int samplesSeen;

    private SeriesScaler(Kind kind) {
        this.kind = kind;
    }

    /** Standardization: {@code (y - mean_) / scale_} with the training span's mean and population std. */
    public static SeriesScaler standard() {
        return new SeriesScaler(Kind.STANDARD);
    }

    /** Min-max scaling to [0, 1]: {@code (y - dataMin_) / (dataMax_ - dataMin_)} of the training span. */
    public static SeriesScaler minMax() {
        return new SeriesScaler(Kind.MIN_MAX);
    }

    /**
     * Learns the statistics from the whole of {@code series} (pass the training span).
     *
     * @throws IllegalArgumentException when the series is empty or holds NaN or infinity
     */
    public SeriesScaler fit(double[] series) {
        return fit(series, 0, Objects.requireNonNull(series, "series").length);
    }

    /**
     * Learns the statistics from {@code series[from, to)} only: the training span.
     *
     * @throws IllegalArgumentException when the span is empty or out of range, or holds NaN or infinity
     */
    public SeriesScaler fit(double[] series, int from, int to) {
        Objects.requireNonNull(series, "series");
        if (from < 0 || to > series.length || from >= to) {
            throw new IllegalArgumentException("SeriesScaler.fit: span [" + from + ", " + to + ") is not a non-empty part of"
                    + " a series of " + series.length + " steps; give 0 <= from < to <= " + series.length);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = from; t < to; t++) {
            double v = series[t];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("SeriesScaler.fit: step " + t + " is " + v
                        + "; fill or drop missing values before scaling");
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = to - from;
        double m = sum / n;
        double ss = 0;
        for (int t = from; t < to; t++) ss += (series[t] - m) * (series[t] - m);
        double std = Math.sqrt(ss / n);
        mean = m;
        dataMin = min;
        dataMax = max;
        samplesSeen = n;
        scale = switch (kind) {
            case STANDARD -> std == 0 ? 1 : std;
            case MIN_MAX -> max == min ? 1 : max - min;
        };
        return this;
    }

    /** Whether {@link #fit} has run. */
    public boolean isFitted() {
        return samplesSeen > 0;
    }

    /** The training span's mean (scikit-learn's {@code mean_}). */
    public double mean() {
        requireFitted("mean");
        return mean;
    }

    /** The divisor: the population std (standard) or the range (min-max), 1 for a constant span ({@code scale_}'s inverse for min-max). */
    public double scale() {
        requireFitted("scale");
        return scale;
    }

    /** The training span's minimum ({@code data_min_}). */
    public double dataMin() {
        requireFitted("dataMin");
        return dataMin;
    }

    /** The training span's maximum ({@code data_max_}). */
    public double dataMax() {
        requireFitted("dataMax");
        return dataMax;
    }

    /** How many steps the statistics came from ({@code n_samples_seen_}). */
    public int samplesSeen() {
        requireFitted("samplesSeen");
        return samplesSeen;
    }

    /** The value subtracted before dividing by {@link #scale()}. */
    private double shift() {
        return kind == Kind.STANDARD ? mean : dataMin;
    }

    /**
     * The series scaled with the training statistics (a new array).
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public double[] transform(double[] series) {
        requireFitted("transform");
        double[] out = new double[series.length];
        for (int t = 0; t < out.length; t++) out[t] = transform(series[t]);
        return out;
    }

    /** One value scaled with the training statistics. */
    public double transform(double value) {
        requireFitted("transform");
        return (value - shift()) / scale;
    }

    /**
     * Scaled values mapped back to the series' units (a new array).
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public double[] inverseTransform(double[] scaled) {
        requireFitted("inverseTransform");
        double[] out = new double[scaled.length];
        for (int t = 0; t < out.length; t++) out[t] = inverseTransform(scaled[t]);
        return out;
    }

    /** One scaled value mapped back to the series' units. */
    public double inverseTransform(double scaled) {
        requireFitted("inverseTransform");
        return scaled * scale + shift();
    }

    private void requireFitted(String what) {
        if (samplesSeen == 0) {
            throw new IllegalStateException("SeriesScaler." + what + ": the scaler is not fitted yet; call fit(series, 0,"
                    + " trainEnd) on the training span first");
        }
    }

    /** E.g. {@code SeriesScaler(standard, mean 49.2, scale 40.1, from 247 steps)}. */
    @Override
    public String toString() {
        String name = kind == Kind.STANDARD ? "standard" : "minMax";
        if (!isFitted()) return "SeriesScaler(" + name + ", not fitted)";
        return "SeriesScaler(" + name + ", " + (kind == Kind.STANDARD ? "mean " + mean : "min " + dataMin + ", max " + dataMax)
                + ", scale " + scale + ", from " + samplesSeen + " steps)";
    }
}
