package dev.fathom.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as messages print them: rounded to {@value #DIGITS} significant digits, as Python's
 * {@code format(v, ".4g")} does, so an error reads {@code loss 0.1049} rather than
 * {@code 0.1049238070845604}. Values from 1000 up to a million print as whole numbers
 * ({@code 60000}, {@code 1235}), as do smaller whole numbers ({@code 9}); very small or large values
 * in scientific notation ({@code 1e+38}, {@code 1.5e-07}); NaN and the
 * infinities as NumPy prints them ({@code nan}, {@code inf}, {@code -inf}), as tensors print them.
 *
 * <pre>{@code
 * Numbers.format(0.1049238070845604);        // "0.1049"
 * Numbers.format(1e38);                      // "1e+38"
 * Numbers.format(Double.POSITIVE_INFINITY);  // "inf"
 * }</pre>
 */
public final class Numbers {
    /** Significant digits kept. */
    public static final int DIGITS = 4;

    private Numbers() {}

    /** {@code v} rounded to {@value #DIGITS} significant digits, for a message. */
    public static String format(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";   // also -0.0
        double a = Math.abs(v);
        if (a < 1e6 && (v == Math.rint(v) || a >= 1000)) return Long.toString(Math.round(v));
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
        // The exponent after rounding decides, as in ".4g": 0.000099999 reads 0.0001.
        int exponent = rounded.precision() - 1 - rounded.scale();
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        rounded = rounded.stripTrailingZeros();
        return rounded.scale() <= 0 ? rounded.toBigInteger().toString() : rounded.toPlainString();
    }
}
