package dev.fathom.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import ch.randelshofer.fastdoubleparser.JavaFloatParser;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Reads one CSV cell, given as a slice of a char buffer, as a number, a date or a boolean without
 * making a String. Number syntax is what pandas reads: optional sign, digits, optional fraction and
 * exponent, NaN, inf and Infinity; Java's extras (hex floats, a trailing f or d) are text.
 */
final class CellText {
    private CellText() {}

    /**
     * Whether the slice can be a number at all: a cheap test that keeps text off the slow exception
     * path. A control character at either end is text: Java's parser would drop it silently.
     */
    static boolean mayBeNumber(char[] b, int off, int len) {
        if (len == 0) return false;
        char first = b[off];
        char last = b[off + len - 1];
        if (first < ' ' || last < ' ') return false;
        // Java's parser accepts "1f", "2d" and hex floats; pandas reads them as text, and so do we.
        if (last == 'f' || last == 'F' || last == 'd' || last == 'D') return false;
        if (first == '+' || first == '-') {
            if (len == 1) return false;
            first = b[off + 1];
            if (len > 2 && first == '0' && (b[off + 2] == 'x' || b[off + 2] == 'X')) return false;
        } else if (len > 1 && first == '0' && (b[off + 1] == 'x' || b[off + 1] == 'X')) {
            return false;
        }
        return (first >= '0' && first <= '9') || first == '.' || first == 'N' || first == 'I' || first == 'i' || first == ' ';
    }

    /** The slice as a double into {@code out[at]}; false when it is not a number. */
    static boolean parseDouble(char[] b, int off, int len, double[] out, int at) {
        if (infinity(b, off, len, out, at)) return true;
        if (!mayBeNumber(b, off, len)) return false;
        try {
            out[at] = JavaDoubleParser.parseDouble(b, off, len);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The slice as a double, with a decimal comma when {@code comma}: {@code 1,5} is 1.5 and
     * {@code 1.5} is not a number (a point there is a typo or a thousands separator, not a decimal).
     */
    static boolean parseDouble(char[] b, int off, int len, double[] out, int at, boolean comma) {
        if (!comma) return parseDouble(b, off, len, out, at);
        int commaAt = -1;
        for (int i = off, end = off + len; i < end; i++) {
            char c = b[i];
            if (c == '.') return false;
            if (c == ',') {
                if (commaAt >= 0) return false;
                commaAt = i;
            }
        }
        if (commaAt < 0) return parseDouble(b, off, len, out, at);
        char[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        copy[commaAt - off] = '.';
        return parseDouble(copy, 0, len, out, at);
    }

    /** The slice as a float into {@code out[at]}, with a decimal comma when {@code comma}; false when it is not a number. */
    static boolean parseFloat(char[] b, int off, int len, float[] out, int at, boolean comma) {
        if (comma) {
            double[] d = new double[1];
            if (!parseDouble(b, off, len, d, 0, true)) return false;
            out[at] = (float) d[0];
            return true;
        }
        if (!mayBeNumber(b, off, len)) {
            double[] d = new double[1];
            if (!infinity(b, off, len, d, 0)) return false;
            out[at] = (float) d[0];
            return true;
        }
        try {
            out[at] = JavaFloatParser.parseFloat(b, off, len);
            return true;
        } catch (NumberFormatException e) {
            double[] d = new double[1];
            if (!infinity(b, off, len, d, 0)) return false;
            out[at] = (float) d[0];
            return true;
        }
    }

    /**
     * pandas' spellings of infinity, in any case: inf and infinity with an optional sign (Java's
     * parser takes only "Infinity", and its "f"-suffix rule would make "inf" text).
     */
    static boolean infinity(char[] b, int off, int len, double[] out, int at) {
        if (len < 3 || len > 9) return false;
        char c = b[off];
        char first = c == '+' || c == '-' ? b[off + 1] : c;
        if (first != 'i' && first != 'I') return false;
        String s = new String(b, off, len).toLowerCase(Locale.ROOT);
        switch (s) {
            case "inf", "+inf", "infinity", "+infinity" -> out[at] = Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> out[at] = Double.NEGATIVE_INFINITY;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Whether the slice is one of pandas' spellings of infinity (not a number too large for a double). */
    static boolean isInfinityWord(char[] b, int off, int len) {
        return infinity(b, off, len, new double[1], 0);
    }

    /** Whether {@code s} reads as a number. */
    static boolean isNumber(String s) {
        return isNumber(s, false);
    }

    /** Whether {@code s} reads as a number, with a decimal comma when {@code comma}. */
    static boolean isNumber(String s, boolean comma) {
        char[] c = s.toCharArray();
        return parseDouble(c, 0, c.length, new double[1], 0, comma);
    }

    /** Days since 1970-01-01 of an ISO date {@code yyyy-MM-dd}, or {@link Integer#MIN_VALUE} when it is not one. */
    static int parseDate(char[] b, int off, int len) {
        if (len != 10 || b[off + 4] != '-' || b[off + 7] != '-') return Integer.MIN_VALUE;
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        if (year < 0 || month < 0 || day < 0) return Integer.MIN_VALUE;
        try {
            return (int) LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Integer.MIN_VALUE;   // 2023-02-30 and the like: text, not a date
        }
    }

    static boolean isDate(String s) {
        return parseDate(s.toCharArray(), 0, s.length()) != Integer.MIN_VALUE;
    }

    private static int digits(char[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = b[off + i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** 1 for a true word, 0 for a false word, -1 otherwise: true/false, yes/no, t/f, y/n in any case. */
    static int booleanWord(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "t", "y" -> 1;
            case "false", "no", "f", "n" -> 0;
            default -> -1;
        };
    }

    /** Which pair a boolean word belongs to (true/false, yes/no, t/f, y/n), so that "y" and "false" don't mix. */
    static int booleanFamily(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "false" -> 0;
            case "yes", "no" -> 1;
            case "t", "f" -> 2;
            case "y", "n" -> 3;
            default -> -1;
        };
    }
}
