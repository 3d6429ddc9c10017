package dev.fathom.plots;

import dev.fathom.metrics.MetricRegistry;
import dev.fathom.metrics.MetricTask;
import org.knowm.xchart.style.AxesChartStyler;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * An axis range that reads like a paper's figure: it starts and ends on "nice" numbers (1, 2 or 5
 * times a power of ten), includes zero where zero belongs (losses and errors, and values whose
 * distance from zero is small beside their spread), stays within a metric's own range (an accuracy
 * axis never goes above 1), and labels every tick with the same number of decimals and a leading
 * zero ({@code 0.05}, never {@code .05}).
 *
 * <pre>{@code
 * Scale s = Scale.of(0.05, 1.0, Scale.Bounds.NON_NEGATIVE, true);   // a loss
 * s.min();        // 0.0
 * s.max();        // 1.0
 * s.label(0.2);   // "0.2"
 * }</pre>
 *
 * @param min  the axis' lowest value, a multiple of {@code step}
 * @param max  the axis' highest value, a multiple of {@code step}
 * @param step the distance between ticks this range was made for
 */
record Scale(double min, double max, double step) {

    /** About this many ticks on an axis: matplotlib's default shows 5 to 9. */
    static final int TICKS = 6;

    /** The values a metric can take. */
    enum Bounds {
        /** Any value, e.g. a residual or a forecast. */
        NONE(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
        /** 0 or more: losses and errors. */
        NON_NEGATIVE(0, Double.POSITIVE_INFINITY),
        /** 1 or less: R², which is negative for a model worse than the mean. */
        AT_MOST_ONE(Double.NEGATIVE_INFINITY, 1),
        /** From 0 to 1: accuracy, precision, recall, F1, AUC, rates. */
        FRACTION(0, 1);

        final double floor;
        final double ceiling;

        Bounds(double floor, double ceiling) {
            this.floor = floor;
            this.ceiling = ceiling;
        }

        /** {@code v} moved into these bounds. */
        double clip(double v) {
            return Math.max(floor, Math.min(ceiling, v));
        }
    }

    /**
     * The bounds of a metric named {@code name} ({@code val_} prefix allowed): a fraction for
     * classification scores (accuracy, F1, AUC ...), at most 1 for R², non-negative for losses
     * and errors, none otherwise.
     */
    static Bounds boundsOf(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (key.startsWith("val_")) key = key.substring(4);
        var known = MetricRegistry.find(key);
        if (known.isPresent()) {
            var m = known.get();
            if (!m.greaterIsBetter()) return Bounds.NON_NEGATIVE;
            return m.task() == MetricTask.REGRESSION ? Bounds.AT_MOST_ONE : Bounds.FRACTION;
        }
        if (key.contains("accuracy") || key.equals("auc") || key.endsWith("_auc")) return Bounds.FRACTION;
        if (key.startsWith("neg_") || key.startsWith("neg ") || key.startsWith("negative ")) return Bounds.NONE;
        return ModelComparisonPlot.higherIsBetter(key) ? Bounds.NONE : Bounds.NON_NEGATIVE;
    }

    /**
     * {@link #boundsOf(String)}, or {@link Bounds#NONE} when a value of {@code values} (the scores
     * themselves, not bands around them) lies outside those bounds: the name did not say what the
     * numbers are, and clipping them would hide data.
     */
    static Bounds boundsOf(String name, double[]... values) {
        Bounds named = boundsOf(name);
        for (double[] a : values) {
            if (a == null) continue;
            for (double v : a) if (Double.isFinite(v) && named.clip(v) != v) return Bounds.NONE;
        }
        return named;
    }

    /**
     * The nice range around data from {@code low} to {@code high}, within {@code bounds}; with
     * {@code zero}, zero is always in it (losses: how close to zero matters), otherwise when the
     * data is no farther from zero than its own spread.
     */
    static Scale of(double low, double high, Bounds bounds, boolean zero) {
        return of(low, high, bounds, zero, true);
    }

    /**
     * The nice range around data from {@code low} to {@code high} without zero unless the data
     * holds it: values such as predictions or a series' level, read against each other rather
     * than against zero.
     */
    static Scale tight(double low, double high) {
        return of(low, high, Bounds.NONE, false, false);
    }

    private static Scale of(double low, double high, Bounds bounds, boolean zero, boolean zeroIfNear) {
        if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("a scale needs finite low <= high, got " + low + " and " + high);
        }
        low = bounds.clip(low);
        high = bounds.clip(high);
        if (zero || (zeroIfNear && low > 0 && low <= high - low)) low = Math.min(low, 0);
        if (zero || (zeroIfNear && high < 0 && -high <= high - low)) high = Math.max(high, 0);
        if (high - low < 1e-12 * Math.max(1, Math.abs(high))) {
            // One value: a unit around it (or half a unit above and below zero), inside the bounds.
            double half = low == 0 ? 0.5 : Math.abs(low) / 2;
            low = bounds.clip(low - half);
            high = bounds.clip(high + half);
            if (high - low < 1e-12) high = low + 1;
        }
        double step = niceStep((high - low) / (TICKS - 1));
        double min = bounds.clip(Math.floor(low / step + 1e-9) * step);
        double max = bounds.clip(Math.ceil(high / step - 1e-9) * step);
        return new Scale(clean(min, step), clean(max, step), step);
    }

    /** 1, 2 or 5 times a power of ten, the nearest such to {@code raw}: Heckbert's nice numbers ("Graphics Gems", 1990). */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return clean(nice * power, nice * power);
    }

    /** Decimals that show {@code step} exactly: 0.2 needs 1, 0.05 needs 2, 5 needs none. */
    int decimals() {
        return Math.max(0, new BigDecimal(Double.toString(step)).stripTrailingZeros().scale());
    }

    /**
     * {@code v} as a tick label: {@link #decimals()} decimals, a leading zero, no "-0". A tick
     * that needs more decimals (XChart chose a finer step than this scale's, say 10.5 on an axis
     * of whole numbers) gets a blank label, so no two ticks read alike and all read with the same
     * decimals; its grid line stays, as a minor one.
     */
    String label(double v) {
        if (Math.abs(v) < step * 1e-6) v = 0;
        BigDecimal rounded = new BigDecimal(v).setScale(decimals(), RoundingMode.HALF_EVEN);
        // Within a twentieth of a step of a labelled value reads as it: XChart's finer ticks are a fifth of a step
        // or more away, and its check that the axis' ends format apart (else it draws no tick at all) holds for
        // ends set a hair outside the ticks.
        if (Math.abs(rounded.doubleValue() - v) > step * 0.05) return BLANK;
        if (rounded.signum() == 0) rounded = rounded.abs();
        return rounded.toPlainString();
    }

    /** Whether {@code v} is a multiple of the step, to a millionth of it: a tick of this scale. */
    boolean isTick(double v) {
        return Math.abs(v - Math.rint(v / step) * step) <= step * 1e-6;
    }

    /** A label that draws nothing: XChart cannot lay out an empty one. */
    static final String BLANK = " ";

    /**
     * Sets {@code styler}'s y axis to this range and its labels to {@link #label}. The minimum is
     * set a hair below the first tick: XChart puts ticks only at the data's own values when those
     * are equally spaced (an ROC curve of a perfect model has only 0 and 1), which this avoids.
     */
    void applyToY(AxesChartStyler styler) {
        styler.setYAxisMin(min - (max - min) * 1e-6);
        styler.setYAxisMax(max);
        styler.setYAxisTickLabelsFormattingFunction(this::label);
    }

    /** As {@link #applyToY}, for the x axis. */
    void applyToX(AxesChartStyler styler) {
        styler.setXAxisMin(min - (max - min) * 1e-6);
        styler.setXAxisMax(max);
        styler.setXAxisTickLabelsFormattingFunction(this::label);
    }

    /** {@code v} rounded to the step's decimals plus two, so 0.30000000000000004 is 0.3. */
    private static double clean(double v, double step) {
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(step)));
        return new BigDecimal(v).setScale(Math.min(digits, 15), RoundingMode.HALF_EVEN).doubleValue();
    }
}
