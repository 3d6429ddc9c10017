package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A model saved to a stream holds the bytes of its file and loads back from them, with no file in between. */
class ModelStreamTest {
    @TempDir
    Path dir;

    private static Model trained() {
        Generator g = new Generator(4);
        Tensor x = Tensor.randn(g, 40, 3);
        Tensor y = x.sum(1, false).gt(0).asType(dev.fathom.backend.DType.INT32);
        Model model = new Sequential(new Dense(8, "relu"), new Dense(2)).seed(3).build(3);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(x, y, Fit.epochs(2).batchSize(8).seed(5).silent());
        return model;
    }

    @Test
    void theStreamHoldsTheFilesBytesAndLoadsBackTheSameModel() throws Exception {
        Model model = trained();
        var bytes = new ByteArrayOutputStream();
        model.save(bytes);
        Path file = dir.resolve("m.fathom");
        model.save(file);
        assertArrayEquals(Files.readAllBytes(file), bytes.toByteArray(), "the same bytes as the file");

        Model back = Model.load(new ByteArrayInputStream(bytes.toByteArray()), "the test's bytes");
        Tensor x = Tensor.randn(new Generator(9), 5, 3);
        assertArrayEquals(model.predict(x).toFloatArray(), back.predict(x).toFloatArray(), 0f);
        assertEquals(model.epochsCompleted(), back.epochsCompleted());
        assertEquals(model.metricNames(), back.metricNames());
    }

    @Test
    void damagedBytesAreRefusedNamingTheirSource() {
        var bytes = new ByteArrayOutputStream();
        trained().save(bytes);
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        var e = assertThrows(ModelFileException.class, () -> Model.load(new ByteArrayInputStream(cut), "pipeline.zip's network"));
        assertEquals(true, e.getMessage().startsWith("cannot load the model from pipeline.zip's network: "), e.getMessage());
        var none = assertThrows(ModelFileException.class, () -> Model.load(new ByteArrayInputStream("hello".getBytes()), "a string"));
        assertEquals(true, none.getMessage().contains("it is not a Fathom model file (not a zip archive"), none.getMessage());
    }
}
