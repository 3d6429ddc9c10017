package dev.fathom.layers;

import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a convolutional text classifier (Embedding, Conv1D, GlobalMaxPooling1D, Dense) learns
 * which of two three-word phrases a sequence of token ids contains; a masked LSTM learns which of two
 * tokens comes first in padded sequences of different lengths; models of the 1-D layers save and load
 * through Model.save / Model.load.
 */
class SequenceClassificationTest {
    private static final int TIME = 20;
    private static final int VOCABULARY = 40;
    private static final int[] PHRASE = {5, 6, 7};

    @TempDir
    Path dir;

    /**
     * {@code [ids, labels]}: n sequences of random tokens; label 1 holds "5 6 7" somewhere, label 2 the
     * same words reversed "7 6 5", label 0 neither. The classes have the same words, so only their
     * order tells them apart: a bag of words cannot, a convolution over three steps can.
     */
    private static Tensor[] phrases(long seed, int n) {
        Generator g = new Generator(seed);
        int[] ids = new int[n * TIME];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            int[] s;
            do {
                s = new int[TIME];
                for (int t = 0; t < TIME; t++) s[t] = 1 + (int) (g.nextDouble() * (VOCABULARY - 1));
                if (label == 0) {
                    // The three words, scattered, so that the words alone do not give label 0 away.
                    for (int w : PHRASE) s[(int) (g.nextDouble() * TIME)] = w;
                } else {
                    int at = (int) (g.nextDouble() * (TIME - 2));
                    for (int k = 0; k < 3; k++) s[at + k] = PHRASE[label == 1 ? k : 2 - k];
                }
            } while (labelOf(s) != label);
            System.arraycopy(s, 0, ids, i * TIME, TIME);
            labels[i] = label;
        }
        return new Tensor[] {Tensor.of(ids, n, TIME), Tensor.of(labels, n)};
    }

    /** 1 for "5 6 7", 2 for "7 6 5", 0 for neither, -1 for both. */
    private static int labelOf(int[] s) {
        boolean forward = false, backward = false;
        for (int t = 0; t + 2 < s.length; t++) {
            forward |= s[t] == 5 && s[t + 1] == 6 && s[t + 2] == 7;
            backward |= s[t] == 7 && s[t + 1] == 6 && s[t + 2] == 5;
        }
        return forward && backward ? -1 : forward ? 1 : backward ? 2 : 0;
    }

    @Test
    void aConvolutionalTextClassifierLearnsWordOrder() {
        Tensor[] train = phrases(1, 1500);
        Tensor[] test = phrases(2, 300);
        Sequential m = new Sequential(
                new Embedding(VOCABULARY, 8),
                new Conv1D(16, 3, "relu"),
                new GlobalMaxPooling1D(),
                new Dense(3));
        m.seed(3).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        m.build(TIME);
        m.fit(train[0], train[1], Fit.epochs(20).batchSize(32).seed(4).silent());
        double accuracy = m.evaluate(test[0], test[1]).get("accuracy");
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy + " only (chance is 1/3)");
        // The same words averaged, order lost: no better than chance, which is what the convolution adds.
        Sequential bag = new Sequential(new Embedding(VOCABULARY, 8), new GlobalAveragePooling1D(), new Dense(16, "relu"), new Dense(3));
        bag.seed(3).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        bag.build(TIME);
        bag.fit(train[0], train[1], Fit.epochs(15).batchSize(32).seed(4).silent());
        double bagAccuracy = bag.evaluate(test[0], test[1]).get("accuracy");
        assertTrue(bagAccuracy < 0.5, "a bag of words reached " + bagAccuracy + "; the task must need word order");
    }

    /**
     * {@code [ids, labels]}: n right-padded sequences of 4 to {@code maxLength} random filler tokens
     * (3..19) holding one token 1 and one token 2; label 1 when 1 comes first. Only order tells.
     */
    private static Tensor[] aBeforeB(long seed, int n, int maxLength) {
        Generator g = new Generator(seed);
        java.util.List<int[]> sequences = new java.util.ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int length = 4 + (int) (g.nextDouble() * (maxLength - 3));
            int[] s = new int[length];
            for (int t = 0; t < length; t++) s[t] = 3 + (int) (g.nextDouble() * 17);
            int first = (int) (g.nextDouble() * length);
            int second;
            do second = (int) (g.nextDouble() * length); while (second == first);
            labels[i] = i % 2;
            s[Math.min(first, second)] = labels[i] == 1 ? 1 : 2;
            s[Math.max(first, second)] = labels[i] == 1 ? 2 : 1;
            sequences.add(s);
        }
        return new Tensor[] {dev.fathom.data.sequences.Sequences.pad(sequences, maxLength,
                dev.fathom.data.sequences.Sequences.Padding.POST, dev.fathom.data.sequences.Sequences.Truncating.POST, 0),
                Tensor.of(labels, n)};
    }

    /** examples/SequenceClassification in small: a masked LSTM over padded sequences learns token order. */
    @Test
    void aMaskedLstmLearnsTokenOrderInSequencesOfDifferentLengths() {
        Tensor[] train = aBeforeB(1, 800, 30);
        Tensor[] test = aBeforeB(2, 200, 30);
        Sequential m = new Sequential(new Embedding(20, 8).maskZero(true), new LSTM(16), new Dense(2));
        m.seed(3).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        m.build(30);
        m.fit(train[0], train[1], Fit.epochs(4).batchSize(32).seed(4).silent());
        double accuracy = m.evaluate(test[0], test[1]).get("accuracy");
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " only; the majority baseline is 0.5");
    }

    @Test
    void modelsOfTheSequenceLayersSaveAndLoad() {
        Tensor[] d = phrases(5, 60);
        Sequential m = new Sequential(
                new Embedding(VOCABULARY, 6).embeddingsRegularizer(Regularizer.l2(1e-4)),
                new Conv1D(8, 3, "relu").padding(Padding.SAME).dilation(2),
                new MaxPool1D(2),
                new TimeDistributed(new Dense(5, "tanh")),
                new Dense(4),
                new Conv1D(6, 2).strides(2),
                new GlobalAveragePooling1D(),
                new Dense(3));
        m.seed(6).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        m.build(TIME);
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).seed(1).silent());
        assertArrayEquals(new int[] {TIME / 2, 4}, m.layers().get(4).outputShape(), "Dense over time");
        Path p = dir.resolve("text.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertEquals(m.parameterCount(), loaded.parameterCount());
        assertArrayEquals(m.predict(d[0]).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).config(), loaded.layers().get(i).config(), "layer " + i);
        }
    }
}
