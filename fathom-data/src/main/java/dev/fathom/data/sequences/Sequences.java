package dev.fathom.data.sequences;

import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * Pads sequences of different lengths into one batch (Keras' {@code pad_sequences}): each becomes
 * exactly {@code maxLength} steps, filled with {@code value} on the side {@link Padding} says, or cut
 * on the side {@link Truncating} says when it is longer.
 *
 * <p>For token ids, pad with 0 and put {@code Embedding(vocabulary, dim).maskZero(true)} first: the
 * mask it makes lets recurrent layers and global pooling skip the padding. Keras pads and cuts at the
 * start ({@code PRE}) by default, and so do the short forms here; {@code POST} (right padding, the
 * PyTorch way) keeps every sequence starting at step 0. With a mask both give the same results for
 * recurrent layers.
 *
 * <pre>{@code
 * // import dev.fathom.data.sequences.Sequences.Padding and ...Sequences.Truncating
 * List<int[]> texts = List.of(new int[] {4, 9, 2}, new int[] {7}, new int[] {1, 2, 3, 4, 5, 6});
 * Tensor ids = Sequences.pad(texts, 4, Padding.POST, Truncating.POST, 0);
 * // int32 [3, 4]: [4, 9, 2, 0], [7, 0, 0, 0], [1, 2, 3, 4]
 * Tensor keras = Sequences.pad(texts);     // longest length, PRE, PRE, 0: [0, 0, 0, 4, 9, 2], ...
 * }</pre>
 */
public final class Sequences {
    /** Which end of a short sequence gets the padding. */
    public enum Padding {
        /** Before the sequence (Keras' default): {@code [0, 0, 4, 9]}. */
        PRE,
        /** After the sequence: {@code [4, 9, 0, 0]}. */
        POST
    }

    /** Which end of a long sequence is cut off. */
    public enum Truncating {
        /** Drop the first steps, keep the last {@code maxLength} (Keras' default). */
        PRE,
        /** Drop the last steps, keep the first {@code maxLength}. */
        POST
    }

    private Sequences() {}

    /**
     * Keras' defaults: padded with 0 at the start to the length of the longest sequence.
     *
     * @throws IllegalArgumentException when the list is empty or holds null
     */
    public static Tensor pad(List<int[]> sequences) {
        return pad(sequences, longest(sequences), Padding.PRE, Truncating.PRE, 0);
    }

    /** Padded with 0 and cut at the start (Keras' defaults) to {@code maxLength}. */
    public static Tensor pad(List<int[]> sequences, int maxLength) {
        return pad(sequences, maxLength, Padding.PRE, Truncating.PRE, 0);
    }

    /**
     * An int32 tensor {@code [sequences.size(), maxLength]}: each sequence padded with {@code value}
     * or cut to {@code maxLength} steps.
     *
     * @throws IllegalArgumentException when the list is empty or holds null, or {@code maxLength < 1}
     */
    public static Tensor pad(List<int[]> sequences, int maxLength, Padding padding, Truncating truncating, int value) {
        check(sequences, maxLength, padding, truncating);
        int n = sequences.size();
        int[] out = new int[n * maxLength];
        java.util.Arrays.fill(out, value);
        for (int i = 0; i < n; i++) {
            int[] s = sequences.get(i);
            int kept = Math.min(s.length, maxLength);
            int from = truncating == Truncating.PRE ? s.length - kept : 0;
            int to = padding == Padding.PRE ? maxLength - kept : 0;
            System.arraycopy(s, from, out, i * maxLength + to, kept);
        }
        return Tensor.of(out, n, maxLength);
    }

    /**
     * A float32 tensor {@code [sequences.size(), maxLength, features]} of sequences of feature
     * vectors ({@code sequence[step][feature]}), each padded with steps whose every feature is
     * {@code value}, or cut, to {@code maxLength} steps: what {@code Masking(value)} reads.
     *
     * @throws IllegalArgumentException when the list is empty or holds null, {@code maxLength < 1},
     *     or the steps do not all have the same number of features
     */
    public static Tensor padFloats(List<float[][]> sequences, int maxLength, Padding padding, Truncating truncating,
                                   float value) {
        check(sequences, maxLength, padding, truncating);
        int features = -1;
        for (int i = 0; i < sequences.size(); i++) {
            for (int t = 0; t < sequences.get(i).length; t++) {
                float[] step = sequences.get(i)[t];
                int f = step == null ? -1 : step.length;
                if (features == -1) features = f;
                if (f != features || f < 1) {
                    throw new IllegalArgumentException("Sequences.padFloats: step " + t + " of sequence " + i + " has "
                            + (step == null ? "no features (null)" : f + " features") + " but "
                            + (features < 1 ? "every step needs at least one" : "the first step has " + features)
                            + "; every step of every sequence needs the same number of features");
                }
            }
        }
        if (features == -1) {
            throw new IllegalArgumentException("Sequences.padFloats: every sequence is empty, so the number of features"
                    + " is unknown; give at least one step");
        }
        int n = sequences.size();
        float[] out = new float[n * maxLength * features];
        java.util.Arrays.fill(out, value);
        for (int i = 0; i < n; i++) {
            float[][] s = sequences.get(i);
            int kept = Math.min(s.length, maxLength);
            int from = truncating == Truncating.PRE ? s.length - kept : 0;
            int to = padding == Padding.PRE ? maxLength - kept : 0;
            for (int k = 0; k < kept; k++) {
                System.arraycopy(s[from + k], 0, out, ((i * maxLength) + to + k) * features, features);
            }
        }
        return Tensor.of(out, n, maxLength, features);
    }

    /** The length of the longest sequence (at least 1, so a batch of empty sequences still has a step). */
    public static int longest(List<int[]> sequences) {
        check(sequences, 1, Padding.PRE, Truncating.PRE);
        int max = 1;
        for (int[] s : sequences) max = Math.max(max, s.length);
        return max;
    }

    private static void check(List<?> sequences, int maxLength, Padding padding, Truncating truncating) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("Sequences.pad: no sequences to pad; give at least one");
        }
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i) == null) {
                throw new IllegalArgumentException("Sequences.pad: sequence " + i + " is null; use an empty array for an"
                        + " empty sequence");
            }
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("Sequences.pad: maxLength must be at least 1, got " + maxLength
                    + "; pass the length to pad to, or use pad(sequences) for the longest");
        }
        if (padding == null || truncating == null) {
            throw new IllegalArgumentException("Sequences.pad: padding and truncating must be PRE or POST, got "
                    + padding + " and " + truncating);
        }
    }
}
