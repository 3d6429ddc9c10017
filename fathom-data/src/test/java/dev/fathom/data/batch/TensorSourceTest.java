package dev.fathom.data.batch;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory batch source: batch sizes, the shuffled order, views, and errors. */
class TensorSourceTest {

    /** The sample ids (column 0 of x, which holds the row number) of every batch of one pass. */
    static List<int[]> ids(BatchSource source, int batchSize, Generator g) {
        List<int[]> out = new ArrayList<>();
        for (Iterator<Batch> it = source.batches(batchSize, g); it.hasNext(); ) {
            Batch b = it.next();
            float[] x = b.inputs().getFirst().toFloatArray();
            int width = x.length / b.size();
            int[] ids = new int[b.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = (int) x[i * width];
            out.add(ids);
        }
        return out;
    }

    static Tensor numbered(int n, int width) {
        float[] v = new float[n * width];
        for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) v[i * width + j] = i + j * 0.25f;
        return Tensor.of(v, n, width);
    }

    @Test
    void shuffledPassesFollowTheGeneratorsPermutation() {
        TensorSource s = TensorSource.of(numbered(10, 3), Tensor.arange(10));
        List<int[]> batches = ids(s, 4, new Generator(5));
        assertArrayEquals(new int[] {4, 4, 2}, batches.stream().mapToInt(b -> b.length).toArray());
        int[] expected = new int[10];
        Arrays.setAll(expected, i -> i);
        new Generator(5).shuffle(expected);
        assertArrayEquals(expected, batches.stream().flatMapToInt(Arrays::stream).toArray());
        assertEquals(3, s.batchCount(4));
    }

    @Test
    void unshuffledPassesAreSlicesInOrder() {
        Tensor y = Tensor.of(new int[] {7, 8, 9, 10, 11});
        TensorSource s = TensorSource.of(numbered(5, 2), y);
        Iterator<Batch> it = s.batches(2, null);
        Batch first = it.next();
        assertArrayEquals(new int[] {7, 8}, first.targets().toIntArray());
        assertArrayEquals(new float[] {0, 0.25f, 1, 1.25f}, first.x().toFloatArray());
        it.next();
        assertEquals(1, it.next().size());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void rowsAreAViewOfARange() {
        TensorSource s = TensorSource.of(List.of(numbered(10, 2), Tensor.zeros(10, 4)), Tensor.arange(10));
        TensorSource tail = s.rows(7, 10);
        assertEquals(3, tail.size());
        assertArrayEquals(new int[] {7, 8, 9}, ids(tail, 8, null).getFirst());
        assertEquals(2, tail.inputShapes().size());
        assertArrayEquals(new int[] {4}, tail.inputShapes().get(1));
        assertArrayEquals(new int[0], tail.targetShape());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> s.rows(5, 11));
        assertTrue(e.getMessage().contains("rows(5, 11) is outside the 10 samples"), e.getMessage());
    }

    @Test
    void pickedRowsServeTheBatchesOfACopyWithoutCopying() {
        Tensor x = numbered(10, 3);
        Tensor y = Tensor.arange(10);
        int[] rows = {9, 2, 2, 5, 0, 7};   // repeats allowed: a bootstrap sample
        TensorSource picked = TensorSource.of(x, y).rows(rows);
        Tensor index = Tensor.of(rows, rows.length);
        TensorSource copied = TensorSource.of(x.indexSelect(0, index), y.indexSelect(0, index));
        assertEquals(6, picked.size());
        assertArrayEquals(new int[] {3}, picked.inputShapes().getFirst());
        assertTrue(picked.toString().contains("6 samples picked from 10"), picked.toString());
        for (Generator g : Arrays.asList(null, new Generator(3))) {
            Iterator<Batch> a = picked.batches(4, g == null ? null : new Generator(3));
            Iterator<Batch> b = copied.batches(4, g);
            while (b.hasNext()) {
                Batch pa = a.next();
                Batch pb = b.next();
                assertArrayEquals(pb.x().toFloatArray(), pa.x().toFloatArray());
                assertArrayEquals(pb.targets().toIntArray(), pa.targets().toIntArray());
            }
            assertTrue(!a.hasNext());
        }
        // The same tensors, not copies; ranges and picks of a pick index the original samples.
        assertTrue(picked.inputs().getFirst() == x && picked.targets() == y);
        assertArrayEquals(new int[] {2, 5, 0}, ids(picked.rows(2, 5), 8, null).getFirst());
        assertArrayEquals(new int[] {7, 9}, ids(picked.rows(new int[] {5, 0}), 8, null).getFirst());
        // A range of a pick, shuffled: the batches of the same range of the copy.
        TensorSource range = copied.rows(1, 6);
        assertArrayEquals(ids(range, 2, new Generator(9)).stream().flatMapToInt(Arrays::stream).toArray(),
                ids(picked.rows(1, 6), 2, new Generator(9)).stream().flatMapToInt(Arrays::stream).toArray());
        assertEquals(0, picked.rows(new int[0]).size());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> picked.rows(new int[] {1, 6}));
        assertTrue(e.getMessage().contains("index 6 (position 1) is outside the 6 samples"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> TensorSource.of(x, y).rows(new int[] {-1}));
    }

    @Test
    void mismatchedSampleCountsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> TensorSource.of(Tensor.zeros(10, 2), Tensor.zeros(9)));
        assertTrue(e.getMessage().contains("x has 10 samples (shape [10, 2]) but y has 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TensorSource.of(List.of(Tensor.zeros(9, 2), Tensor.zeros(8, 1)), Tensor.zeros(9)));
        assertTrue(e.getMessage().contains("input 1 has 8 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TensorSource.of(Tensor.zeros(3, 2), Tensor.zeros(3)).batches(0, null));
        assertTrue(e.getMessage().contains("batchSize must be >= 1, got 0"), e.getMessage());
        var state = assertThrows(IllegalStateException.class,
                () -> new Batch(List.of(Tensor.zeros(2), Tensor.zeros(2)), Tensor.zeros(2)).x());
        assertTrue(state.getMessage().contains("the batch has 2 inputs"), state.getMessage());
    }
}
