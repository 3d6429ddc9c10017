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
