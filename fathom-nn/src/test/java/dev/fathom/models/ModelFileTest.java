package dev.fathom.models;

import dev.fathom.layers.Activation;
import dev.fathom.layers.AveragePool2D;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GlobalAveragePooling2D;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.LayerNormalization;
import dev.fathom.layers.Padding;
import dev.fathom.layers.Regularizer;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.CosineDecay;
import dev.fathom.optimizers.SGD;
import dev.fathom.saving.Json;
import dev.fathom.saving.ModelFileException;
import dev.fathom.testing.ZipEntries;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    private Path trainedFile(Sequential[] modelOut) {
        Tensor[] d = Fixtures.images(1, 48);
        Sequential m = Fixtures.convNet(3);
        m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).seed(5).silent());
        Path p = dir.resolve("model.fathom");
        m.save(p);
        if (modelOut != null) modelOut[0] = m;
        return p;
    }

    @Test
    void saveThenLoadGivesIdenticalPredictionsOptimizerStateAndPosition() {
        Sequential[] holder = new Sequential[1];
        Path p = trainedFile(holder);
        Sequential m = holder[0];
        Model loaded = Model.load(p);

        Tensor[] d = Fixtures.images(2, 20);
        assertArrayEquals(m.predict(d[0]).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
        Fixtures.assertSameWeights(m, loaded);
        var bn = (BatchNormalization) loaded.layers().get(1);
        assertArrayEquals(((BatchNormalization) m.layers().get(1)).movingMean().toFloatArray(), bn.movingMean().toFloatArray(), 0f);
        assertTrue(bn.movingMean().toFloatArray()[0] != 0, "moving statistics were trained, and saved");

        Map<String, Tensor> before = m.optimizer().stateDict(m.trainableWeights());
        Map<String, Tensor> after = loaded.optimizer().stateDict(loaded.trainableWeights());
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertArrayEquals(before.get(k).toFloatArray(), after.get(k).toFloatArray(), 0f, k);
        assertEquals(m.optimizer().config(), loaded.optimizer().config());
        assertEquals("SparseCategoricalCrossentropy", loaded.loss().name());
        assertTrue(loaded.loss().fromLogits());
        assertEquals(List.of("accuracy"), loaded.metricNames());
        assertEquals(2, loaded.epochsCompleted());
        assertEquals(3, loaded.seed());
        assertEquals(m.summary(), loaded.summary());
    }

    @Test
    void everyLayerTypeAndItsHyperparametersSurviveTheRoundTrip() {
        var m = new Sequential(
                new Reshape(2, 6, 6),
                new Conv2D(3, 3, 2).strides(1, 2).dilation(1, 1).padding(Padding.SAME).activation("tanh").useBias(false)
                        .kernelInitializer(Initializer.heNormal()).kernelRegularizer(Regularizer.l2(1e-3)),
                new BatchNormalization().momentum(0.8).epsilon(1e-4).center(false),
                new AveragePool2D(2).strides(1).padding(Padding.SAME),
                new LayerNormalization().axis(1, 2, 3).epsilon(1e-5).gammaRegularizer(Regularizer.l1l2(1e-4, 2e-4)),
                new GlobalAveragePooling2D().keepDims(true),
                new Flatten(),
                new Dropout(0.3, 99),
                new Dense(4, "gelu").biasInitializer(Initializer.constant(0.25)).biasRegularizer(Regularizer.l1(0.5)),
                new Activation("softmax")).seed(8);
        m.compile(new SGD(0.1, 0.9, true, 1e-4).schedule(new CosineDecay(100, 1e-3)).clipNorm(1.0),
                new SparseCategoricalCrossentropy(false), "accuracy");
        m.build(72);
        Path p = dir.resolve("all.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertEquals(m.architecture(), loaded.architecture());
        assertEquals(m.optimizer().config(), loaded.optimizer().config());
        Tensor x = Tensor.randn(new dev.fathom.tensor.Generator(1), 5, 72);
        assertArrayEquals(m.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(), 0f);
        @SuppressWarnings("unchecked")
        var conv = (Map<String, Object>) ((Map<String, Object>) ((List<?>) loaded.architecture().get("layers")).get(1)).get("config");
        assertEquals(Map.of("name", "he_normal"), conv.get("kernelInitializer"));
        assertEquals(Map.of("name", "l2", "l2", 1e-3), conv.get("kernelRegularizer"));
        assertEquals(List.of(1, 2), conv.get("strides"));
    }

    @Test
    void preprocessingLayersTravelWithTheModel() {
        Tensor[] d = Fixtures.blobs(4, 60);
        var norm = new dev.fathom.layers.Normalization().adapt(d[0]);
        var m = new Sequential(new dev.fathom.layers.Rescaling(0.5, 1), norm, new Dense(3)).seed(2);
        m.compile(new SGD(0.1), new SparseCategoricalCrossentropy(true));
        m.fit(d[0], d[1], Fit.epochs(1).silent());
        Path p = dir.resolve("pre.fathom");
        m.save(p);
        Model loaded = Model.load(p);
        assertTrue(((dev.fathom.layers.Normalization) loaded.layers().get(1)).isAdapted(), "adapted statistics are saved");
        assertArrayEquals(m.predict(d[0]).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
    }

    @Test
    void aModelWithACustomRegularizerIsRefusedAtSave() {
        var m = new Sequential(new Dense(2).kernelRegularizer(w -> w.abs().max())).seed(1);
        m.build(3);
        var e = assertThrows(ModelFileException.class, () -> m.save(dir.resolve("x.fathom")));
        assertTrue(e.getMessage().contains("layer 'dense' (Dense)") && e.getMessage().contains("'kernelRegularizer'")
                && e.getMessage().contains("custom Regularizer"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.fathom")));
    }

    @Test
    void anL1L2RegularizerAndAConstantInitializerLoadBackWithIdenticalConfig() throws IOException {
        Tensor[] d = Fixtures.blobs(8, 30);
        var m = new Sequential(
                new Dense(5, "relu").kernelRegularizer(Regularizer.l1l2(1e-3, 2.5e-4)).biasInitializer(Initializer.constant(0.125)),
                new Dense(3).kernelInitializer(Initializer.constant(-0.0625)).biasRegularizer(Regularizer.l1(0.02))).seed(4);
        m.compile(new SGD(0.05), new SparseCategoricalCrossentropy(true));
        m.fit(d[0], d[1], Fit.epochs(1).silent());
        Path p = dir.resolve("reg.fathom");
        m.save(p);

        // The file names each initializer and regularizer with its parameters, as the format doc says.
        Map<String, Object> manifest = ZipEntries.json(p, "fathom.json");
        var first = layerConfig(manifest, 0);
        assertEquals(Map.of("name", "l1l2", "l1", 1e-3, "l2", 2.5e-4), first.get("kernelRegularizer"));
        assertEquals(Map.of("name", "constant", "value", 0.125), first.get("biasInitializer"));
        assertEquals(Map.of("name", "glorot_uniform"), first.get("kernelInitializer"));
        var second = layerConfig(manifest, 1);
        assertEquals(Map.of("name", "constant", "value", -0.0625), second.get("kernelInitializer"));
        assertEquals(Map.of("name", "l1", "l1", 0.02), second.get("biasRegularizer"));

        Model loaded = Model.load(p);
        assertEquals(Json.write(m.architecture()), Json.write(loaded.architecture()));
        for (int i = 0; i < 2; i++) {
            assertEquals(m.layers().get(i).config(), loaded.layers().get(i).config());
            // the recreated regularizers compute the same penalty on the same weights, bit for bit
            assertEquals(m.layers().get(i).regularizationLoss().item(), loaded.layers().get(i).regularizationLoss().item(), 0.0);
        }
        // and the recreated initializers draw what the originals drew when the layer is built afresh
        var fresh = (Dense) dev.fathom.layers.LayerConfigs.fromConfig(dev.fathom.layers.LayerConfigs.toConfig(loaded.layers().get(1)));
        fresh.build(new int[] {5}, new dev.fathom.tensor.Generator(0));
        for (float v : fresh.weights().get(0).value().toFloatArray()) assertEquals(-0.0625f, v);
    }

    @Test
    void aCustomInitializerSavesAsCustomAndTheWeightsComeFromTheFile() throws IOException {
        Initializer mine = (shape, in, out, g) -> Tensor.rand(g, shape).sub(Tensor.scalar(0.5));
        var m = new Sequential(new Dense(4).kernelInitializer(mine)).seed(6);
        m.build(3);
        Path p = dir.resolve("custom.fathom");
        m.save(p);
        Map<String, Object> manifest = ZipEntries.json(p, "fathom.json");
        assertEquals(Map.of("name", "custom"), layerConfig(manifest, 0).get("kernelInitializer"));
        Model loaded = Model.load(p);
        Tensor x = Tensor.randn(new dev.fathom.tensor.Generator(2), 7, 3);
        assertArrayEquals(m.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(), 0f);
        loaded.save(dir.resolve("again.fathom")); // the stand-in saves as "custom" again
        assertEquals(m.architecture(), Model.load(dir.resolve("again.fathom")).architecture());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layerConfig(Map<String, Object> manifest, int index) {
        var layers = (List<?>) ((Map<String, Object>) manifest.get("architecture")).get("layers");
        return (Map<String, Object>) ((Map<String, Object>) layers.get(index)).get("config");
    }

    // ---- refusing damaged files ----------------------------------------------------------------

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path p = trainedFile(null);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("cannot load model file '" + p + "'") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void aFlippedByteInTheWeightsIsRefused() throws IOException {
        Path p = trainedFile(null);
        byte[] all = Files.readAllBytes(p);
        // Find the weights entry's data: after its local header name, well inside the stored bytes.
        int at = indexOf(all, "weights.safetensors".getBytes(StandardCharsets.US_ASCII)) + 400;
        all[at] ^= 0x10;
        Files.write(p, all);
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("weights.safetensors")
                && (e.getMessage().contains("CRC") || e.getMessage().contains("SHA-256")) && e.getMessage().contains("damaged"),
                e.getMessage());
    }

    @Test
    void aShaMismatchIsCaughtEvenWhenTheZipIsConsistent() throws IOException {
        Path p = trainedFile(null);
        ZipEntries.rewrite(p, "weights.safetensors", bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length - 1] ^= 0x01; // a valid zip (new CRC), but not the weights fathom.json vouches for
            return copy;
        });
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("weights.safetensors fails its SHA-256 check"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path p = trainedFile(null);
        ZipEntries.editJson(p, "fathom.json", m -> m.put("version", 99));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("format version 99") && e.getMessage().contains("newer Fathom")
                && e.getMessage().contains("up to " + ModelFile.VERSION), e.getMessage());
        ZipEntries.editJson(p, "fathom.json", m -> m.put("format", "keras"));
        var format = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(format.getMessage().contains("not a Fathom model file") && format.getMessage().contains("\"keras\""),
                format.getMessage());
    }

    @Test
    void aNonZipFileAndAMissingFileAreRefused() throws IOException {
        Path p = dir.resolve("notes.fathom");
        Files.writeString(p, "{\"format\": \"fathom-model\"}");
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("'" + p + "'") && e.getMessage().contains("not a zip archive"), e.getMessage());
        var missing = assertThrows(ModelFileException.class, () -> Model.load(dir.resolve("nope.fathom")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        var folder = assertThrows(ModelFileException.class, () -> Model.load(dir));
        assertEquals("cannot load model file '" + dir + "': it is a directory, not a model file", folder.getMessage());
    }

    @Test
    void weightsThatDoNotMatchTheArchitectureAreRefused() throws IOException {
        Path p = trainedFile(null);
        // An edited architecture: the last Dense now has 5 units, the saved kernel [8, 4] no longer fits.
        ZipEntries.editJson(p, "fathom.json", m -> {
            @SuppressWarnings("unchecked")
            var layers = (List<Map<String, Object>>) ((Map<String, Object>) m.get("architecture")).get("layers");
            @SuppressWarnings("unchecked")
            var config = (Map<String, Object>) layers.get(layers.size() - 1).get("config");
            config.put("units", 5);
        });
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("weight 'dense_1/kernel' is F32[8, 4]")
                && e.getMessage().contains("architecture makes it F32[8, 5]"), e.getMessage());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
