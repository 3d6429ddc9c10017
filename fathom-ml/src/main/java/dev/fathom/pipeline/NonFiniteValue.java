package dev.fathom.pipeline;

import java.util.Locale;

/**
 * A value a model cannot compute with, found in a numeric column of new data: an infinity, or a
 * number beyond float32's range (±3.403e38), which models compute in. (A NaN is a missing value.)
 * {@link Pipeline#nonFiniteValue} finds the first; {@link Pipeline#nonFiniteAsMissing} reads them
 * all as missing values where the pipeline imputes them.
 *
 * <pre>{@code
 * NonFiniteValue v = pipeline.nonFiniteValue(table);
 * if (v != null) System.err.println(v.describe());   // row 3, column 'income' holds Infinity
 * }</pre>
 *
 * @param row     the row, 0-based
 * @param column  the column's name
 * @param value   the value
 * @param imputed whether the pipeline imputes the column, so that the value could be read as missing
 */
public record NonFiniteValue(int row, String column, double value, boolean imputed) {
    /** The largest magnitude a float32 holds; a larger double becomes an infinity in the model. */
    static final double FLOAT32_MAX = Float.MAX_VALUE;

    /** Whether a model computing in float32 cannot take {@code v} (NaN, a missing value, is not checked here). */
    static boolean isNonFinite(double v) {
        return !Double.isNaN(v) && Math.abs(v) > FLOAT32_MAX;
    }

    /** E.g. {@code row 3, column 'x' holds Infinity, which the model cannot compute with}. */
    public String describe() {
        String what = Double.isInfinite(value) ? (value > 0 ? "Infinity" : "-Infinity")
                : format(value) + ", beyond the range of float32 (±3.403e+38), which the model computes in";
        return "row " + row + ", column '" + column + "' holds " + what + (Double.isInfinite(value) ? ", which the model cannot compute with" : "");
    }

    /** {@code v} to 4 significant digits: 1e+39, -3.5e+40. */
    static String format(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.replaceAll("\\.?0+(e|$)", "$1");
    }
}
