package dev.fathom.data.sequences;

import dev.fathom.data.sequences.Sequences.Padding;
import dev.fathom.data.sequences.Sequences.Truncating;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequences.pad against Keras' pad_sequences: the examples of its docstring
 * ({@code pad_sequences([[1], [2, 3], [4, 5, 6]])} with the defaults, {@code value=-1},
 * {@code padding='post'}, {@code maxlen=2}), plus cutting on either side and the float form, by hand.
 */
class SequencesTest {
    private static final List<int[]> KERAS_DOC = List.of(new int[] {1}, new int[] {2, 3}, new int[] {4, 5, 6});

    @Test
    void matchesKerasPadSequencesDocumentedCases() {
        Tensor t = Sequences.pad(KERAS_DOC);
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {3, 3}, t.shape());
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 3, 4, 5, 6}, t.toIntArray(), "defaults: pre, longest, 0");
        assertArrayEquals(new int[] {-1, -1, 1, -1, 2, 3, 4, 5, 6},
                Sequences.pad(KERAS_DOC, 3, Padding.PRE, Truncating.PRE, -1).toIntArray(), "value=-1");
        assertArrayEquals(new int[] {1, 0, 0, 2, 3, 0, 4, 5, 6},
                Sequences.pad(KERAS_DOC, 3, Padding.POST, Truncating.PRE, 0).toIntArray(), "padding='post'");
        assertArrayEquals(new int[] {0, 1, 2, 3, 5, 6}, Sequences.pad(KERAS_DOC, 2).toIntArray(), "maxlen=2");
    }

    @Test
    void cutsLongSequencesOnTheSideAsked() {
        List<int[]> s = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {7});
        assertArrayEquals(new int[] {3, 4, 5, 0, 0, 7}, Sequences.pad(s, 3, Padding.PRE, Truncating.PRE, 0).toIntArray());
        assertArrayEquals(new int[] {1, 2, 3, 0, 0, 7}, Sequences.pad(s, 3, Padding.PRE, Truncating.POST, 0).toIntArray());
        assertArrayEquals(new int[] {1, 2, 3, 7, 0, 0}, Sequences.pad(s, 3, Padding.POST, Truncating.POST, 0).toIntArray());
        assertArrayEquals(new int[] {3, 4, 5, 7, 0, 0}, Sequences.pad(s, 3, Padding.POST, Truncating.PRE, 0).toIntArray());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 0, 0, 7, 0, 0, 0, 0, 0, 0},
                Sequences.pad(s, 7, Padding.POST, Truncating.PRE, 0).toIntArray(), "longer than every sequence: nothing cut");
    }

    @Test
    void emptySequencesBecomeAllPadding() {
        List<int[]> s = List.of(new int[0], new int[] {3, 4});
        assertEquals(2, Sequences.longest(s));
        assertArrayEquals(new int[] {0, 0, 3, 4}, Sequences.pad(s, 2, Padding.POST, Truncating.PRE, 0).toIntArray());
        assertEquals(1, Sequences.longest(List.of(new int[0])), "at least one step");
    }

    @Test
    void padsFloatSequencesWithWholeStepsOfTheValue() {
        List<float[][]> s = List.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[][] {{7, 8}});
        Tensor t = Sequences.padFloats(s, 2, Padding.POST, Truncating.PRE, -1f);
        assertArrayEquals(new int[] {2, 2, 2}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, -1, -1}, t.toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 7, 8}, Sequences.padFloats(List.of(new float[0][], new float[][] {{1, 2}, {7, 8}}),
                2, Padding.PRE, Truncating.POST, 0f).toFloatArray());
    }

    @Test
    void errorsSayWhatIsWrong() {
        String m = assertThrows(IllegalArgumentException.class, () -> Sequences.pad(List.of())).getMessage();
        assertTrue(m.contains("no sequences"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Sequences.pad(KERAS_DOC, 0)).getMessage();
        assertTrue(m.contains("maxLength must be at least 1, got 0"), m);
        java.util.ArrayList<int[]> withNull = new java.util.ArrayList<>(KERAS_DOC);
        withNull.add(null);
        m = assertThrows(IllegalArgumentException.class, () -> Sequences.pad(withNull, 3)).getMessage();
        assertTrue(m.contains("sequence 3 is null"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Sequences.padFloats(
                List.<float[][]>of(new float[][] {{1, 2}, {3}}), 2, Padding.POST, Truncating.POST, 0f)).getMessage();
        assertTrue(m.contains("step 1 of sequence 0 has 1 features but the first step has 2"), m);
    }
}
