package dev.fathom.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Onnx#save}: files ONNX Runtime opens, written atomically, and refusals that name what ONNX cannot say. */
class OnnxSaveTest {
    @TempDir
    Path dir;

    /** A user's own layer: ONNX export cannot know what it computes. */
    static final class Doubler extends Layer {
        @Override
        protected int[] computeOutputShape(int[] in, Generator g) {
            return in;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x.mul(2);
        }
    }

    @Test
    void savesAFileOnnxRuntimeRunsFromDisk() throws Exception {
        Model model = new Sequential(new Dense(4, "relu"), new Dense(2)).seed(3).build(3);
        Path file = dir.resolve("net.onnx");
        Onnx.save(model, file);
        Tensor x = Tensor.rand(new Generator(1), 5, 3);
        float[] expected = model.predict(x).toFloatArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), new long[] {5, 3});
             OrtSession.Result r = s.run(Map.of("input", in))) {
            FloatBuffer b = ((OnnxTensor) r.get("output").orElseThrow()).getFloatBuffer();
            float[] actual = new float[b.remaining()];
            b.get(actual);
            assertArrayEquals(expected, actual, 1e-5f);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the export");
        }
    }

    @Test
    void aLayerOnnxCannotSayIsRefusedByNameAndTheOldFileStays() throws Exception {
        Path file = dir.resolve("net.onnx");
        Files.writeString(file, "the previous export");
        Model model = new Sequential(new Dense(4), new Doubler().name("twice"), new Dense(1)).seed(1).build(3);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.save(model, file));
        assertTrue(e.getMessage().startsWith("cannot export the model to '" + file + "': layer 'twice' ("), e.getMessage());
        assertTrue(e.getMessage().contains("Doubler) has no ONNX form") && e.getMessage().contains("Dense"), e.getMessage());
        assertEquals("the previous export", Files.readString(file));
    }

    @Test
    void anImportedLayerExportCannotWriteIsRefusedByName() throws Exception {
        Model imported = Onnx.load(Path.of(OnnxSaveTest.class.getResource("/onnx/avgpool_ceil.onnx").toURI()));
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.save(imported, dir.resolve("again.onnx")));
        assertTrue(e.getMessage().contains("came from an ONNX import") && e.getMessage().contains("use the original .onnx file"),
                e.getMessage());
    }

    @Test
    void anUnbuiltModelIsRefused() {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> Onnx.save(new Sequential(new Dense(2)), dir.resolve("x.onnx")));
        assertTrue(e.getMessage().contains("not built yet"), e.getMessage());
    }

    @Test
    void aPipelineWhoseEstimatorOnnxCannotSayIsRefusedByName() {
        TabularDataset iris = Datasets.load("iris");
        Pipeline p = Pipeline.fit(iris.table(), iris.targetName(),
                Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler()).build(), new DummyClassifier());
        Path file = dir.resolve("iris.onnx");
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.save(p, file));
        assertTrue(e.getMessage().startsWith("cannot export the pipeline to '" + file + "': the estimator"), e.getMessage());
        assertTrue(e.getMessage().contains("DummyClassifier"), e.getMessage());
        assertTrue(Files.notExists(file));
    }
}
