package dev.fathom.datasets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The contents of one IDX file: element type, shape, and the values, which the accessors convert
 * to Java arrays in row-major order.
 *
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));
 * images.shape();                        // [60000, 28, 28]
 * float[] pixels = images.toFloatArray(255);   // 0..1, as PyTorch's x.float() / 255
 * Tensor x = Tensor.of(pixels, images.shape());
 * int[] labels = Idx.read(Path.of("train-labels-idx1-ubyte.gz")).toIntArray();
 * }</pre>
 */
public final class IdxArray {
    private final String source;
    private final IdxType type;
    private final int[] shape;
    private final byte[] data; // the payload as stored: big-endian, row-major

    IdxArray(String source, IdxType type, int[] shape, byte[] data) {
        this.source = source;
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    /** Where the values came from (the file's path), as error messages name it. */
    public String source() {
        return source;
    }

    /** The element type stored in the file. */
    public IdxType type() {
        return type;
    }

    /** The size of each axis (a copy), e.g. {@code [60000, 28, 28]}. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public int size() {
        return data.length / type.bytes();
    }

    /** The values converted to float ({@code double} values are rounded to the nearest float). */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        switch (type) {
            case UBYTE -> {
                for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF;
            }
            case BYTE -> {
                for (int i = 0; i < out.length; i++) out[i] = data[i];
            }
            case FLOAT -> buffer().asFloatBuffer().get(out);
            case DOUBLE -> {
                double[] d = toDoubleArray();
                for (int i = 0; i < out.length; i++) out[i] = (float) d[i];
            }
            case SHORT, INT -> {
                int[] v = toIntArray();
                for (int i = 0; i < out.length; i++) out[i] = v[i];
            }
        }
        return out;
    }

    /**
     * The values converted to float and divided by {@code divisor} in float32, exactly as PyTorch's
     * {@code x.float() / divisor} and NumPy's {@code x.astype("float32") / divisor} do; {@code 255}
     * maps unsigned-byte pixels onto [0, 1].
     *
     * @throws IllegalArgumentException when the divisor is 0, infinite or NaN
     */
    public float[] toFloatArray(float divisor) {
        if (divisor == 0 || !Float.isFinite(divisor)) {
            throw new IllegalArgumentException("toFloatArray: divisor must be finite and non-zero, got " + divisor);
        }
        if (type == IdxType.UBYTE) {
            // One division per distinct byte value; the table holds exactly v / divisor.
            float[] table = new float[256];
            for (int v = 0; v < 256; v++) table[v] = v / divisor;
            float[] out = new float[data.length];
            for (int i = 0; i < out.length; i++) out[i] = table[data[i] & 0xFF];
            return out;
        }
        float[] out = toFloatArray();
        for (int i = 0; i < out.length; i++) out[i] /= divisor;
        return out;
    }

    /** The values as double (exact for every IDX type). */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        switch (type) {
            case DOUBLE -> buffer().asDoubleBuffer().get(out);
            case FLOAT -> {
                float[] f = toFloatArray();
                for (int i = 0; i < out.length; i++) out[i] = f[i];
            }
            default -> {
                int[] v = toIntArray();
                for (int i = 0; i < out.length; i++) out[i] = v[i];
            }
        }
        return out;
    }

    /**
     * The values as int, for integer types: unsigned bytes give 0..255, signed bytes -128..127.
     *
     * @throws IllegalStateException when the file holds floats or doubles (read them with
     *     {@link #toFloatArray()})
     */
    public int[] toIntArray() {
        int[] out = new int[size()];
        switch (type) {
            case UBYTE -> {
                for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF;
            }
            case BYTE -> {
                for (int i = 0; i < out.length; i++) out[i] = data[i];
            }
            case SHORT -> {
                short[] s = new short[out.length];
                buffer().asShortBuffer().get(s);
                for (int i = 0; i < out.length; i++) out[i] = s[i];
            }
            case INT -> buffer().asIntBuffer().get(out);
            case FLOAT, DOUBLE -> throw new IllegalStateException("toIntArray: " + source + " holds " + type.description()
                    + " values, not integers; read them with toFloatArray() or toDoubleArray()");
        }
        return out;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    /** E.g. {@code IdxArray(unsigned byte [60000, 28, 28] from /usr/share/.../train-images-idx3-ubyte.gz)}. */
    @Override
    public String toString() {
        return "IdxArray(" + type.description() + " " + Arrays.toString(shape) + " from " + source + ")";
    }
}
