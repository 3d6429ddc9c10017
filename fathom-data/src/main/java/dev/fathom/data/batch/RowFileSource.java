package dev.fathom.data.batch;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link BatchSource} that streams a row file ({@link RowFileWriter}) from disk, for data larger
 * than memory. At most {@link #bufferBytes(long) bufferBytes} of rows are held at once (64 MiB by
 * default), whatever the file's size.
 *
 * <p>Shuffling keeps reads sequential: the file is cut into chunks of consecutive rows
 * ({@link #chunkBytes(int) chunkBytes}, 1 MiB by default); an epoch reads the chunks in an order
 * drawn from its generator, fills the buffer with as many chunks as fit, shuffles the rows in the
 * buffer, and serves them. Every row is seen exactly once per epoch, and rows far apart in the file
 * can meet in one batch when the buffer holds several chunks. The larger the buffer relative to a
 * chunk, the closer to a full shuffle (a buffer as large as the file gives one). Unshuffled, rows
 * come in file order, so training from the file then equals training from the same tensors.
 *
 * <pre>{@code
 * RowFileWriter.fromCsv(Path.of("big.csv"), Path.of("big.rows"), "label");
 * try (RowFileSource data = RowFileSource.open(Path.of("big.rows")).bufferBytes(256L << 20)) {
 *     model.fit(data, Fit.epochs(5).batchSize(256).validationSplit(0.1).seed(3));
 * }
 * }</pre>
 */
public final class RowFileSource implements BatchSource {
    private final Path path;
    private final FileChannel channel;
    private final RowFileHeader header;
    private final boolean owner;
    private final int first;
    private final int count;
    private long bufferBytes = 64L << 20;
    private int chunkBytes = 1 << 20;
    private volatile boolean closed;

    private RowFileSource(Path path, FileChannel channel, RowFileHeader header, boolean owner, int first, int count) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.owner = owner;
        this.first = first;
        this.count = count;
    }

    /**
     * Opens a row file for reading; close it when done.
     *
     * @throws IllegalArgumentException when the file is not a row file, is of another format
     *     version, or is truncated (the message says which)
     * @throws UncheckedIOException when it cannot be read
     */
    public static RowFileSource open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open row file " + path + ": " + e, e);
        }
        try {
            RowFileHeader h = RowFileHeader.read(path, channel);
            return new RowFileSource(path, channel, h, true, 0, (int) h.rows());
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The most memory the rows being shuffled may take (at least one row); each epoch allocates one
     * buffer of this size or less. Returns this source.
     */
    public RowFileSource bufferBytes(long bytes) {
        if (bytes < header.rowBytes()) {
            throw new IllegalArgumentException("RowFileSource.bufferBytes(" + bytes + "): the buffer must hold at least one"
                    + " row of " + path + ", which takes " + header.rowBytes() + " bytes");
        }
        this.bufferBytes = bytes;
        return this;
    }

    /** The size of the runs of consecutive rows read at once (rounded to whole rows, at least one). Returns this source. */
    public RowFileSource chunkBytes(int bytes) {
        if (bytes < 1) throw new IllegalArgumentException("RowFileSource.chunkBytes must be >= 1, got " + bytes);
        this.chunkBytes = bytes;
        return this;
    }

    /** The rows read at once. */
    public int chunkRows() {
        int rows = Math.max(1, chunkBytes / header.rowBytes());
        return (int) Math.min(rows, Math.max(1, bufferBytes / header.rowBytes()));
    }

    /** The rows the buffer holds: whole chunks, as many as fit in {@link #bufferBytes(long)}. */
    public int bufferRows() {
        int chunk = chunkRows();
        long chunks = Math.max(1, bufferBytes / ((long) chunk * header.rowBytes()));
        return (int) Math.min((long) chunk * chunks, Math.max(1, count));
    }

    /** The bytes one epoch's buffer takes: {@link #bufferRows()} rows. */
    public long bufferedBytes() {
        return (long) bufferRows() * header.rowBytes();
    }

    /** The file streamed. */
    public Path path() {
        return path;
    }

    /** The type of the targets in the file: float32, or int32 for class indices. */
    public DType targetType() {
        return header.targetType();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(header.sampleShape().clone());
    }

    @Override
    public int[] targetShape() {
        return header.targetShape().clone();
    }

    @Override
    public RowFileSource rows(int from, int to) {
        Checks.range(from, to, count);
        RowFileSource view = new RowFileSource(path, channel, header, false, first + from, to - from);
        view.bufferBytes = bufferBytes;
        view.chunkBytes = chunkBytes;
        return view;
    }

    @Override
    public Iterator<Batch> batches(int batchSize, Generator shuffle) {
        Checks.batchSize(batchSize);
        if (closed) throw new IllegalStateException("RowFileSource: " + path + " is closed; open it again to read it");
        return new Epoch(batchSize, shuffle);
    }

    /** Closes the file (a source made by {@link #rows} shares it and leaves that to the one it came from). */
    @Override
    public void close() {
        closed = true;
        if (!owner) return;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RowFileSource(" + path + ", " + count + " samples of " + Arrays.toString(header.sampleShape())
                + ", targets " + Arrays.toString(header.targetShape()) + " " + header.targetType().name().toLowerCase() + ")";
    }

    /** One pass over the rows: chunks in (shuffled) order through the buffer, rows shuffled within it. */
    private final class Epoch implements Iterator<Batch> {
        private final int batchSize;
        private final Generator shuffle;
        private final int chunkRows = chunkRows();
        private final int[] chunkOrder;
        private final ByteBuffer buffer;
        private final FloatBuffer floats;
        private final IntBuffer ints;
        private final int rowFloats = header.rowBytes() / 4;
        private int nextChunk;
        private int[] order = new int[0];
        private int buffered;
        private int cursor;
        private int served;

        Epoch(int batchSize, Generator shuffle) {
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.chunkOrder = new int[(count + chunkRows - 1) / chunkRows];
            for (int i = 0; i < chunkOrder.length; i++) chunkOrder[i] = i;
            if (shuffle != null) shuffle.shuffle(chunkOrder);
            this.buffer = ByteBuffer.allocate(Math.toIntExact(bufferedBytes())).order(ByteOrder.LITTLE_ENDIAN);
            // Views of the same bytes, little-endian like the buffer: rows are decoded straight into the batch arrays.
            this.floats = buffer.asFloatBuffer();
            this.ints = buffer.asIntBuffer();
        }

        @Override
        public boolean hasNext() {
            return served < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("the epoch has ended after " + count + " samples");
            if (closed) throw new IllegalStateException("RowFileSource: " + path + " was closed during an epoch");
            int b = Math.min(batchSize, count - served);
            int sx = header.sampleSize();
            int sy = header.targetSize();
            float[] x = new float[b * sx];
            boolean intTargets = header.targetType() == DType.INT32;
            float[] yf = intTargets ? null : new float[b * sy];
            int[] yi = intTargets ? new int[b * sy] : null;
            for (int r = 0; r < b; r++) {
                if (cursor == buffered) fill();
                int at = order[cursor++] * rowFloats;
                floats.get(at, x, r * sx, sx);
                if (intTargets) ints.get(at + sx, yi, r * sy, sy);
                else floats.get(at + sx, yf, r * sy, sy);
            }
            served += b;
            int[] xShape = prepend(b, header.sampleShape());
            int[] yShape = prepend(b, header.targetShape());
            Tensor xt = Tensor.wrap(x, xShape);
            Tensor yt = intTargets ? Tensor.of(yi, yShape) : Tensor.wrap(yf, yShape);
            return new Batch(xt, yt);
        }

        /** Reads the next chunks (as many as the buffer holds) and draws the order of their rows. */
        private void fill() {
            int capacity = buffer.capacity() / header.rowBytes();
            buffered = 0;
            while (nextChunk < chunkOrder.length) {
                int c = chunkOrder[nextChunk];
                int rows = Math.min(chunkRows, count - c * chunkRows);
                if (buffered > 0 && buffered + rows > capacity) break;
                read(first + (long) c * chunkRows, rows, buffered);
                buffered += rows;
                nextChunk++;
            }
            if (order.length != buffered) order = new int[buffered];
            for (int i = 0; i < buffered; i++) order[i] = i;
            if (shuffle != null) shuffle.shuffle(order);
            cursor = 0;
        }

        private void read(long row, int rows, int atRow) {
            long position = header.length() + row * header.rowBytes();
            ByteBuffer target = buffer.slice(atRow * header.rowBytes(), rows * header.rowBytes());
            try {
                while (target.hasRemaining()) {
                    int n = channel.read(target, position + target.position());
                    if (n < 0) {
                        throw new IllegalStateException("row file " + path + " ended at byte " + (position + target.position())
                                + " while reading row " + row + "; it was changed or cut short while open");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static int[] prepend(int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
