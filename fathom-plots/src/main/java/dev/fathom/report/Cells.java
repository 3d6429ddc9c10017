package dev.fathom.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How table cells read: numbers formatted for people (0.9123, 1235, 1.2e-05) and right-aligned so
 * their digits line up; everything else as its text.
 */
final class Cells {
    private Cells() {}

    /** Significant digits of a fractional number in a table: enough to rank scores, few enough to read. */
    static final int DIGITS = 4;

    /** What a missing value ({@code null}) shows. */
    static final String MISSING = "—";

    /** Text that reads as a number: "0.91", "-3", "1e-5", "93.1%", "0.912 ± 0.013", "NaN". */
    private static final Pattern NUMERIC = Pattern.compile(
            "[-+−]?(\\d[\\d,]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?%?(\\s*±\\s*\\d[\\d,]*(\\.\\d*)?([eE][-+]?\\d+)?%?)?|[-+]?(NaN|∞|Infinity)");

    /** {@code value} as a cell's text: numbers by {@link #number}, {@code null} as {@link #MISSING}. */
    static String text(Object value) {
        if (value == null) return MISSING;
        if (value instanceof Double || value instanceof Float) return number(((Number) value).doubleValue());
        if (value instanceof BigDecimal d) return number(d.doubleValue());
        if (value instanceof Number n) return n.toString();   // integers, exact
        return String.valueOf(value);
    }

    /**
     * {@code v} for people: whole numbers as integers (150, 60000), other values below 1000 to
     * {@value #DIGITS} significant digits without trailing zeros (0.9123, 12.35, 0.5), larger ones
     * rounded to a whole number (1235), and very small or very large ones in scientific notation
     * (1.235e-05, 3.1e+16); NaN and infinities as "NaN", "∞", "-∞".
     */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        if (v == 0) return "0";   // also -0.0
        double a = Math.abs(v);
        if (a < 1e15 && (v == Math.rint(v) || a >= 1000)) return new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
        // The exponent after rounding decides, as in Python's ".4g": 0.000099999 reads 0.0001.
        int exponent = rounded.precision() - 1 - rounded.scale();
        if (exponent < -4 || a >= 1e15) return scientific(rounded, exponent);
        rounded = rounded.stripTrailingZeros();
        return rounded.scale() <= 0 ? rounded.toBigInteger().toString() : rounded.toPlainString();
    }

    /** e.g. 1.235e-05, 3e+16: Python's {@code format(v, ".4g")} for tiny and huge values. */
    private static String scientific(BigDecimal rounded, int exponent) {
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        String m = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
        return m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** Decimals of a fraction below 10 in a table: a score of 1 reads 1.0000 beside 0.9533, never "1". */
    static final int DECIMALS = 4;

    /**
     * The decimals every fraction in a column of numbers up to {@code largest} in magnitude is
     * shown with: {@value #DECIMALS} below 10 (scores, rates, standard deviations), then one fewer
     * per digit before the point, so the largest keeps 4 significant digits (54.12, 123.4, 1235).
     */
    static int decimalsFor(double largest) {
        double a = Math.abs(largest);
        if (!(a >= 10)) return DECIMALS;   // also NaN: nothing finite to size by
        int digits = (int) Math.floor(Math.log10(a)) + 1;
        return Math.max(0, DECIMALS - digits);
    }

    /**
     * The decimals for the fractional numbers ({@code double}, {@code float}, {@link BigDecimal})
     * of column {@code column}: the most any of them needs by {@link #decimalsFor}, so that none
     * loses a digit it would show alone (a column of 54.12 and 0.4512, as a table of different
     * metrics holds, reads 54.1200 and 0.4512); -1 when it has none (integers stay integers).
     * Zeros and values too small to show at 4 decimals (written as 1.2e-17) do not count.
     */
    static int columnDecimals(List<? extends List<?>> rows, int column) {
        int decimals = -1;
        for (List<?> row : rows) {
            Object v = row.get(column);
            if (isFractional(v)) {
                double a = Math.abs(((Number) v).doubleValue());
                boolean sized = Double.isFinite(a) && a >= 0.5 * Math.pow(10, -DECIMALS);
                decimals = Math.max(decimals, sized ? decimalsFor(a) : 0);
            }
        }
        return decimals;
    }

    /**
     * {@code value} as a cell of a column whose fractions show {@code decimals} decimals (from
     * {@link #columnDecimals}): 1.0 reads 1.0000 beside 0.9533. Integers stay exact; a value too
     * small to show at those decimals other than as zero (1.2e-17, a learning rate of 1e-06), or
     * past 10^15, is written in scientific notation; text as it is.
     */
    static String text(Object value, int decimals) {
        if (decimals < 0 || !isFractional(value)) return text(value);
        double v = ((Number) value).doubleValue();
        if (!Double.isFinite(v)) return number(v);
        if (v == 0) return BigDecimal.ZERO.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        double a = Math.abs(v);
        if (a >= 1e15 || a < 0.5 * Math.pow(10, -decimals)) return number(v);
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code value} as one number of its own (a row of key-value pairs): as a column of that one value. */
    static String single(Object value) {
        return isFractional(value) ? text(value, decimalsFor(((Number) value).doubleValue())) : text(value);
    }

    private static boolean isFractional(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    /** Whether {@code value} is shown as a number: a {@link Number}, or text that reads as one. */
    static boolean isNumeric(Object value) {
        if (value instanceof Number) return true;
        return value instanceof CharSequence s && NUMERIC.matcher(s.toString().strip()).matches();
    }

    /** Whether column {@code column} holds numbers only (ignoring missing cells), with at least one. */
    static boolean numericColumn(List<? extends List<?>> rows, int column) {
        boolean any = false;
        for (List<?> row : rows) {
            Object v = row.get(column);
            if (v == null) continue;
            if (!isNumeric(v)) return false;
            any = true;
        }
        return any;
    }
}
