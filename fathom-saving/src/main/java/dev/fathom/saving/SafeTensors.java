package dev.fathom.saving;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors in the safetensors layout, the format Hugging Face uses for weights: an 8-byte
 * little-endian header length {@code N}, {@code N} bytes of JSON header
 * {@code {"name": {"dtype": "F32", "shape": [784, 10], "data_offsets": [begin, end]}, ...}} (padded
 * with spaces to a multiple of 8), then the raw little-endian data, each tensor row-major at its
 * offsets (relative to the end of the header). Types: {@code F32}, {@code F64}, {@code I32}. An
 * optional {@code "__metadata__"} entry of string pairs is kept aside.
 *
 * <p>{@link #read} checks everything before it creates a tensor: the header length against the
 * blob, the JSON, each type, shape and offset range (in bounds, the size the shape needs, the
 * ranges covering the data exactly, without gaps or overlaps).
 *
 * <pre>{@code
 * byte[] blob = SafeTensors.write(Map.of("dense/kernel", kernel));
 * Map<String, Tensor> back = SafeTensors.read(blob, "weights.safetensors");
 * }</pre>
 */
public final class SafeTensors {
    /** A header longer than this is refused as corrupt rather than allocated (100 MiB, as safetensors). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** The blob holding {@code tensors}, in the map's order. Tensors may be any view; they are read, not changed. */
    public static byte[] write(Map<String, Tensor> tensors) {
        Map<String, Object> header = new LinkedHashMap<>();
        List<byte[]> data = new ArrayList<>();
        long offset = 0;
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is reserved");
                Tensor t = e.getValue();
                byte[] bytes = bytes(t);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("dtype", code(t.dtype()));
                info.put("shape", Arrays.stream(t.shape()).boxed().toList());
                info.put("data_offsets", List.of(offset, offset + bytes.length));
                header.put(e.getKey(), info);
                data.add(bytes);
                offset += bytes.length;
            }
        }
        byte[] json = compactJson(header);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the tensors take " + total + " bytes; one blob holds at most 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (byte[] b : data) out.put(b);
        return out.array();
    }

    /**
     * The tensors in {@code blob}, in header order (without {@code __metadata__}).
     *
     * @param source what the blob is, for error messages (e.g. {@code "weights.safetensors"})
     * @throws IllegalArgumentException naming {@code source}, the entry and what is wrong with it
     */
    public static Map<String, Tensor> read(byte[] blob, String source) {
        if (blob.length < 8) {
            throw new IllegalArgumentException(source + " is " + blob.length + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > blob.length - 8) {
            throw new IllegalArgumentException(source + " says its header is " + headerLength + " bytes but the blob is "
                    + blob.length + " bytes; the header length is corrupt");
        }
        String text = new String(blob, 8, (int) headerLength, StandardCharsets.UTF_8);
        Map<String, Object> header = Json.parse(text, source + " header");
        int dataStart = 8 + (int) headerLength;
        long dataLength = blob.length - (long) dataStart;
        record Entry(String name, DType dtype, int[] shape, long begin, long end) {}
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            String name = e.getKey();
            String where = source + ": tensor '" + name + "'";
            if (!(e.getValue() instanceof Map<?, ?> info)) throw new IllegalArgumentException(where + " has no {dtype, shape, data_offsets}");
            DType dtype = dtype(info.get("dtype"), where);
            int[] shape = shape(info.get("shape"), where + " shape");
            long[] offsets = longs(info.get("data_offsets"), where + " data_offsets");
            long size = 1;
            for (int d : shape) {
                size *= d;
                // Checked at each step, so a lying shape cannot wrap around to the size of the bytes it has.
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(where + " has shape " + Arrays.toString(shape) + ", more elements than"
                            + " one tensor holds (" + (Integer.MAX_VALUE - 8) + "); the file is corrupt");
                }
            }
            long bytes = size * dtype.byteSize();
            if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength) {
                throw new IllegalArgumentException(where + " has data_offsets " + Arrays.toString(offsets) + " outside the "
                        + dataLength + " bytes of data; the file is truncated or corrupt");
            }
            if (offsets[1] - offsets[0] != bytes) {
                throw new IllegalArgumentException(where + " has shape " + Arrays.toString(shape) + " of " + dtype + " ("
                        + bytes + " bytes) but its data_offsets " + Arrays.toString(offsets) + " span "
                        + (offsets[1] - offsets[0]) + " bytes");
            }
            entries.add(new Entry(name, dtype, shape, offsets[0], offsets[1]));
        }
        // The ranges must tile the data exactly: no overlaps (one byte read as two tensors), no gaps or trailing bytes.
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                throw new IllegalArgumentException(source + ": tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " but the previous data ends at " + expected + "; the ranges must cover the data without gaps or overlaps");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException(source + " has " + dataLength + " bytes of data but its tensors cover "
                    + expected + "; the file is truncated or has trailing bytes");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer slice = ByteBuffer.wrap(blob, dataStart + (int) e.begin(), (int) (e.end() - e.begin()))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            out.put(e.name(), tensor(e.dtype(), e.shape(), slice));
        }
        return out;
    }

    /**
     * Checks that every float tensor of {@code tensors} holds only finite values, as weights and
     * optimizer state must: a NaN or infinite weight turns every prediction into NaN or one class.
     *
     * @param source what the tensors are, for the message (e.g. {@code "weights.safetensors"})
     * @throws IllegalArgumentException naming {@code source}, the tensor, the first bad value and its index
     */
    public static void requireFinite(Map<String, Tensor> tensors, String source) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() == DType.INT32 || t.allFinite()) continue;
            double[] values = t.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(source + ": tensor '" + e.getKey() + "' holds " + values[i] + " at index "
                            + Arrays.toString(unravel(i, t.shape())) + " (the first non-finite value); weights must be finite");
                }
            }
        }
    }

    /** The index along each axis of element {@code flat} of a row-major tensor of {@code shape}. */
    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return index;
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> b.asIntBuffer().put(t.toIntArray());
        }
        return b.array();
    }

    private static Tensor tensor(DType dtype, int[] shape, ByteBuffer data) {
        int n = 1;
        for (int d : shape) n *= d;
        Tensor flat = switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                data.asFloatBuffer().get(v);
                yield Tensor.of(v, n);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                yield Tensor.of(v, n);
            }
            case INT32 -> {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                yield Tensor.of(v, n);
            }
        };
        return flat.reshape(shape);
    }

    /** The safetensors name of a type. */
    public static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
        };
    }

    private static DType dtype(Object code, String where) {
        return switch (String.valueOf(code)) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            default -> throw new IllegalArgumentException(where + " has dtype '" + code + "'; Fathom reads F32, F64 and I32");
        };
    }

    private static int[] shape(Object value, String where) {
        if (!(value instanceof List<?> list)) throw new IllegalArgumentException(where + " must be a list of sizes, got " + value);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Integer v) || v < 0) {
                throw new IllegalArgumentException(where + " must be a list of integer sizes >= 0, got " + list);
            }
            out[i] = v;
        }
        return out;
    }

    private static long[] longs(Object value, String where) {
        if (!(value instanceof List<?> list) || list.size() != 2
                || !(list.get(0) instanceof Integer || list.get(0) instanceof Long)
                || !(list.get(1) instanceof Integer || list.get(1) instanceof Long)) {
            throw new IllegalArgumentException(where + " must be [begin, end], got " + value);
        }
        return new long[] {((Number) list.get(0)).longValue(), ((Number) list.get(1)).longValue()};
    }

    private static byte[] compactJson(Map<String, Object> header) {
        // The header is machine-read; one line keeps it small for models with many tensors.
        return Json.writeCompact(header).getBytes(StandardCharsets.UTF_8);
    }
}
