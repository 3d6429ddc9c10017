package dev.fathom.models;

import dev.fathom.layers.Add;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Conv1D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GRU;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Masking;
import dev.fathom.layers.TimeDistributed;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How Sequential and Functional carry a mask of padded steps between layers: through the layers that
 * keep the time axis, into the recurrent and pooling layers that honour it, refused at build time to
 * layers that cannot; and models with masks save and load.
 */
class MaskFlowTest {
    @TempDir
    Path dir;

    /** Right-padded ids [3, 5]: lengths 5, 2 and 3. */
    private static final Tensor IDS = Tensor.of(new int[] {4, 2, 7, 1, 3, /**/ 5, 6, 0, 0, 0, /**/ 2, 2, 9, 0, 0}, 3, 5);

    /** The same ids with the padding replaced by other tokens: a masked model must not notice. */
    private static final Tensor OTHER_PADDING = Tensor.of(new int[] {4, 2, 7, 1, 3, /**/ 5, 6, 8, 3, 1, /**/ 2, 2, 9, 9, 4}, 3, 5);

    @Test
    void aMaskedSequentialModelIgnoresWhatThePaddedStepsHold() {
        Sequential m = new Sequential(
                new Embedding(10, 4).maskZero(true),
                new Dense(6, "tanh"),                       // keeps the time axis: the mask passes through
                new Dropout(0.3),
                new TimeDistributed(new Dense(5)),
                new Bidirectional(new GRU(3).returnSequences(true)),
                new LSTM(4),                                // the mask stops here
                new Dense(2));
        m.seed(1).build(5);
        Tensor masked = m.predict(IDS);
        // Feed the same real steps with non-zero padding, but give the model the mask of IDS by hand:
        // run layer by layer so the mask comes from IDS while the values come from OTHER_PADDING.
        Tensor mask = m.layers().get(0).computeMask(IDS, null);
        Tensor h = OTHER_PADDING;
        for (int i = 0; i < m.layers().size(); i++) {
            var l = m.layers().get(i);
            Tensor next = i == 0 ? l.call(h, false) : mask == null ? l.call(h, false) : l.call(h, mask, false);
            if (i > 0) mask = l.computeMask(h, mask);
            h = next;
        }
        assertArrayEquals(masked.toFloatArray(), h.toFloatArray(), 1e-6f);
        // Without the mask the padded steps count, and the outputs differ.
        Sequential unmasked = new Sequential(new Embedding(10, 4), new Dense(6, "tanh"), new Dropout(0.3),
                new TimeDistributed(new Dense(5)), new Bidirectional(new GRU(3).returnSequences(true)), new LSTM(4),
                new Dense(2));
        unmasked.seed(1).build(5);
        assertFalse(java.util.Arrays.equals(masked.toFloatArray(), unmasked.predict(IDS).toFloatArray()),
                "padding must change an unmasked model's outputs");
    }

    @Test
    void layerOutputsCarryTheMaskToo() {
        Sequential m = new Sequential(new Embedding(10, 3).maskZero(true), new LSTM(2).returnSequences(true), new Dense(1));
        m.seed(2).build(5);
        List<Tensor> outs = m.layerOutputs(List.of(IDS), false);
        double[] seq = outs.get(1).toDoubleArray();
        // Sample 1 has 2 real steps: the LSTM outputs zeros at steps 2..4.
        for (int t = 2; t < 5; t++) for (int u = 0; u < 2; u++) assertEquals(0.0, seq[(5 + t) * 2 + u], "step " + t);
        assertArrayEquals(m.predict(IDS).toFloatArray(), outs.get(2).toFloatArray(), 0f);
    }

    @Test
    void aLayerThatCannotHonourTheMaskIsRefusedAtBuildTime() {
        Sequential conv = new Sequential(new Embedding(10, 4).maskZero(true), new Dense(8), new Conv1D(4, 3), new Dense(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.build(5));
        for (String part : List.of("Sequential", "layer 2 'conv1d' (Conv1D)", "layer 0 'embedding' (Embedding)",
                "padding as data", "LSTM", "GlobalAveragePooling1D", "maskZero(false)")) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
        Sequential flatten = new Sequential(new Masking(-1), new Flatten(), new Dense(1));
        e = assertThrows(IllegalArgumentException.class, () -> flatten.build(5, 2));
        assertTrue(e.getMessage().contains("layer 1 'flatten' (Flatten)") && e.getMessage().contains("'masking' (Masking)"),
                e.getMessage());
        // After the layer that removes the time axis, anything goes.
        new Sequential(new Embedding(10, 4).maskZero(true), new GlobalAveragePooling1D(), new Flatten(), new Dense(1)).build(5);
        new Sequential(new Embedding(10, 4), new Conv1D(4, 3), new Flatten(), new Dense(1)).build(5);   // no mask, no check
    }

    @Test
    void functionalModelsCarryMasksThroughMerges() {
        Input x = Input.of(5).seed(3);
        SymbolicTensor e = x.then(new Embedding(10, 4).maskZero(true));
        assertTrue(e.isMasked());
        SymbolicTensor a = e.then(new Dense(3));
        SymbolicTensor b = e.then(new Dense(3));
        SymbolicTensor sum = SymbolicTensor.apply(new Add(), a, b);
        SymbolicTensor both = SymbolicTensor.apply(new Concatenate(), sum, e);
        assertTrue(both.isMasked());
        SymbolicTensor pooled = both.then(new GlobalAveragePooling1D());
        assertFalse(pooled.isMasked());
        Functional model = new Functional(List.of(x), pooled.then(new Dense(2)));
        Tensor y = model.predict(IDS);
        // A masked average ignores the padded steps, so other tokens there change nothing.
        assertArrayEquals(y.toFloatArray(), runWithMaskOf(model, IDS, OTHER_PADDING).toFloatArray(), 1e-6f);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> e.then(new Conv1D(2, 2)));
        assertTrue(refused.getMessage().startsWith("Functional: layer Conv1D") && refused.getMessage().contains("Embedding"),
                refused.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> SymbolicTensor.apply(new Concatenate(1), a, b));
        assertTrue(time.getMessage().contains("Concatenate"), time.getMessage());
    }

    /** The model's masked output for {@code values}, with the mask padding makes in {@code maskFrom}. */
    private static Tensor runWithMaskOf(Functional model, Tensor maskFrom, Tensor values) {
        var layers = model.layers();
        Tensor mask = layers.get(0).computeMask(maskFrom, null);
        Tensor emb = layers.get(0).call(values, false);
        Tensor a = layers.get(1).call(emb, mask, false);
        Tensor b = layers.get(2).call(emb, mask, false);
        Tensor sum = ((Add) layers.get(3)).call(List.of(a, b), false);
        Tensor both = ((Concatenate) layers.get(4)).call(List.of(sum, emb), false);
        Tensor pooled = layers.get(5).call(both, mask, false);
        return layers.get(6).call(pooled, false);
    }

    @Test
    void modelsWithMasksSaveAndLoad() {
        Sequential m = new Sequential(new Embedding(10, 4).maskZero(true), new LSTM(3), new Dense(2));
        m.seed(4).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)).build(5);
        m.fit(IDS, Tensor.of(new int[] {0, 1, 1}, 3), Fit.epochs(2).batchSize(3).silent());
        Path p = dir.resolve("masked.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertArrayEquals(m.predict(IDS).toFloatArray(), loaded.predict(IDS).toFloatArray(), 0f);
        assertEquals(true, loaded.layers().get(0).config().get("maskZero"));

        Sequential floats = new Sequential(new Masking(-1), new GRU(2), new Dense(1));
        floats.seed(5).build(4, 2);
        Path q = dir.resolve("masking.fathom");
        floats.save(q);
        Model back = Model.load(q);
        assertEquals(-1.0, ((Masking) back.layers().get(0)).maskValue());
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, -1, -1, -1, -1, /**/ 5, 6, -1, -1, -1, -1, -1, -1}, 2, 4, 2)
                .asType(dev.fathom.backend.DType.FLOAT32);
        assertArrayEquals(floats.predict(x).toFloatArray(), back.predict(x).toFloatArray(), 0f);
    }
}
