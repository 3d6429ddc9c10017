package dev.fathom.cli;

import dev.fathom.data.CsvOptions;
import dev.fathom.data.CsvReader;
import dev.fathom.backend.Device;
import dev.fathom.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The CSV workload: reads a 1,000,000 × 20 file of numbers into a float32 tensor and prints
 * {@code fathom_csv_read <MB/s>}. {@code bench/pandas_csv.py} reads the same file with
 * {@code pd.read_csv(path).to_numpy(dtype='float32')} and prints {@code pandas_csv_read}.
 *
 * <p>The file is made once under {@code java.io.tmpdir/fathom-bench} and reused while its size is
 * right. Its numbers come from SplitMix64 (seed 0) and are written with integer arithmetic as
 * {@code [-]d.dddd} in [-100, 100], so the Python script makes a byte-identical file when it has none.
 *
 * <pre>{@code
 * ./fathom bench csv
 * /usr/bin/python3 bench/pandas_csv.py
 * }</pre>
 */
final class CsvBench {
    static final int ROWS = 1_000_000;
    static final int COLS = 20;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private CsvBench() {}

    /** {@code fathom_csv_read}: the median of three reads after one to warm up, in MB (10^6 bytes) per second. */
    static void workload(Device d, PrintStream out) throws IOException {
        Path file = file(ROWS, COLS);
        long bytes = Files.size(file);
        read(file);   // warm-up: the JIT compiles the parser and number reader
        double[] seconds = new double[3];
        for (int i = 0; i < seconds.length; i++) {
            long t0 = System.nanoTime();
            Tensor x = read(file);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            if (x.shape(0) != ROWS || x.shape(1) != COLS) throw new IllegalStateException("read " + Arrays.toString(x.shape()));
        }
        Arrays.sort(seconds);
        out.printf("%scsv_read %.1f MB/s%n", BenchCommand.prefix(d), bytes / 1e6 / seconds[1]);
    }

    private static Tensor read(Path file) {
        return CsvReader.readTensor(file, CsvOptions.defaults());
    }

    /** The benchmark file, written when missing or of the wrong size. */
    static Path file(int rows, int cols) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "fathom-bench");
        Path file = dir.resolve("csv_" + rows + "x" + cols + "_seed0.csv");
        long size = write(rows, cols, OutputStream.nullOutputStream());
        if (Files.isRegularFile(file) && Files.size(file) == size) return file;
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "csv", ".tmp");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            write(rows, cols, o);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Writes the file's bytes and returns how many; the Python script must write the very same. */
    static long write(int rows, int cols, OutputStream o) {
        try {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) sb.append(c > 0 ? "," : "").append('f').append(c);
            sb.append('\n');
            byte[] head = sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            o.write(head);
            long n = head.length;
            byte[] line = new byte[cols * 10 + 1];
            long state = 0;
            for (int r = 0; r < rows; r++) {
                int p = 0;
                for (int c = 0; c < cols; c++) {
                    state += GOLDEN_GAMMA;
                    int v = (int) Long.remainderUnsigned(mix(state) >>> 11, 2_000_001) - 1_000_000;
                    if (c > 0) line[p++] = ',';
                    p = fixed4(v, line, p);
                }
                line[p++] = '\n';
                o.write(line, 0, p);
                n += p;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SplitMix64's output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Writes v / 10^4 as [-]d.dddd (what Python's '%.4f' prints for the same number). */
    static int fixed4(int v, byte[] b, int p) {
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        String whole = Integer.toString(v / 10_000);
        for (int i = 0; i < whole.length(); i++) b[p++] = (byte) whole.charAt(i);
        b[p++] = '.';
        int frac = v % 10_000;
        for (int div = 1000; div > 0; div /= 10) b[p++] = (byte) ('0' + frac / div % 10);
        return p;
    }
}
