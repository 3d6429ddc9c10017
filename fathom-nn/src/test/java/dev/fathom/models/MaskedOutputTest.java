package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mask a sequence output carries leaves padded steps out of its loss and metrics, as Keras does; other outputs are scored whole. */
class MaskedOutputTest {
    private static final int N = 24;
    private static final int T = 6;

    /** Token ids [N, T], 0 padding the end of each sequence (lengths 2 to 6). */
    private static Tensor ids() {
        Generator g = new Generator(3);
        float[] v = new float[N * T];
        for (int i = 0; i < N; i++) {
            int length = 2 + i % 5;
            for (int t = 0; t < length; t++) v[i * T + t] = 1 + (int) (g.nextDouble() * 8);
        }
        return Tensor.of(v, N, T);
    }

    /** Per-step tags [N, T] (the parity of each id), with {@code pad} at the padded steps. */
    private static Tensor tags(Tensor ids, int pad) {
        float[] x = ids.toFloatArray();
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] == 0 ? pad : (int) x[i] % 2;
        return Tensor.of(y, N, T);
    }

    private static Functional tagger() {
        Input x = Input.of(T).seed(5);
        SymbolicTensor h = x.then(new Embedding(10, 4).maskZero(true)).then(new LSTM(5).returnSequences(true));
        SymbolicTensor tags = h.then(new Dense(2).name("tags"));                       // per step, masked
        SymbolicTensor label = h.then(new GlobalAveragePooling1D()).then(new Dense(2).name("label"));   // per sequence
        Functional m = new Functional(List.of(x), List.of(tags, label));
        m.compile(new Adam(0.02), Map.of("tags", new SparseCategoricalCrossentropy(true), "label",
                new SparseCategoricalCrossentropy(true)), null, Map.of("tags", List.of("accuracy")));
        return m;
    }

    @Test
    void theLossOfAMaskedOutputIsTheMeanOverTheRealStepsOnly() {
        Tensor x = ids();
        Tensor y = tags(x, 1);
        Tensor label = Tensor.of(new int[N]);
        Functional m = tagger();
        Map<String, Double> s = m.evaluate(x, Map.of("tags", y, "label", label));

        // By hand: the cross-entropy of each real step's logits, averaged over the real steps.
        float[] logits = m.predictOutputs(x).get("tags").toFloatArray();
        float[] ids = x.toFloatArray();
        int[] t = y.toIntArray();
        double sum = 0;
        int real = 0;
        int correct = 0;
        for (int i = 0; i < N * T; i++) {
            if (ids[i] == 0) continue;
            double a = logits[2 * i];
            double b = logits[2 * i + 1];
            double max = Math.max(a, b);
            double logSum = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
            sum += logSum - (t[i] == 0 ? a : b);
            correct += ((b > a ? 1 : 0) == t[i]) ? 1 : 0;
            real++;
        }
        assertTrue(real < N * T, "the data has padding");
        assertEquals(sum / real, s.get("tags_loss"), 1e-5);
        assertEquals((double) correct / real, s.get("tags_accuracy"), 1e-9);
    }

    @Test
    void theTargetsAtPaddedStepsChangeNothing() {
        Tensor x = ids();
        Tensor label = Tensor.of(new int[N]);
        Functional a = tagger();
        Functional b = tagger();
        Fit fit = Fit.epochs(3).batchSize(8).seed(2).silent();
        a.fit(x, Map.of("tags", tags(x, 0), "label", label), fit);
        b.fit(x, Map.of("tags", tags(x, 1), "label", label), fit);
        Fixtures.assertSameWeights(a, b);
        assertEquals(a.evaluate(x, Map.of("tags", tags(x, 0), "label", label)),
                b.evaluate(x, Map.of("tags", tags(x, 1), "label", label)));

        // A model of one output (a Sequential) leaves them out too.
        Sequential one = new Sequential(new Embedding(10, 4).maskZero(true), new LSTM(5).returnSequences(true), new Dense(2));
        one.compile(new Adam(0.02), new SparseCategoricalCrossentropy(true));
        one.build(T);
        double zeros = one.evaluate(x, tags(x, 0)).get("loss");
        assertEquals(zeros, one.evaluate(x, tags(x, 1)).get("loss"), 0);
        // Without the mask the padded steps would count: the targets there would change the loss.
        Sequential unmasked = new Sequential(new Embedding(10, 4), new LSTM(5).returnSequences(true), new Dense(2));
        unmasked.compile(new Adam(0.02), new SparseCategoricalCrossentropy(true));
        unmasked.build(T);
        assertFalse(unmasked.evaluate(x, tags(x, 0)).get("loss").equals(unmasked.evaluate(x, tags(x, 1)).get("loss")));
    }
}
