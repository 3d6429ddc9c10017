package dev.fathom.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumbersTest {
    @Test
    void roundsToFourSignificantDigits() {
        assertEquals("0.1049", Numbers.format(0.1049238070845604));
        assertEquals("-43.8", Numbers.format(-43.80001));
        assertEquals("0.5", Numbers.format(0.5));
        assertEquals("12.35", Numbers.format(12.3456));
        assertEquals("0.0001", Numbers.format(0.000099999));
        assertEquals("1.5e-07", Numbers.format(1.5e-7));
    }

    @Test
    void wholeAndLargeNumbers() {
        assertEquals("9", Numbers.format(9.0));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("60000", Numbers.format(60000));
        assertEquals("1235", Numbers.format(1234.5678));
        assertEquals("1e+38", Numbers.format(1e38));
        assertEquals("3.403e+38", Numbers.format(Float.MAX_VALUE));
        assertEquals("1.235e+06", Numbers.format(1234567.0));
    }

    @Test
    void nonFiniteAsNumPyPrintsThem() {
        assertEquals("nan", Numbers.format(Double.NaN));
        assertEquals("inf", Numbers.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Numbers.format(Double.NEGATIVE_INFINITY));
    }
}
