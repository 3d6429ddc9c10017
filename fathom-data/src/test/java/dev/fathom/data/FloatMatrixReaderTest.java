package dev.fathom.data;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatMatrixReaderTest {
    @TempDir
    Path dir;

    private final long defaultPart = FloatMatrixReader.minPartBytes;

    @AfterEach
    void restore() {
        FloatMatrixReader.minPartBytes = defaultPart;
    }

    /** A numeric file and the floats Java's own parser makes of it, row by row. */
    private record Numbers(Path file, float[] values, int rows, int cols) {}

    private Numbers numbers(int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols; c++) sb.append(c > 0 ? "," : "").append("f").append(c);
        sb.append('\n');
        float[] v = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                String text = switch (r.nextInt(10)) {
                    case 0 -> Double.toString(r.nextGaussian() * 1e-7);
                    case 1 -> Integer.toString(r.nextInt(2000) - 1000);
                    case 2 -> String.format("%.3e", r.nextGaussian() * 1e12);
                    default -> Double.toString(r.nextGaussian());
                };
                sb.append(c > 0 ? "," : "").append(text);
                v[i * cols + c] = Float.parseFloat(text);
            }
            sb.append(i % 7 == 0 ? "\r\n" : "\n");
        }
        Path p = dir.resolve("n" + seed + ".csv");
        Files.writeString(p, sb);
        return new Numbers(p, v, rows, cols);
    }

    @Test
    void readsEveryValueAsJavaWould() throws IOException {
        Numbers n = numbers(300, 5, 1);
        Tensor t = CsvReader.readTensor(n.file(), CsvOptions.defaults());
        assertArrayEquals(new int[] {300, 5}, t.shape());
        assertArrayEquals(n.values(), t.toFloatArray());
    }

    @Test
    void partsOnSeveralThreadsGiveTheSameTensor() throws IOException {
        Numbers n = numbers(5000, 7, 2);
        FloatMatrixReader.minPartBytes = 10_000;
        Tensor t = CsvReader.readTensor(n.file(), CsvOptions.defaults());
        assertArrayEquals(new int[] {5000, 7}, t.shape());
        assertArrayEquals(n.values(), t.toFloatArray());
    }

    @Test
    void missingValuesAreNaNAndAHeaderlessFileKeepsItsFirstRow() throws IOException {
        Path p = dir.resolve("gaps.csv");
        Files.writeString(p, "1,2\n,NA\n?,4\n");
        Tensor t = CsvReader.readTensor(p, CsvOptions.defaults());
        float[] v = t.toFloatArray();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertEquals(1f, v[0]);
        assertTrue(Float.isNaN(v[2]) && Float.isNaN(v[3]) && Float.isNaN(v[4]));
        assertEquals(4f, v[5]);
    }

    @Test
    void textNamesLineColumnAndWhatToDo() throws IOException {
        Path p = dir.resolve("text.csv");
        Files.writeString(p, "a,b\n1,2\n3,x7\n");
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.readTensor(p, CsvOptions.defaults()));
        assertTrue(e.getMessage().startsWith(p + ", line 3, column 2 'b': 'x7' is not a number; CsvReader.readTensor reads files whose "
                + "columns are all numeric"), e.getMessage());
    }

    @Test
    void badRowsInLaterPartsAreSkippedWithTheirTrueLines() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 3000; i++) sb.append(i == 2500 ? "1,2,3" : i == 100 ? "oops,1" : i + "," + i).append('\n');
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, sb);
        FloatMatrixReader.minPartBytes = 4_000;
        CsvException e = assertThrows(CsvException.class, () -> CsvReader.readTensor(p, CsvOptions.defaults()));
        assertEquals(102, e.line(), e.getMessage());
        Tensor t = CsvReader.readTensor(p, CsvOptions.defaults().skipBadRows(true));
        assertEquals(2998, t.shape(0));
        float[] v = t.toFloatArray();
        assertEquals(2501f, v[2 * 2499]);   // row 2500 was skipped: 2501 follows 2499
    }

    @Test
    void aQuotedLineBreakAtASplitFallsBackToOneThread() throws IOException {
        // Each row's second value is quoted and holds a line break after a long run of spaces, so the
        // first line break after the middle of the file is (almost surely) inside quotes.
        StringBuilder sb = new StringBuilder("a,b\n");
        String spaces = " ".repeat(200);
        for (int i = 0; i < 200; i++) sb.append(i).append(",\"").append(spaces).append('\n').append(i).append("\"\n");
        Path p = dir.resolve("quoted.csv");
        Files.writeString(p, sb);
        long middle = Files.size(p) / 2;
        int split = sb.indexOf("\n", (int) middle);
        assertTrue(sb.charAt(split - 1) == ' ', "the test needs the split inside a quoted value");
        FloatMatrixReader.minPartBytes = 1_000;
        Tensor t = CsvReader.readTensor(p, CsvOptions.defaults());
        assertArrayEquals(new int[] {200, 2}, t.shape());
        float[] v = t.toFloatArray();
        for (int i = 0; i < 200; i++) assertEquals(i, v[2 * i + 1]);   // Java's number syntax skips the spaces and the line break
    }

    @Test
    void emptyAndHeaderOnlyFilesSaySo() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertTrue(assertThrows(CsvException.class, () -> CsvReader.readTensor(empty, CsvOptions.defaults()))
                .getMessage().endsWith("the file is empty: it has no header and no rows. Check the path, or whether the file was still being written"));
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "a,b\n");
        assertEquals(header + ": the file has a header but no data rows",
                assertThrows(CsvException.class, () -> CsvReader.readTensor(header, CsvOptions.defaults())).getMessage());
    }
}
