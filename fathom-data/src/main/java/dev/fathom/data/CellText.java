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

    /** Whether the slice can be a number at all: a cheap test that keeps text off the slow exception path. */
    static boolean mayBeNumber(char[] b, int off, int len) {
        if (len == 0) return false;
        char first = b[off];
        char last = b[off + len - 1];
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
        if (!mayBeNumber(b, off, len)) return false;
        try {
            out[at] = JavaDoubleParser.parseDouble(b, off, len);
            return true;
        } catch (NumberFormatException e) {
            return infinity(b, off, len, out, at);
        }
    }

    /** The slice as a float into {@code out[at]}; false when it is not a number. */
    static boolean parseFloat(char[] b, int off, int len, float[] out, int at) {
        if (!mayBeNumber(b, off, len)) return false;
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

    /** pandas' spellings of infinity that Java's parser does not take: inf, +inf, -inf in any case. */
    private static boolean infinity(char[] b, int off, int len, double[] out, int at) {
        if (len > 4) return false;
        String s = new String(b, off, len).toLowerCase(Locale.ROOT);
        switch (s) {
            case "inf", "+inf" -> out[at] = Double.POSITIVE_INFINITY;
            case "-inf" -> out[at] = Double.NEGATIVE_INFINITY;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} reads as a number. */
    static boolean isNumber(String s) {
        char[] c = s.toCharArray();
        return parseDouble(c, 0, c.length, new double[1], 0);
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
