package dev.fathom.data;

import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An all-numeric CSV file straight into a float32 matrix, for {@link CsvReader#readTensor}. Memory
 * is the point: values go from the parser's char buffer into float arrays, never through a String
 * or a double per cell, and the first part's array is sized from the file's length once a few
 * thousand rows have shown how long a row is, so it usually becomes the tensor itself.
 *
 * <p>A large file is split at line breaks into parts read on their own threads. A split is only
 * right if the line break is not inside a quoted value; the part before it proves that when it ends
 * without an open quote (it is parsed from a true record start). Any error in any part makes the
 * whole file be read again by one thread, which then reports the first problem exactly as it is.
 */
final class FloatMatrixReader {
    /** Parts smaller than this are not worth a thread (tests lower it to split small files). */
    static long minPartBytes = 8L << 20;
    private static final int MAX_PARTS = 4;

    private FloatMatrixReader() {}

    static Tensor read(Path file, CsvOptions given) {
        CsvOptions options = given;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            CsvReader.open(file);   // says "no file ..." when that is the problem
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        CsvDialect dialect;
        try (InputStream in = CsvReader.open(file)) {
            byte[] sample = in.readNBytes(CsvSniffer.SAMPLE_BYTES);
            dialect = CsvSniffer.sniff(sample, sample.length, sample.length < CsvSniffer.SAMPLE_BYTES, file.toString(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        options = options.resolved(dialect);
        int parts = (int) Math.min(Math.min(MAX_PARTS, Runtime.getRuntime().availableProcessors()), Math.max(1, size / minPartBytes));
        // Parts are split at '\n' bytes, which in UTF-16 is half a character.
        if (parts > 1 && !dialect.charset().name().startsWith("UTF-16")) {
            try {
                Tensor t = parallel(file, size, parts, options);
                if (t != null) return t;
            } catch (RuntimeException e) {
                // fall through: one thread reads the file again and reports the first error where it is
            }
        }
        FloatRows rows = new FloatRows(file.toString(), options, true, size);
        CsvReader.parse(CsvReader.open(file), file.toString(), options, rows, true);
        return assemble(List.of(rows), file.toString());
    }

    private static Tensor parallel(Path file, long size, int parts, CsvOptions options) {
        long[] starts = new long[parts + 1];
        starts[parts] = size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int k = 1; k < parts; k++) {
                starts[k] = nextLineStart(ch, Math.max(size * k / parts, starts[k - 1]), size);
                if (starts[k] >= size) return null;   // no line break after this point: too few lines to split
            }
        } catch (IOException e) {
            return null;
        }
        String name = file.toString();
        List<FloatRows> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failed = new RuntimeException[parts];
        for (int k = 0; k < parts; k++) {
            FloatRows rows = new FloatRows(name, options, k == 0, k == 0 ? size : starts[k + 1] - starts[k]);
            results.add(rows);
            if (k == 0) continue;   // part 0 runs on this thread, below
            final int part = k;
            Runnable work = () -> {
                try {
                    InputStream in = new RangeStream(file, starts[part], starts[part + 1]);
                    rows.newlines = CsvReader.parse(in, name, options, rows, false);
                } catch (RuntimeException e) {
                    failed[part] = e;
                }
            };
            threads.add(Thread.ofPlatform().name("fathom-csv-" + k).start(work));
        }
        // Part 0 on this thread.
        try {
            results.getFirst().newlines = CsvReader.parse(new RangeStream(file, 0, starts[1]), name, options, results.getFirst(), true);
        } catch (RuntimeException e) {
            failed[0] = e;
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + name, e);
            }
        }
        for (RuntimeException e : failed) if (e != null) return null;
        int cols = results.getFirst().cols;
        for (FloatRows r : results) if (r.rows > 0 && r.cols != cols) return null;
        return assemble(results, name);
    }

    /** The offset just after the first line break at or after {@code from}, or {@code size} when there is none. */
    private static long nextLineStart(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long pos = from;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) break;
            for (int i = 0; i < n; i++) if (buf.get(i) == '\n') return pos + i + 1;
            pos += n;
        }
        return size;
    }

    /** The parts' rows as one tensor; the first part's array is the tensor's when it has room. */
    private static Tensor assemble(List<FloatRows> parts, String name) {
        FloatRows first = parts.getFirst();
        int cols = first.cols;
        long total = 0;
        for (FloatRows p : parts) total += p.rows;
        // Lines of later parts were counted from the part's start.
        List<CsvException> skipped = new ArrayList<>();
        long before = 0;
        for (FloatRows p : parts) {
            for (FloatRows.Bad b : p.bad) skipped.add(p.exception(b, before));
            before += p.newlines;
        }
        if (first.cols < 0) {
            throw new CsvException(name, 0, 0, null, null, "the file is empty: it has no header and no rows. "
                    + "Check the path, or whether the file was still being written");
        }
        if (total == 0) {
            throw new CsvException(name, 0, 0, null, null, "the file has a header but no data rows"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " bad rows were skipped)"));
        }
        if (total * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + total + " rows x " + cols + " columns is more values than one tensor holds ("
                    + (Integer.MAX_VALUE - 8) + "); read it in parts");
        }
        if (!skipped.isEmpty()) {
            System.getLogger("dev.fathom.data").log(System.Logger.Level.WARNING, new CsvReport(Table.of(), name, skipped, List.of())
                    .summary().replace(": 0 rows x 0 columns", ": " + total + " rows x " + cols + " columns"));
        }
        int n = (int) (total * cols);
        float[] out = first.chunks.size() == 1 && first.chunks.getFirst().length >= n ? first.chunks.getFirst() : null;
        int at = 0;
        if (out == null) {
            out = new float[n];
        } else {
            at = first.rows * cols;
            first.chunks.clear();
        }
        for (FloatRows p : parts) {
            for (int i = 0; i < p.chunks.size(); i++) {
                float[] c = p.chunks.set(i, null);   // dropped as soon as it is copied: memory falls as it goes
                System.arraycopy(c, 0, out, at, p.fill(i));
                at += p.fill(i);
            }
        }
        int rows = (int) total;
        if (out.length == n) return Tensor.wrap(out, rows, cols);
        // The estimate left room at the end: a view of the rows read, rather than a second full copy.
        return Tensor.wrap(out, out.length / cols, cols).slice(0, 0, rows);
    }

    /** Reads bytes {@code [start, end)} of a file. */
    private static final class RangeStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        RangeStream(Path file, long start, long end) {
            try {
                this.ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.pos = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
