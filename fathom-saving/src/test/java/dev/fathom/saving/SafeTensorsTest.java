package dev.fathom.saving;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense/kernel", Tensor.of(new float[] {1.5f, -2, Float.MIN_VALUE, 3e38f, 0, -0f}, 2, 3));
        m.put("x64", Tensor.of(new double[] {Math.PI, -1e300}));
        m.put("iterations", Tensor.full(DType.INT32, 7));
        m.put("t", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).transpose(0, 1)); // a non-contiguous view
        return m;
    }

    @Test
    void roundTripsEveryTypeBitForBitInOrder() {
        Map<String, Tensor> back = SafeTensors.read(SafeTensors.write(sample()), "test");
        assertEquals(List.of("dense/kernel", "x64", "iterations", "t"), List.copyOf(back.keySet()));
        assertArrayEquals(new int[] {2, 3}, back.get("dense/kernel").shape());
        assertArrayEquals(sample().get("dense/kernel").toFloatArray(), back.get("dense/kernel").toFloatArray(), 0f);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.get("dense/kernel").toFloatArray()[5]));
        assertEquals(DType.FLOAT64, back.get("x64").dtype());
        assertArrayEquals(new double[] {Math.PI, -1e300}, back.get("x64").toDoubleArray(), 0);
        assertEquals(0, back.get("iterations").rank());
        assertEquals(7, back.get("iterations").item());
        assertArrayEquals(new float[] {1, 3, 2, 4}, back.get("t").toFloatArray(), 0f);
    }

    @Test
    void followsTheSafetensorsLayout() {
        byte[] blob = SafeTensors.write(Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "the data starts 8-byte aligned");
        String header = new String(blob, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        b.position(8 + (int) n);
        assertEquals(1f, b.getFloat());
        assertEquals(2f, b.getFloat());
        assertEquals(blob.length, b.position());
    }

    @Test
    void refusesCorruptBlobsNamingTheProblem() {
        byte[] good = SafeTensors.write(sample());
        var shortBlob = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(new byte[5], "w.st"));
        assertTrue(shortBlob.getMessage().startsWith("w.st is 5 bytes"), shortBlob.getMessage());

        byte[] badLength = good.clone();
        ByteBuffer.wrap(badLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        var length = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(badLength, "w.st"));
        assertTrue(length.getMessage().contains("header length is corrupt"), length.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        var cut = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(truncated, "w.st"));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());

        var overlap = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(blob(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                8), "w.st"));
        assertTrue(overlap.getMessage().contains("tensor 'b'") || overlap.getMessage().contains("tensor 'a'"), overlap.getMessage());

        var dtype = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(blob(
                "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "w.st"));
        assertTrue(dtype.getMessage().contains("tensor 'a' has dtype 'BF16'"), dtype.getMessage());

        var size = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(blob(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "w.st"));
        assertTrue(size.getMessage().contains("shape [3] of FLOAT32 (12 bytes)") || size.getMessage().contains("12 bytes"),
                size.getMessage());

        var json = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(blob("{\"a\": [", 0), "w.st"));
        assertTrue(json.getMessage().contains("w.st header is not valid JSON"), json.getMessage());
    }

    @Test
    void skipsMetadata() {
        Map<String, Tensor> back = SafeTensors.read(blob(
                "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4), "w");
        assertEquals(List.of("a"), List.copyOf(back.keySet()));
    }

    private static byte[] blob(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static byte[] blobWithHeader(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array();
    }

    @Test
    void aShapeWhoseSizeWrapsAroundIsRefused() {
        // 2^30 * 2^30 * 16 elements wrap a long to 0, which the empty data would match.
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(blobWithHeader(
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,16],\"data_offsets\":[0,0]}}"), "weights.safetensors"));
        assertEquals("weights.safetensors: tensor 't' has shape [1073741824, 1073741824, 16], more elements than one tensor holds"
                + " (2147483639); the file is corrupt", e.getMessage());
    }

    @Test
    void requireFiniteNamesTheTensorTheValueAndItsIndex() {
        SafeTensors.requireFinite(sample(), "weights");
        Map<String, Tensor> bad = new LinkedHashMap<>(sample());
        bad.put("x64", Tensor.of(new double[] {1, 2, 3, 4, Double.NEGATIVE_INFINITY, Double.NaN}, 3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.requireFinite(bad, "weights.safetensors"));
        assertEquals("weights.safetensors: tensor 'x64' holds -Infinity at index [2, 0] (the first non-finite value); weights must"
                + " be finite", e.getMessage());
    }
}
