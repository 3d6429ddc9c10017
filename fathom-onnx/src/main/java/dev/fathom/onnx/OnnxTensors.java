package dev.fathom.onnx;

import com.google.protobuf.ByteString;
import dev.fathom.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fathom.onnx.proto.OnnxProto.TensorProto;
import dev.fathom.saving.ModelFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Decodes a {@code TensorProto} into a {@link Const}, checking its declared dimensions against the
 * bytes it holds before allocating anything for it: a tensor whose dims promise more elements than
 * its data (inline, raw or in an external file) is refused, so a hostile file cannot make the
 * importer allocate memory it does not back with bytes. External data is read from the file its
 * {@code location} names beside the model, which must stay inside the model's folder.
 */
final class OnnxTensors {
    /** Java arrays stop here. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private OnnxTensors() {
    }

    /** The element type names of the types Fathom reads, by {@code TensorProto.DataType} number. */
    static String typeName(int dataType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(dataType);
        return t == null ? "type " + dataType : t.name();
    }

    /**
     * Decodes {@code t}.
     *
     * @param modelFile the ONNX file, for messages and to find external data beside it
     * @param trainable whether the tensor is an initializer (a weight)
     */
    static Const decode(TensorProto t, Path modelFile, boolean trainable) {
        String what = "tensor '" + t.getName() + "'";
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > MAX_ELEMENTS) throw bad(modelFile, what + " has dimension " + d + " in " + t.getDimsList());
            shape[i] = (int) d;
            count *= d;
            if (count > MAX_ELEMENTS) throw bad(modelFile, what + " declares dims " + t.getDimsList() + ", more elements than one tensor can hold");
        }
        if (t.hasSegment()) throw bad(modelFile, what + " is stored in segments, which Fathom does not read; save the model without segmentation");
        int n = (int) count;
        int type = t.getDataType();
        int width = width(type);
        if (width == 0) {
            throw bad(modelFile, what + " has element type " + typeName(type) + ", which Fathom does not import (it reads"
                    + " FLOAT, FLOAT16, DOUBLE, INT8, UINT8, INT16, UINT16, INT32, INT64 and BOOL)");
        }
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, modelFile, what, (long) n * width);
        } else if (!t.getRawData().isEmpty()) {
            ByteString bytes = t.getRawData();
            if (bytes.size() != (long) n * width) {
                throw bad(modelFile, what + " declares dims " + t.getDimsList() + " (" + n + " " + typeName(type) + " elements, "
                        + (long) n * width + " bytes) but holds " + bytes.size() + " bytes of raw data");
            }
            raw = bytes.asReadOnlyByteBuffer();
        }
        if (raw != null) return fromBytes(raw.order(ByteOrder.LITTLE_ENDIAN), type, shape, n, trainable);
        int have = typedCount(t, type);
        if (have != n) {
            throw bad(modelFile, what + " declares dims " + t.getDimsList() + " (" + n + " " + typeName(type) + " elements) but holds "
                    + have + " values");
        }
        return switch (type) {
            case 1 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = t.getFloatData(i);
                yield Const.ofFloats(shape, f, trainable);
            }
            case 11 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float) t.getDoubleData(i);
                yield Const.ofFloats(shape, f, trainable);
            }
            case 10 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = Float.float16ToFloat((short) t.getInt32Data(i));
                yield Const.ofFloats(shape, f, trainable);
            }
            case 7 -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = t.getInt64Data(i);
                yield Const.ofInts(shape, d);
            }
            default -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = t.getInt32Data(i);
                yield Const.ofInts(shape, d);
            }
        };
    }

    /** Bytes per element of the types Fathom reads; 0 for the others. */
    private static int width(int type) {
        return switch (type) {
            case 1, 6 -> 4;          // FLOAT, INT32
            case 2, 3, 9 -> 1;       // UINT8, INT8, BOOL
            case 4, 5, 10 -> 2;      // UINT16, INT16, FLOAT16
            case 7, 11 -> 8;         // INT64, DOUBLE
            default -> 0;
        };
    }

    private static int typedCount(TensorProto t, int type) {
        return switch (type) {
            case 1 -> t.getFloatDataCount();
            case 11 -> t.getDoubleDataCount();
            case 7 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    private static Const fromBytes(ByteBuffer b, int type, int[] shape, int n, boolean trainable) {
        switch (type) {
            case 1 -> {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                return Const.ofFloats(shape, f, trainable);
            }
            case 11 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float) b.getDouble();
                return Const.ofFloats(shape, f, trainable);
            }
            case 10 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = Float.float16ToFloat(b.getShort());
                return Const.ofFloats(shape, f, trainable);
            }
            default -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = switch (type) {
                        case 7 -> b.getLong();
                        case 6 -> b.getInt();
                        case 5 -> b.getShort();
                        case 4 -> b.getShort() & 0xFFFF;
                        case 3 -> b.get();
                        default -> b.get() & 0xFF;   // UINT8, BOOL
                    };
                }
                return Const.ofInts(shape, d);
            }
        }
    }

    /** Reads the bytes of an external tensor, after checking the file has them. */
    private static ByteBuffer external(TensorProto t, Path modelFile, String what, long expected) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            try {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { }
                }
            } catch (NumberFormatException x) {
                throw bad(modelFile, what + " has external data " + e.getKey() + " '" + e.getValue() + "', not a number");
            }
        }
        if (location == null || location.isEmpty()) throw bad(modelFile, what + " is external but names no location");
        Path dir = modelFile.toAbsolutePath().getParent();
        Path file = dir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(dir.normalize())) {
            throw bad(modelFile, what + " names external data '" + location + "' outside the model's folder; ONNX external"
                    + " data lies beside the model file");
        }
        if (!Files.isRegularFile(file)) {
            throw bad(modelFile, "external data '" + location + "' of " + what + " is missing (looked for " + file
                    + "); copy it beside the model file");
        }
        if (length >= 0 && length != expected) {
            throw bad(modelFile, what + " declares " + expected + " bytes but its external data length is " + length);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset < 0 || offset + expected > ch.size()) {
                throw bad(modelFile, what + " needs bytes " + offset + " to " + (offset + expected) + " of external data '" + location
                        + "', which has " + ch.size() + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) expected);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) break;
            }
            return buf.flip();
        } catch (IOException e) {
            throw bad(modelFile, "cannot read external data '" + location + "' of " + what + ": " + e);
        }
    }

    static ModelFileException bad(Path modelFile, String message) {
        return new ModelFileException("cannot load ONNX file '" + modelFile + "': " + message);
    }

    static String dims(int[] shape) {
        return Arrays.toString(shape);
    }
}
