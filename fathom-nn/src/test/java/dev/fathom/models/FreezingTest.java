package dev.fathom.models;

import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Dense;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.TimeDistributed;
import dev.fathom.layers.Weight;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.Json;
import dev.fathom.testing.ZipEntries;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' {@code layer.trainable = False}: frozen weights stay bit for bit, BatchNormalization runs as at inference. */
class FreezingTest {
    @TempDir
    Path dir;

    private static List<float[]> values(Layer layer) {
        List<float[]> v = new ArrayList<>();
        for (Weight w : layer.weights()) v.add(w.value().toFloatArray());
        return v;
    }

    private static void assertUnchanged(List<float[]> before, Layer layer) {
        List<float[]> after = values(layer);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0f, layer.name() + "/" + layer.weights().get(i).name());
        }
    }

    @Test
    void frozenLayersKeepTheirWeightsBitForBitWhileTheOthersTrain() {
        Tensor[] d = Fixtures.images(1, 48);
        Sequential m = Fixtures.convNet(3);
        m.build(1, 8, 8);
        List<Layer> frozen = m.freezeUpTo("flatten");
        assertEquals(List.of("conv2d", "batch_normalization", "max_pooling2d", "flatten"),
                frozen.stream().map(Layer::name).toList());
        List<float[]> conv = values(m.layer("conv2d"));
        List<float[]> bn = values(m.layer("batch_normalization"));
        List<float[]> head = values(m.layer("dense"));

        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(5).silent());

        assertUnchanged(conv, m.layer("conv2d"));
        assertUnchanged(bn, m.layer("batch_normalization"));   // gamma, beta and the moving statistics
        assertFalse(java.util.Arrays.equals(head.get(0), m.layer("dense").weights().get(0).value().toFloatArray()),
                "the head trains");
        for (Weight w : m.layer("conv2d").weights()) {
            assertFalse(w.value().requiresGrad(), "a frozen weight asks for no gradient");
            assertNull(w.value().grad());
        }
        assertEquals(m.layer("dense").parameterCount() + m.layer("dense_1").parameterCount(), m.trainableParameterCount());
        assertEquals(4, m.trainableWeights().size());
    }

    @Test
    void frozenBatchNormalizationNormalizesWithItsMovingStatisticsInTraining() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(new int[] {3}, new dev.fathom.tensor.Generator(0));
        try (var s = dev.fathom.autograd.GradMode.noGrad()) {
            bn.movingMean().assign(Tensor.of(new float[] {1, 2, 3}, 3));
            bn.movingVariance().assign(Tensor.of(new float[] {4, 1, 0.25f}, 3));
        }
        Tensor x = Tensor.of(new float[] {5, 2, 3, -1, 0, 4}, 2, 3);
        float[] inference = bn.call(x, false).toFloatArray();
        float[] trainingUnfrozen = bn.call(x, true).toFloatArray();
        assertFalse(java.util.Arrays.equals(inference, trainingUnfrozen), "unfrozen, training uses the batch's statistics");

        bn.movingMean().assign(Tensor.of(new float[] {1, 2, 3}, 3));
        bn.movingVariance().assign(Tensor.of(new float[] {4, 1, 0.25f}, 3));
        bn.trainable(false);
        float[] trainingFrozen = bn.call(x, true).toFloatArray();
        assertArrayEquals(inference, trainingFrozen, 0f);
        assertArrayEquals(new float[] {1, 2, 3}, bn.movingMean().toFloatArray(), 0f);
        assertArrayEquals(new float[] {4, 1, 0.25f}, bn.movingVariance().toFloatArray(), 0f);
        // (5 - 1) / sqrt(4 + 1e-3): the moving statistics, by hand.
        assertEquals(4 / Math.sqrt(4.001), trainingFrozen[0], 1e-6);
    }

    @Test
    void unfreezingMakesTheWeightsTrainAgainWithoutCompilingAgain() {
        Tensor[] d = Fixtures.blobs(1, 60);
        Sequential m = new Sequential(new Dense(8, "relu"), new Dense(3));
        m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        m.build(2);
        m.trainable(false);
        assertEquals(0, m.trainableParameterCount());
        List<float[]> before = values(m.layer("dense"));
        var e = assertThrows(IllegalStateException.class, () -> m.fit(d[0], d[1], Fit.epochs(1).batchSize(20).silent()));
        assertEquals("fit: the model has no trainable weights: every layer with weights is frozen; unfreeze some with"
                + " model.layer(name).trainable(true)", e.getMessage());
        m.layer("dense_1").trainable(true);
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(20).silent());
        assertUnchanged(before, m.layer("dense"));
        m.layer("dense").trainable(true);
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(20).silent());
        assertFalse(java.util.Arrays.equals(before.get(0), m.layer("dense").weights().get(0).value().toFloatArray()));
        assertEquals(m.parameterCount(), m.trainableParameterCount());
    }

    @Test
    void summaryCountsFrozenWeightsAsNonTrainableAndMarksTheLayers() {
        Sequential m = Fixtures.convNet(3);
        m.build(1, 8, 8);
        String before = m.summary();
        assertTrue(before.lines().noneMatch(l -> l.startsWith("Layer (type)") && l.contains("Trainable")), before);
        m.freezeUpTo("batch_normalization");
        String s = m.summary();
        long conv = m.layer("conv2d").parameterCount();
        long bnAll = m.layer("batch_normalization").parameterCount();
        assertTrue(s.contains(String.format("Non-trainable params: %,d", conv + bnAll)), s);
        assertTrue(s.contains(String.format("Trainable params: %,d", m.parameterCount() - conv - bnAll)), s);
        assertTrue(s.lines().anyMatch(l -> l.startsWith("conv2d (Conv2D)") && l.trim().endsWith("N")), s);
        assertTrue(s.lines().anyMatch(l -> l.startsWith("dense (Dense)") && l.trim().endsWith("Y")), s);
    }

    @Test
    void functionalFreezeUpToFreezesWhatTheLayerDependsOnNotOtherBranches() {
        Input a = Input.of(4).name("a");
        Input b = Input.of(3).name("b");
        SymbolicTensor ha = a.then(new Dense(5).name("body_a")).then(new Dense(5).name("body_a2"));
        SymbolicTensor hb = b.then(new Dense(5).name("other"));
        SymbolicTensor out = SymbolicTensor.apply(new dev.fathom.layers.Concatenate(), ha, hb).then(new Dense(2).name("head"));
        Functional f = new Functional(List.of(a, b), out);
        List<Layer> frozen = f.freezeUpTo("body_a2");
        assertEquals(List.of("body_a", "body_a2"), frozen.stream().map(Layer::name).toList());
        assertTrue(f.layer("other").trainable());
        assertTrue(f.summary().lines().anyMatch(l -> l.startsWith("body_a (Dense)") && l.contains(" N ")), f.summary());
    }

    @Test
    void saveAndLoadKeepTheFlagsAndTheOptimizerStateOfTheTrainableOnes() {
        Tensor[] d = Fixtures.images(1, 48);
        Sequential m = Fixtures.convNet(3);
        m.build(1, 8, 8);
        m.freezeUpTo("batch_normalization");
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).seed(5).silent());
        Path p = dir.resolve("frozen.fathom");
        m.save(p);

        Map<String, Object> manifest = Json.parse(new String(ZipEntries.read(p).get(ModelFile.MANIFEST),
                StandardCharsets.UTF_8), "manifest");
        assertEquals(3, manifest.get("version"), "a version 2 reader would train frozen layers on");

        Model back = Model.load(p);
        for (Layer l : back.layers()) assertEquals(m.layer(l.name()).trainable(), l.trainable(), l.name());
        assertEquals(m.trainableParameterCount(), back.trainableParameterCount());
        Fixtures.assertSameWeights(m, back);
        // Both train on identically: the frozen layers stay, the optimizer state of the others carried over.
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).resume().silent());
        back.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        back.fit(d[0], d[1], Fit.epochs(2).batchSize(16).resume().silent());
        Fixtures.assertSameWeights(m, back);

        m.trainable(true);
        m.save(p);
        Map<String, Object> unfrozen = Json.parse(new String(ZipEntries.read(p).get(ModelFile.MANIFEST),
                StandardCharsets.UTF_8), "manifest");
        assertEquals(1, unfrozen.get("version"));
    }

    @Test
    void wrappersFreezeTheLayersTheyHold() {
        Bidirectional bi = new Bidirectional(new LSTM(3));
        TimeDistributed td = new TimeDistributed(new BatchNormalization());
        Sequential m = new Sequential(td, bi, new Dense(2));
        m.build(5, 4);
        bi.trainable(false);
        td.trainable(false);
        assertFalse(bi.forwardLayer().trainable());
        assertFalse(bi.backwardLayer().trainable());
        assertFalse(td.layer().trainable());
        for (Weight w : bi.weights()) assertFalse(w.value().requiresGrad(), w.name());
        assertEquals(m.layer("dense").parameterCount(), m.trainableParameterCount());
    }

    @Test
    void anUnknownLayerNameListsTheNames() {
        Sequential m = new Sequential(new Dense(2)).build(3);
        var e = assertThrows(IllegalArgumentException.class, () -> m.freezeUpTo("dense_7"));
        assertEquals("layer(\"dense_7\"): the model has no layer of that name; its layers are [dense] (model.summary()"
                + " shows them)", e.getMessage());
    }
}
