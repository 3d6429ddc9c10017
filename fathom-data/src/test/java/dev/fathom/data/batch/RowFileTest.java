package dev.fathom.data.batch;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row files: writing from tensors, tables and CSV, streaming them back in order and shuffled, and bad files. */
class RowFileTest {
    @TempDir
    Path dir;

    @Test
    void tensorsComeBackBitForBitInOrder() {
        Tensor x = Tensor.randn(new Generator(1), 37, 2, 3);
        Tensor y = Tensor.of(java.util.stream.IntStream.range(0, 37).map(i -> (i * 7) % 5).toArray());
        Path file = RowFileWriter.write(dir.resolve("a.rows"), x, y);
        assertFalse(Files.exists(dir.resolve("a.rows.part")), "the partial file is renamed when done");
        try (RowFileSource s = RowFileSource.open(file).chunkBytes(100).bufferBytes(300)) {
            assertEquals(37, s.size());
            assertArrayEquals(new int[] {2, 3}, s.inputShapes().getFirst());
            assertArrayEquals(new int[0], s.targetShape());
            assertEquals(DType.INT32, s.targetType());
            float[] xs = new float[0];
            int[] ys = new int[0];
            for (Iterator<Batch> it = s.batches(8, null); it.hasNext(); ) {
                Batch b = it.next();
                assertEquals(DType.INT32, b.targets().dtype());
                xs = concat(xs, b.x().toFloatArray());
                ys = java.util.stream.IntStream.concat(Arrays.stream(ys), Arrays.stream(b.targets().toIntArray())).toArray();
            }
            assertArrayEquals(x.toFloatArray(), xs, 0f);
            assertArrayEquals(y.toIntArray(), ys);
            assertEquals(5, s.batchCount(8));
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void shuffledEpochsSeeEveryRowOnceWithinTheBufferBudget() {
        int n = 1000;
        Path file = RowFileWriter.write(dir.resolve("ids.rows"), TensorSourceTest.numbered(n, 4), Tensor.zeros(n, 2));
        try (RowFileSource s = RowFileSource.open(file).chunkBytes(10 * 24).bufferBytes(50 * 24)) {
            assertEquals(10, s.chunkRows());
            assertEquals(50, s.bufferRows());
            assertEquals(50 * 24, s.bufferedBytes());
            int[] a = flat(TensorSourceTest.ids(s, 32, new Generator(9)));
            int[] sorted = a.clone();
            Arrays.sort(sorted);
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            assertArrayEquals(all, sorted, "every row exactly once");
            assertArrayEquals(a, flat(TensorSourceTest.ids(s, 32, new Generator(9))), "the same generator, the same order");
            assertFalse(Arrays.equals(a, flat(TensorSourceTest.ids(s, 32, new Generator(10)))), "another seed, another order");
            // Rows are mixed within a buffer of 5 chunks, not only chunk by chunk: the first 50 rows come from 5 chunks.
            long chunks = Arrays.stream(a, 0, 50).map(i -> i / 10).distinct().count();
            assertEquals(5, chunks);
            assertFalse(Arrays.equals(Arrays.copyOf(a, 10), Arrays.stream(Arrays.copyOf(a, 10)).sorted().toArray()));
        }
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void rowsOfAFileAreAView() {
        Path file = RowFileWriter.write(dir.resolve("v.rows"), TensorSourceTest.numbered(100, 1), Tensor.arange(100));
        try (RowFileSource s = RowFileSource.open(file).chunkBytes(64)) {
            RowFileSource tail = s.rows(90, 100);
            assertArrayEquals(new int[] {90, 91, 92, 93, 94, 95, 96, 97, 98, 99}, flat(TensorSourceTest.ids(tail, 3, null)));
            int[] shuffled = flat(TensorSourceTest.ids(tail, 3, new Generator(1)));
            assertEquals(10, shuffled.length);
            assertTrue(Arrays.stream(shuffled).allMatch(i -> i >= 90));
            tail.close();
            assertEquals(100, flat(TensorSourceTest.ids(s, 7, null)).length, "closing a view leaves the file open");
        }
    }

    @Test
    void tablesAndCsvFilesBecomeRowFiles() throws IOException {
        Table t = Table.of(NumericColumn.of("a", 1, 2, 3), NumericColumn.of("price", 10, 20, 30), NumericColumn.of("b", 4, 5, 6));
        try (RowFileSource s = RowFileSource.open(RowFileWriter.write(dir.resolve("t.rows"), t, "price"))) {
            Batch b = s.batches(10, null).next();
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, b.x().toFloatArray());
            assertArrayEquals(new float[] {10, 20, 30}, b.targets().toFloatArray());
        }
        Path csv = Files.writeString(dir.resolve("d.csv"), "\"x 1\",label,x2\n1.5,0,2\n\n-3,1,4e2\n");
        try (RowFileSource s = RowFileSource.open(RowFileWriter.fromCsv(csv, dir.resolve("d.rows"), "label"))) {
            Batch b = s.batches(10, null).next();
            assertArrayEquals(new float[] {1.5f, 2, -3, 400}, b.x().toFloatArray());
            assertArrayEquals(new float[] {0, 1}, b.targets().toFloatArray());
        }
        Table bad = Table.of(NumericColumn.of("a", 1, 2), CategoricalColumn.of("c", "u", "v"), NumericColumn.of("y", 0, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> RowFileWriter.write(dir.resolve("bad.rows"), bad, "y"));
        assertTrue(e.getMessage().contains("column 'c' is categorical"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad.rows.part")), "a failed write leaves no partial file");
        assertFalse(Files.exists(dir.resolve("bad.rows")));
    }

    @Test
    void csvErrorsNameTheLineColumnAndText() throws IOException {
        Path csv = Files.writeString(dir.resolve("e.csv"), "x1,x2,label\n1,2,0\n3,abc,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> RowFileWriter.fromCsv(csv, dir.resolve("e.rows"), "label"));
        assertTrue(e.getMessage().contains("e.csv line 3, column 2 ('x2'): 'abc' is not a number"), e.getMessage());
        assertTrue(e.getMessage().contains("encode text columns first"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("e.rows.part")));
        Path missing = Files.writeString(dir.resolve("m.csv"), "x1,x2,label\n1,,0\n");
        e = assertThrows(IllegalArgumentException.class, () -> RowFileWriter.fromCsv(missing, dir.resolve("m.rows"), "label"));
        assertTrue(e.getMessage().contains("m.csv line 2, column 2 ('x2'): the value is missing"), e.getMessage());
        Path ragged = Files.writeString(dir.resolve("r.csv"), "x1,x2,label\n1,2,0\n1,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> RowFileWriter.fromCsv(ragged, dir.resolve("r.rows"), "label"));
        assertTrue(e.getMessage().contains("r.csv line 3: 2 fields but the header has 3 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RowFileWriter.fromCsv(ragged, dir.resolve("r.rows"), "lable"));
        assertTrue(e.getMessage().contains("no column 'lable'; did you mean 'label'?"), e.getMessage());
    }

    @Test
    void badFilesSayWhatIsWrong() throws IOException {
        Path text = Files.writeString(dir.resolve("x.rows"), "this is not a row file, but it is long enough to have a header");
        var e = assertThrows(IllegalArgumentException.class, () -> RowFileSource.open(text));
        assertTrue(e.getMessage().contains("x.rows: it does not start with \"FTHMROWS\""), e.getMessage());
        Path good = RowFileWriter.write(dir.resolve("g.rows"), Tensor.zeros(10, 3), Tensor.zeros(10));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.rows"), Arrays.copyOf(bytes, bytes.length - 5));
        e = assertThrows(IllegalArgumentException.class, () -> RowFileSource.open(cut));
        assertTrue(e.getMessage().contains("the header says 10 rows of 16 bytes (224 bytes in all) but the file has 219"),
                e.getMessage());
        bytes[8] = 9;
        Path future = Files.write(dir.resolve("v9.rows"), bytes);
        e = assertThrows(IllegalArgumentException.class, () -> RowFileSource.open(future));
        assertTrue(e.getMessage().contains("format version 9 is not supported"), e.getMessage());
        try (RowFileSource s = RowFileSource.open(good)) {
            e = assertThrows(IllegalArgumentException.class, () -> s.bufferBytes(8));
            assertTrue(e.getMessage().contains("at least one row of"), e.getMessage());
            s.close();
            var closed = assertThrows(IllegalStateException.class, () -> s.batches(4, null));
            assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
        }
        try (RowFileWriter w = RowFileWriter.create(dir.resolve("w.rows"), new int[] {3}, new int[0], DType.FLOAT32)) {
            e = assertThrows(IllegalArgumentException.class, () -> w.append(Tensor.zeros(4, 2), Tensor.zeros(4)));
            assertTrue(e.getMessage().contains("takes x [b, ...sample] and y [b, ...target]; got x [4, 2] and y [4]"), e.getMessage());
            w.appendRow(new float[] {1, 2, 3}, 4);
            assertEquals(1, w.rows());
        }
        try (RowFileSource s = RowFileSource.open(dir.resolve("w.rows"))) {
            assertEquals(1, s.size());
        }
    }
}
