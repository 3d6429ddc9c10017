package dev.fathom.data.batch;

import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a row file: samples of float32 values, each with its target, for {@link RowFileSource} to
 * stream during training. The writer appends rows as they come, so data larger than memory can be
 * converted piece by piece (a CSV file with {@link #fromCsv}); it writes to {@code <name>.part} and
 * renames that to the final name on {@link #close()}, so a reader never sees half a file.
 *
 * <pre>{@code
 * RowFileWriter.write(Path.of("train.rows"), x, y);                          // tensors
 * RowFileWriter.write(Path.of("houses.rows"), table, "price");               // a table, "price" the target
 * RowFileWriter.fromCsv(Path.of("big.csv"), Path.of("big.rows"), "label");   // streamed, any size
 *
 * try (RowFileWriter w = RowFileWriter.create(Path.of("gen.rows"), new int[] {8}, new int[0], DType.INT32)) {
 *     for (Tensor[] part : parts) w.append(part[0], part[1]);    // x [b, 8], y [b]
 * }
 * }</pre>
 */
public final class RowFileWriter implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path path;
    private final Path partial;
    private final FileChannel channel;
    private final RowFileHeader shape;
    private final ByteBuffer buffer;
    private long rows;
    private boolean closed;

    private RowFileWriter(Path path, RowFileHeader shape) throws IOException {
        this.path = path;
        this.partial = path.resolveSibling(path.getFileName() + ".part");
        this.shape = shape;
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER_BYTES, shape.rowBytes())).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer header = shape.encode();
        while (header.hasRemaining()) channel.write(header);
    }

    /**
     * A writer of rows whose samples have {@code sampleShape} and whose targets have
     * {@code targetShape} ({@code []} for one value per sample) of {@code targetType} (float32, or
     * int32 for class indices).
     */
    public static RowFileWriter create(Path path, int[] sampleShape, int[] targetShape, DType targetType) {
        checkShape("sample", sampleShape);
        checkShape("target", targetShape);
        if (targetType != DType.FLOAT32 && targetType != DType.INT32) {
            throw new IllegalArgumentException("RowFileWriter: targets are stored as float32 or int32, got " + targetType);
        }
        try {
            return new RowFileWriter(path, new RowFileHeader(sampleShape.clone(), targetShape.clone(), targetType, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create row file " + path + ": " + e.getMessage(), e);
        }
    }

    private static void checkShape(String what, int[] shape) {
        if (shape == null || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("RowFileWriter: the " + what + " shape must have sizes >= 1, got "
                    + Arrays.toString(shape));
        }
    }

    /**
     * Writes {@code x} (samples on axis 0, float32 values of the sample shape) and its targets
     * {@code y} to a new row file; returns {@code path}.
     */
    public static Path write(Path path, Tensor x, Tensor y) {
        if (x == null || y == null || x.rank() < 1 || y.rank() < 1) {
            throw new IllegalArgumentException("RowFileWriter.write: x and y need samples on axis 0, got " + x + " and " + y);
        }
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        int[] target = Arrays.copyOfRange(y.shape(), 1, y.rank());
        DType type = y.dtype() == DType.INT32 ? DType.INT32 : DType.FLOAT32;
        return publish(create(path, sample, target, type), w -> {
            int n = x.shape(0);
            int step = Math.max(1, BUFFER_BYTES / w.shape.rowBytes());
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                w.append(x.slice(0, from, to), y.slice(0, from, to));
            }
        });
    }

    /**
     * Writes the rows of {@code table} to a new row file: the target columns as the targets (one
     * value per row for one column, a vector for several), every other column as the features,
     * converted as {@link Table#toTensor()} does. Returns {@code path}.
     *
     * @throws IllegalArgumentException naming the column when one is categorical or has missing
     *     values, or a target column does not exist
     */
    public static Path write(Path path, Table table, String... targetColumns) {
        if (targetColumns.length == 0) {
            throw new IllegalArgumentException("RowFileWriter.write: name the target column(s), e.g. write(path, table, \"price\")");
        }
        Table features = table.drop(targetColumns);
        Table targets = table.select(targetColumns);
        if (features.columnCount() == 0) throw new IllegalArgumentException("RowFileWriter.write: no feature columns are left");
        int[] target = targetColumns.length == 1 ? new int[0] : new int[] {targetColumns.length};
        return publish(create(path, new int[] {features.columnCount()}, target, DType.FLOAT32), w -> {
            int step = Math.max(1, BUFFER_BYTES / w.shape.rowBytes());
            for (int from = 0; from < table.rowCount(); from += step) {
                int[] rows = new int[Math.min(step, table.rowCount() - from)];
                for (int i = 0; i < rows.length; i++) rows[i] = from + i;
                Tensor y = targets.rows(rows).toTensor();
                w.append(features.rows(rows).toTensor(), targetColumns.length == 1 ? y.reshape(rows.length) : y);
            }
        });
    }

    /**
     * Converts a numeric CSV file (a header line of column names, comma-separated) into a row file,
     * one line at a time, so the CSV may be larger than memory: {@code targetColumns} become the
     * targets (float32), the other columns the features. Returns {@code out}.
     *
     * @throws IllegalArgumentException naming the file, line and column of a cell that is empty or
     *     not a number, a line with the wrong number of fields, or a target column not in the header
     *     (with the closest name)
     */
    public static Path fromCsv(Path csv, Path out, String... targetColumns) {
        return fromCsv(csv, out, ',', targetColumns);
    }

    /** {@link #fromCsv(Path, Path, String...)} with another field delimiter (';', '\t', ...). */
    public static Path fromCsv(Path csv, Path out, char delimiter, String... targetColumns) {
        if (targetColumns.length == 0) {
            throw new IllegalArgumentException("RowFileWriter.fromCsv: name the target column(s), e.g. fromCsv(csv, out, \"label\")");
        }
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            CsvRows rows = new CsvRows(csv, reader, delimiter);
            List<String> header = rows.header();
            // An empty table of the header's columns gives the same "no column 'x'; did you mean 'y'?" as tables do.
            List<NumericColumn> columns = new ArrayList<>();
            for (String name : header) columns.add(NumericColumn.of(name.isBlank() ? "column " + (columns.size() + 1) : name));
            Table names = Table.of(columns);
            int[] targetAt = new int[targetColumns.length];
            for (int t = 0; t < targetColumns.length; t++) targetAt[t] = names.columnNames().indexOf(names.column(targetColumns[t]).name());
            int features = header.size() - targetColumns.length;
            if (features < 1) throw new IllegalArgumentException(csv + ": no feature columns are left besides the targets");
            boolean[] isTarget = new boolean[header.size()];
            for (int t : targetAt) isTarget[t] = true;
            int[] target = targetColumns.length == 1 ? new int[0] : new int[] {targetColumns.length};
            return publish(create(out, new int[] {features}, target, DType.FLOAT32), w -> {
                float[] x = new float[features];
                float[] y = new float[targetAt.length];
                double[] values;
                while ((values = rows.next()) != null) {
                    for (int c = 0, f = 0; c < values.length; c++) if (!isTarget[c]) x[f++] = (float) values[c];
                    for (int t = 0; t < targetAt.length; t++) y[t] = (float) values[targetAt[t]];
                    w.appendRow(x, y);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code body} on the writer and publishes the file, or deletes the partial file if the body fails. */
    private static Path publish(RowFileWriter w, Body body) {
        try {
            body.run(w);
        } catch (IOException | RuntimeException e) {
            w.abort();
            if (e instanceof IOException io) throw new UncheckedIOException("cannot write row file " + w.path + ": " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
        w.close();
        return w.path;
    }

    private interface Body {
        void run(RowFileWriter w) throws IOException;
    }

    /**
     * Appends a batch: {@code x} of shape {@code [b, sampleShape...]} and {@code y} of shape
     * {@code [b, targetShape...]}.
     *
     * @throws IllegalArgumentException when a shape differs from the file's
     */
    public RowFileWriter append(Tensor x, Tensor y) {
        checkOpen();
        int[] sample = Arrays.copyOfRange(x.shape(), 1, Math.max(1, x.rank()));
        int[] target = Arrays.copyOfRange(y.shape(), 1, Math.max(1, y.rank()));
        if (x.rank() < 1 || y.rank() < 1 || x.shape(0) != y.shape(0) || !Arrays.equals(sample, shape.sampleShape())
                || !Arrays.equals(target, shape.targetShape())) {
            throw new IllegalArgumentException("RowFileWriter.append: " + path + " holds samples of shape "
                    + Arrays.toString(shape.sampleShape()) + " with targets of shape " + Arrays.toString(shape.targetShape())
                    + ", so it takes x [b, ...sample] and y [b, ...target]; got x " + Arrays.toString(x.shape()) + " and y "
                    + Arrays.toString(y.shape()));
        }
        float[] xs = x.toFloatArray();
        int sx = shape.sampleSize();
        int sy = shape.targetSize();
        if (shape.targetType() == DType.INT32) {
            int[] ys = y.toIntArray();
            for (int r = 0; r < x.shape(0); r++) put(xs, r * sx, sx, null, ys, r * sy, sy);
        } else {
            float[] ys = y.toFloatArray();
            for (int r = 0; r < x.shape(0); r++) put(xs, r * sx, sx, ys, null, r * sy, sy);
        }
        return this;
    }

    /**
     * Appends one sample (its values in row-major order) and its target values (converted to int32
     * when the file holds class indices).
     */
    public RowFileWriter appendRow(float[] x, float... y) {
        checkOpen();
        if (x.length != shape.sampleSize() || y.length != shape.targetSize()) {
            throw new IllegalArgumentException("RowFileWriter.appendRow: " + path + " takes " + shape.sampleSize()
                    + " sample values and " + shape.targetSize() + " target values per row, got " + x.length + " and " + y.length);
        }
        if (shape.targetType() == DType.INT32) {
            int[] ys = new int[y.length];
            for (int i = 0; i < y.length; i++) ys[i] = (int) y[i];
            put(x, 0, x.length, null, ys, 0, ys.length);
        } else {
            put(x, 0, x.length, y, null, 0, y.length);
        }
        return this;
    }

    private void put(float[] x, int xFrom, int xLength, float[] yf, int[] yi, int yFrom, int yLength) {
        if (buffer.remaining() < shape.rowBytes()) flush();
        for (int i = 0; i < xLength; i++) buffer.putFloat(x[xFrom + i]);
        for (int i = 0; i < yLength; i++) {
            if (yf != null) buffer.putFloat(yf[yFrom + i]);
            else buffer.putInt(yi[yFrom + i]);
        }
        rows++;
        if (rows > Integer.MAX_VALUE) throw new IllegalStateException("RowFileWriter: a row file holds at most 2^31 - 1 rows");
    }

    private void flush() {
        try {
            buffer.flip();
            while (buffer.hasRemaining()) channel.write(buffer);
            buffer.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write row file " + partial + ": " + e.getMessage(), e);
        }
    }

    /** The number of rows appended so far. */
    public long rows() {
        return rows;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("RowFileWriter: " + path + " is already closed");
    }

    /** Writes the remaining rows and the row count, and moves the file to its final name. */
    @Override
    public void close() {
        if (closed) return;
        flush();
        closed = true;
        try (channel) {
            ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, rows);
            channel.write(count, RowFileHeader.ROWS_OFFSET);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish row file " + partial + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Stops writing and deletes the partial file; the final file, if one existed, is untouched. */
    public void abort() {
        closed = true;
        try (channel) {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // Nothing more to do: the partial file's name says it is not a finished row file.
        }
    }
}
