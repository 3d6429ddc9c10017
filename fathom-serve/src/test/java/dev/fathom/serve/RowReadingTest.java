package dev.fathom.serve;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link RecordReader#readRow}: a one-record body of numbers read straight into a row gives the
 * values the maps give, and every other body is left to {@link RecordReader#read}, which accepts
 * or refuses it with its reason.
 */
class RowReadingTest {
    private static final RecordReader NUMBERS = new RecordReader(Map.of("a", "numeric", "b", "numeric", "c", "numeric"),
            null, false, List.of("c", "a", "b"));

    private static double[] row(RecordReader reader, String body) {
        return reader.readRow(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPlainRecordBecomesItsRowInInputOrder() {
        assertArrayEquals(new double[] {3, 1, -2.5e-3}, row(NUMBERS, "{\"a\": 1, \"b\": -2.5e-3, \"c\": 3.0}"));
        assertArrayEquals(new double[] {3, Double.NaN, 2}, row(NUMBERS, "{\"b\": 2, \"a\": null, \"c\": 3}"), "null is missing: NaN");
        assertArrayEquals(new double[] {3, 1, 2}, row(NUMBERS, "{\"a\": 1, \"x\": \"ignored\", \"y\": 7, \"b\": 2, \"c\": 3}"),
                "fields that are not inputs are ignored, as read() ignores them");
        assertArrayEquals(new double[] {3, 1, 2}, row(NUMBERS, "{\"c\": 3, \"a\": 1, \"b\": 2, \"d\": 4}"), "in the inputs' order");
        assertArrayEquals(new double[] {3, 1, 2}, row(NUMBERS, "{\"c\": 3, \"x\": 0, \"a\": 1, \"b\": 2}"), "another field between");
        // The same values as read() gives.
        Map<String, Object> read = NUMBERS.read("{\"a\": 1e2, \"b\": -0.1, \"c\": 7}".getBytes(StandardCharsets.UTF_8)).getFirst();
        assertArrayEquals(new double[] {(double) read.get("c"), (double) read.get("a"), (double) read.get("b")},
                row(NUMBERS, "{\"a\": 1e2, \"b\": -0.1, \"c\": 7}"));
    }

    @Test
    void everythingElseIsLeftToTheMaps() {
        for (String body : List.of(
                "[{\"a\": 1, \"b\": 2, \"c\": 3}]",                      // an array of records
                "{\"records\": [{\"a\": 1, \"b\": 2, \"c\": 3}]}",      // the envelope
                "{\"a\": 1, \"b\": 2}",                                   // an input missing
                "{\"a\": null, \"b\": null, \"c\": null}",               // no value at all: refused by read()
                "{\"a\": \"1\", \"b\": 2, \"c\": 3}",                     // a string
                "{\"a\": true, \"b\": 2, \"c\": 3}",                      // a boolean
                "{\"a\": [1], \"b\": 2, \"c\": 3}",                       // an array as an input
                "{\"a\": NaN, \"b\": 2, \"c\": 3}",                       // not finite
                "{\"a\": 1e39, \"b\": 2, \"c\": 3}",                      // beyond float32
                "{\"a\": 1, \"a\": 2, \"b\": 2, \"c\": 3}",               // a duplicate
                "{\"c\": 1, \"a\": 2, \"a\": 3}",                         // a duplicate in the place of a missing input
                "{\"c\": 1, \"a\": 2, \"b\": 3, \"c\": 4}",               // a duplicate after every input
                "{\"a\": 1, \"x\": 0, \"b\": 2, \"x\": 1, \"c\": 3}",     // a field that is not an input, twice: read() refuses it
                "{\"a\": 1, \"y\": [1, {\"z\": 2}], \"b\": 2, \"c\": 3}", // a nested value, which read() checks for repeated names
                "{\"a\": 1, \"b\": 2, \"c\": 3} {}",                      // more after the value
                "{\"a\": 1, \"b\": 2, \"c\": 3",                          // cut short
                "3", "")) {
            assertNull(row(NUMBERS, body), body);
        }
    }

    @Test
    void onlyAllNumericTableModelsReadRows() {
        assertNull(row(RecordReaderTest.TABLE, "{\"a\": 1, \"b\": \"x\"}"), "a categorical input: maps only");
        assertNull(row(new RecordReader(Map.of("a", "numeric"), null), "{\"a\": 1}"), "no row inputs given");
    }
}
