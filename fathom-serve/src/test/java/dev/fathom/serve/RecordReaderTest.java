package dev.fathom.serve;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three body forms, value types, and the refusals that happen before the pipeline sees a record. */
class RecordReaderTest {
    static final RecordReader TABLE = new RecordReader(Map.of("a", "numeric", "b", "categorical"), null);

    static List<Map<String, Object>> read(RecordReader reader, String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    static ApiException refused(RecordReader reader, String body) {
        return assertThrows(ApiException.class, () -> read(reader, body));
    }

    @Test
    void aBodyBeyondAsciiIsLeftToTheRecordsReader() {
        // A fuzzing finding: the row path once read a body whose ignored name held the byte 0xff,
        // which read() refuses as not UTF-8. Now any byte beyond ASCII sends the body to read().
        RecordReader reader = new RecordReader(Map.of("x1", "numeric", "x2", "numeric"), null, false, List.of("x2", "x1"));
        String text = "{\"x1\": 1.5, \"x2\": -2, \"colour\": \"red\"}";
        assertArrayEquals(new double[] {-2, 1.5}, reader.readRow(text.getBytes(StandardCharsets.UTF_8)), "plain ASCII is a row");
        byte[] accented = text.replace("colour", "col\u00f6ur").getBytes(StandardCharsets.UTF_8);
        assertEquals(null, reader.readRow(accented));
        assertEquals(-2, ((Number) reader.read(accented).getFirst().get("x2")).doubleValue(), "read() answers it");
        byte[] notUtf8 = text.getBytes(StandardCharsets.UTF_8);
        notUtf8[text.indexOf("ou")] = (byte) 0xff;
        assertEquals(null, reader.readRow(notUtf8));
        ApiException e = assertThrows(ApiException.class, () -> reader.read(notUtf8));
        assertTrue(e.getMessage().startsWith("the request body is not valid JSON: Invalid UTF-8 start byte 0xff"), e.getMessage());
    }

    @Test
    void theThreeFormsGiveTheSameRecords() {
        Map<String, Object> one = new HashMap<>();
        one.put("a", 1.0);
        one.put("b", "x");
        assertEquals(List.of(one), read(TABLE, "{\"a\": 1, \"b\": \"x\"}"));
        assertEquals(List.of(one, one), read(TABLE, "{\"records\": [{\"a\": 1, \"b\": \"x\"}, {\"a\": 1.0, \"b\": \"x\"}]}"));
        assertEquals(List.of(one, one), read(TABLE, "[{\"a\": 1, \"b\": \"x\"}, {\"b\": \"x\", \"a\": 1e0}]"));
    }

    @Test
    void valuesKeepTheirJsonTypes() {
        Map<String, Object> r = read(TABLE, "{\"a\": null, \"b\": true, \"c\": \"s\", \"d\": -2.5e-3, \"e\": [1, {\"x\": 2}]}").getFirst();
        assertEquals(Arrays.asList(null, true, "s", -2.5e-3, null),
                Arrays.asList(r.get("a"), r.get("b"), r.get("c"), r.get("d"), r.get("e")));
        assertEquals(5, r.size(), "an unknown nested field is kept as null: ignored, not refused");
    }

    @Test
    void aModelWithAnInputNamedRecordsReadsItAsAField() {
        RecordReader reader = new RecordReader(Map.of("records", "numeric"), null);
        assertEquals(List.of(Map.of("records", 3.0)), read(reader, "{\"records\": 3}"));
        assertEquals("record 0, field 'records': expected a numeric value, got an array",
                refused(reader, "{\"records\": [1]}").getMessage());
    }

    @Test
    void refusalsSayWhatAndWhere() {
        assertEquals("the request body is empty; " + RecordReader.FORMS, refused(TABLE, " ").getMessage());
        assertEquals("the request body is a number, not a record; " + RecordReader.FORMS, refused(TABLE, "42").getMessage());
        assertEquals("the request holds no records; " + RecordReader.FORMS, refused(TABLE, "[]").getMessage());
        ApiException notObject = refused(TABLE, "[{\"a\": 1}, 7]");
        assertEquals("record 1 is a number; each record is a JSON object of fields such as {\"field\": 1.0}", notObject.getMessage());
        assertEquals(1, notObject.record());
        assertEquals("the request body goes on after its JSON value (line 1, column 10); send one JSON value",
                refused(TABLE, "{\"a\": 1} {}").getMessage());
        ApiException huge = refused(TABLE, "[{}, {\"a\": 1e400}]");
        assertEquals("record 1, field 'a': 1e400 is beyond the range of float32 (±3.4e38); send a finite number, or null for a"
                + " missing value (a server started with --non-finite-as-missing reads it as missing)", huge.getMessage());
        assertEquals("a", huge.field());
        assertEquals(400, huge.status());
    }

    @Test
    void pixelsOfEitherShapeAreReadChannelsFirst() {
        RecordReader images = new RecordReader(Map.of(), new PixelReader(new int[] {1, 2, 3}));
        float[] want = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(want, (float[]) read(images, "{\"pixels\": [[1, 2, 3], [4, 5, 6]]}").getFirst().get("pixels"));
        assertArrayEquals(want, (float[]) read(images, "{\"pixels\": [[[1, 2, 3], [4, 5, 6]]]}").getFirst().get("pixels"));
        RecordReader rgb = new RecordReader(Map.of(), new PixelReader(new int[] {2, 1, 2}));
        assertArrayEquals(new float[] {1, 2, 3, 4}, (float[]) read(rgb, "[{\"pixels\": [[[1, 2]], [[3, 4]]]}]").getFirst().get("pixels"));
        assertEquals("record 0, field 'pixels': the pixels are shaped [1][2], but the model takes images of 2×1×2"
                + " (channels×height×width): send [2][1][2]", refused(rgb, "{\"pixels\": [[1, 2]]}").getMessage());
        assertEquals("record 0, field 'pixels': more values than an image of 1×2×3 holds; send [2][3] or [1][2][3]",
                refused(images, "{\"pixels\": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}").getMessage());
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheField() {
        for (String value : List.of("1e39", "-1e39", "NaN", "Infinity", "-Infinity", "1e400")) {
            ApiException e = refused(TABLE, "[{\"a\": 1, \"b\": \"x\"}, {\"a\": " + value + ", \"b\": \"x\"}]");
            assertEquals(400, e.status(), value);
            assertEquals(1, e.record(), value);
            assertEquals("a", e.field(), value);
            assertEquals("record 1, field 'a': " + value + (value.equals("NaN") ? " is not a number" : " is beyond the range of float32 (±3.4e38)")
                    + "; send a finite number, or null for a missing value (a server started with --non-finite-as-missing"
                    + " reads it as missing)", e.getMessage());
        }
        // The largest float32 is still a number; an unknown field's NaN is ignored like the field.
        assertEquals(3.4e38, read(TABLE, "{\"a\": 3.4e38, \"b\": \"x\", \"extra\": NaN}").getFirst().get("a"));
    }

    @Test
    void nonFiniteAsMissingReadsThemAsNull() {
        RecordReader lenient = new RecordReader(Map.of("a", "numeric", "b", "categorical"), null, true);
        for (String value : List.of("1e39", "NaN", "-Infinity")) {
            Map<String, Object> r = read(lenient, "{\"a\": " + value + ", \"b\": \"x\"}").getFirst();
            assertTrue(r.containsKey("a"), value);
            assertEquals(null, r.get("a"), value);
        }
    }

    @Test
    void aRecordWithNoValueAtAllIsRefused() {
        for (String body : List.of("{\"a\": null, \"b\": null}", "[{\"a\": 1, \"b\": \"x\"}, {\"a\": null, \"other\": 3}]", "[{\"a\": 1}, {}]")) {
            ApiException e = refused(TABLE, body);
            assertEquals(400, e.status(), body);
            int index = body.startsWith("[") ? 1 : 0;
            assertEquals(index, e.record(), body);
            assertEquals("record " + index + " has no values: every input field is missing or null; send at least one of [a, b]",
                    e.getMessage());
        }
        // Every non-finite value read as missing leaves nothing either.
        ApiException e = refused(new RecordReader(Map.of("a", "numeric"), null, true), "{\"a\": NaN}");
        assertEquals("record 0 has no values: every input field is missing or null; send at least one of [a]", e.getMessage());
    }

    @Test
    void nonFinitePixelsAreRefused() {
        RecordReader images = new RecordReader(Map.of(), new PixelReader(new int[] {1, 1, 2}));
        assertEquals("record 0, field 'pixels': pixels[0][1] is 1e39, not a finite float32 number",
                refused(images, "{\"pixels\": [[0, 1e39]]}").getMessage());
        assertEquals("record 0, field 'pixels': pixels[0][0] is NaN, not a finite float32 number",
                refused(images, "{\"pixels\": [[NaN, 1]]}").getMessage());
    }
}
