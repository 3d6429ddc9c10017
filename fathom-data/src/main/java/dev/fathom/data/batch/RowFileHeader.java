package dev.fathom.data.batch;

import dev.fathom.backend.DType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The header of a row file, the format {@link RowFileWriter} writes and {@link RowFileSource}
 * streams. All numbers are little-endian:
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "FTHMROWS"
 *      8     4  format version (1)
 *     12     4  target type: 0 float32, 1 int32
 *     16     8  number of rows
 *     24     4  rank of a sample (xRank)
 *     28     4  rank of a target (yRank)
 *     32  4*(xRank+yRank)  the sample shape, then the target shape
 *      …        zero padding to a multiple of 64 bytes
 * </pre>
 *
 * Then the rows, each one sample's values (float32, row-major) followed by its target's values
 * (float32 or int32), so a run of rows is one sequential read.
 */
record RowFileHeader(int[] sampleShape, int[] targetShape, DType targetType, long rows) {
    static final byte[] MAGIC = "FTHMROWS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ROWS_OFFSET = 16;
    private static final int MAX_RANK = 16;

    /** The number of float32 values in one sample. */
    int sampleSize() {
        return size(sampleShape);
    }

    /** The number of values in one target. */
    int targetSize() {
        return size(targetShape);
    }

    /** The bytes of one row: sample and target. */
    int rowBytes() {
        return 4 * (sampleSize() + targetSize());
    }

    /** The bytes before the first row. */
    int length() {
        int raw = 32 + 4 * (sampleShape.length + targetShape.length);
        return (raw + 63) / 64 * 64;
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("a sample of shape " + Arrays.toString(shape) + " is too large");
        return (int) n;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(targetType == DType.INT32 ? 1 : 0).putLong(rows)
                .putInt(sampleShape.length).putInt(targetShape.length);
        for (int d : sampleShape) b.putInt(d);
        for (int d : targetShape) b.putInt(d);
        return b.clear();
    }

    /** Reads and checks the header of {@code path}, and that the file holds exactly its rows. */
    static RowFileHeader read(Path path, FileChannel channel) {
        try {
            long fileSize = channel.size();
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(fileSize, 32 + 8 * MAX_RANK)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && channel.read(b, b.position()) > 0) { /* fill */ }
            b.flip();
            byte[] magic = new byte[MAGIC.length];
            if (b.remaining() < 32) throw bad(path, "it has " + fileSize + " bytes, fewer than a row file's header");
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(path, "it does not start with \"FTHMROWS\"; it is not a row file (make one with RowFileWriter)");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw bad(path, "format version " + version + " is not supported (this Fathom reads version " + VERSION
                        + "); write the file again with this version");
            }
            int type = b.getInt();
            if (type != 0 && type != 1) throw bad(path, "target type code " + type + " is unknown (0 float32, 1 int32)");
            long rows = b.getLong();
            int xRank = b.getInt();
            int yRank = b.getInt();
            if (rows < 0 || rows > Integer.MAX_VALUE || xRank < 0 || xRank > MAX_RANK || yRank < 0 || yRank > MAX_RANK
                    || b.remaining() < 4 * (xRank + yRank)) {
                throw bad(path, "the header is corrupt (rows " + rows + ", ranks " + xRank + " and " + yRank + ")");
            }
            int[] x = new int[xRank];
            int[] y = new int[yRank];
            for (int i = 0; i < xRank; i++) x[i] = b.getInt();
            for (int i = 0; i < yRank; i++) y[i] = b.getInt();
            if (Arrays.stream(x).anyMatch(d -> d < 1) || Arrays.stream(y).anyMatch(d -> d < 1)) {
                throw bad(path, "the header is corrupt (sample shape " + Arrays.toString(x) + ", target shape "
                        + Arrays.toString(y) + ")");
            }
            RowFileHeader h = new RowFileHeader(x, y, type == 1 ? DType.INT32 : DType.FLOAT32, rows);
            long expected = h.length() + rows * h.rowBytes();
            if (fileSize != expected) {
                throw bad(path, "the header says " + rows + " rows of " + h.rowBytes() + " bytes (" + expected
                        + " bytes in all) but the file has " + fileSize + "; it was cut short or not closed by its"
                        + " writer. Write it again");
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read row file " + path + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(Path path, String why) {
        return new IllegalArgumentException("row file " + path + ": " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowFileHeader h && Arrays.equals(h.sampleShape, sampleShape) && Arrays.equals(h.targetShape, targetShape)
                && h.targetType == targetType && h.rows == rows;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sampleShape) * 31 + Arrays.hashCode(targetShape) + Long.hashCode(rows);
    }

    @Override
    public String toString() {
        return rows + " rows of " + Arrays.toString(sampleShape) + " -> " + Arrays.toString(targetShape) + " " + targetType;
    }
}
