package dev.fathom.models;

import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.testing.ZipEntries;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models name unnamed layers as Keras does (dense, dense_1, ...), keep names unique, and load files saved under other names. */
class LayerNamingTest {
    @TempDir
    Path dir;

    private static List<String> names(Model m) {
        return m.layers().stream().map(Layer::name).toList();
    }

    @Test
    void sequentialNamesLayersAsKerasDoesAsSoonAsTheyAreAdded() {
        var model = new Sequential(new Conv2D(4, 3), new MaxPool2D(2), new Conv2D(8, 3), new Flatten(), new Dense(8), new Dense(4));
        assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_1", "flatten", "dense", "dense_1"), names(model));
        model.add(new Dense(2));
        assertEquals("dense_2", model.layers().getLast().name());
    }

    @Test
    void givenNamesAreKeptAndDefaultNamesSkipThem() {
        var model = new Sequential(new Dense(2).name("dense_1"), new Dense(2), new Dense(2), new Dense(1).name("out"));
        assertEquals(List.of("dense_1", "dense", "dense_2", "out"), names(model));
    }

    @Test
    void twoLayersWithOneNameAreRefusedWhenAdded() {
        var model = new Sequential(new Dense(2));
        var e = assertThrows(IllegalArgumentException.class, () -> model.add(new Dropout(0.5).name("dense")));
        assertEquals("Sequential.add: layer 1 (Dropout) is named 'dense' like layer 0 (Dense); names must be unique in a"
                + " model (weights are saved under them), so give it another with .name(...)", e.getMessage());
        Dense d = new Dense(2);
        var twice = assertThrows(IllegalArgumentException.class, () -> new Sequential(d, d));
        assertTrue(twice.getMessage().startsWith("Sequential.add: this Dense 'dense' is already layer 0 of the model"),
                twice.getMessage());
    }

    @Test
    void functionalNamesInputsAndLayersTheSameWay() {
        Input a = Input.of(2);
        Input b = Input.of(2);
        SymbolicTensor h = SymbolicTensor.apply(new dev.fathom.layers.Add(), a.then(new Dense(2)), b.then(new Dense(2)));
        Functional model = new Functional(List.of(a, b), h.then(new Dense(1)));
        assertEquals(List.of("input", "input_1"), List.of(a.name(), b.name()));
        assertEquals(List.of("dense", "dense_1", "add", "dense_2"), names(model));
    }

    /**
     * Before the Keras names, Fathom named the same layers conv2_d, max_pool2_d, dense_2: a file
     * saved then keys its weights by those names, and loads under them.
     */
    @Test
    void aFileSavedUnderTheOldNamesLoadsWithThem() {
        List<String> old = List.of("conv2_d", "batch_normalization", "max_pool2_d", "flatten", "dropout", "dense", "dense_2");
        Sequential m = Fixtures.convNet(3);
        for (int i = 0; i < old.size(); i++) m.layers().get(i).name(old.get(i));
        Tensor[] d = Fixtures.images(1, 16);
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(16).seed(5).silent());
        Path p = dir.resolve("old.fathom");
        m.save(p);
        String weights = new String(ZipEntries.entry(p, "weights.safetensors"), StandardCharsets.ISO_8859_1);
        assertTrue(weights.contains("\"dense_2/kernel\"") && weights.contains("\"conv2_d/kernel\""), "the file keys weights by layer name");

        Model loaded = Model.load(p);
        assertEquals(old, names(loaded));
        Fixtures.assertSameWeights(m, loaded);
        assertArrayEquals(m.predict(d[0]).toFloatArray(), loaded.predict(d[0]).toFloatArray(), 0f);
    }
}
