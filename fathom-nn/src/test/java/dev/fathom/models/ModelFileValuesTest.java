package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Dense;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.saving.SafeTensors;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values in a model file are checked: weights finite at save and load, every config value of the right type. */
class ModelFileValuesTest {
    @TempDir
    Path dir;

    private static Model model() {
        Model m = new Sequential(new Dense(2).name("dense")).build(3);
        m.compile(new Adam(1e-3), new MeanSquaredError());
        return m;
    }

    private static Tensor kernelWithNaNAt1x0() {
        return Tensor.of(new float[] {0, 0, Float.NaN, 0, Float.POSITIVE_INFINITY, 0}, 3, 2);
    }

    @Test
    void aNonFiniteWeightIsRefusedAtSaveNamingTheWeightAndItsFirstBadIndex() {
        Model m = model();
        try (var scope = GradMode.noGrad()) {
            m.layers().get(0).weights().get(0).value().assign(kernelWithNaNAt1x0());
        }
        Path p = dir.resolve("m.fathom");
        var e = assertThrows(ModelFileException.class, () -> m.save(p));
        assertEquals("cannot save the model to '" + p + "': weights: tensor 'dense/kernel' holds NaN at index [1, 0] (the first"
                + " non-finite value); weights must be finite; a model whose weights went non-finite in training predicts nothing"
                + " useful: train it again with a lower learning rate or Optimizer.clipNorm", e.getMessage());
        assertFalse(Files.exists(p), "nothing is written");
    }

    @Test
    void aNonFiniteWeightIsRefusedAtLoadEvenWithEveryChecksumRecomputed() {
        Path p = dir.resolve("m.fathom");
        model().save(p);
        ZipEntries.rewriteBlob(p, "fathom.json", "weights.safetensors", blob -> {
            Map<String, Tensor> w = new LinkedHashMap<>(SafeTensors.read(blob, "weights"));
            w.put("dense/kernel", kernelWithNaNAt1x0());
            return SafeTensors.write(w);
        });
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertEquals("cannot load model file '" + p + "': weights.safetensors: tensor 'dense/kernel' holds NaN at index [1, 0]"
                + " (the first non-finite value); weights must be finite", e.getMessage());
    }

    @Test
    void aNonFiniteOptimizerStateIsRefusedAtLoad() {
        Path p = dir.resolve("m.fathom");
        Model m = model();
        m.fit(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {1, 0, 0, 1}, 2, 2), Fit.epochs(1).silent());
        m.save(p);
        ZipEntries.rewriteBlob(p, "fathom.json", "optimizer.safetensors", blob -> {
            Map<String, Tensor> state = new LinkedHashMap<>(SafeTensors.read(blob, "optimizer"));
            String key = state.keySet().stream().filter(k -> state.get(k).size() == 6).findFirst().orElseThrow();
            state.put(key, kernelWithNaNAt1x0());
            return SafeTensors.write(state);
        });
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().startsWith("cannot load model file '" + p + "': optimizer.safetensors: tensor '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("holds NaN at index [1, 0] (the first non-finite value); weights must be finite"),
                e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optimizerConfig(Map<String, Object> manifest) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) manifest.get("compile")).get("optimizer")).get("config");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> denseConfig(Map<String, Object> manifest) {
        var layers = (java.util.List<Map<String, Object>>) ((Map<String, Object>) manifest.get("architecture")).get("layers");
        return (Map<String, Object>) layers.get(0).get("config");
    }

    @Test
    void aConfigValueOfTheWrongTypeOrRangeIsRefusedNamingTheFileAndField() {
        Path p = dir.resolve("m.fathom");
        model().save(p);
        Path fast = dir.resolve("fast.fathom");
        ZipEntries.write(fast, ZipEntries.read(p));
        ZipEntries.editJson(fast, "fathom.json", m -> optimizerConfig(m).put("learningRate", "fast"));
        var e = assertThrows(ModelFileException.class, () -> Model.load(fast));
        assertEquals("cannot load model file '" + fast + "': Adam config: 'learningRate' must be a finite number, got \"fast\"",
                e.getMessage());

        Path negative = dir.resolve("negative.fathom");
        ZipEntries.write(negative, ZipEntries.read(p));
        ZipEntries.editJson(negative, "fathom.json", m -> denseConfig(m).put("units", -3));
        e = assertThrows(ModelFileException.class, () -> Model.load(negative));
        assertTrue(e.getMessage().startsWith("cannot load model file '" + negative + "': ") && e.getMessage().contains("units must be"
                + " >= 1, got -3"), e.getMessage());

        Path huge = dir.resolve("huge.fathom");
        ZipEntries.write(huge, ZipEntries.read(p));
        ZipEntries.rewrite(huge, "fathom.json", b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"learningRate\" : [^,\\n]+", "\"learningRate\" : 1e999").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        e = assertThrows(ModelFileException.class, () -> Model.load(huge));
        assertEquals("cannot load model file '" + huge + "': fathom.json: the number at compile.optimizer.config.learningRate is out"
                + " of range (it reads as infinity); the file is damaged or was edited", e.getMessage());
    }

    @Test
    void anArchitectureWhoseWeightCannotFitTheHeapIsRefusedInOneLine() {
        Path p = dir.resolve("m.fathom");
        model().save(p);
        // 3 x 2e9/3 floats: one array far larger than any test JVM's heap, refused before it takes memory.
        ZipEntries.editJson(p, "fathom.json", m -> denseConfig(m).put("units", 700_000_000));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().startsWith("cannot load model file '" + p + "': "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
