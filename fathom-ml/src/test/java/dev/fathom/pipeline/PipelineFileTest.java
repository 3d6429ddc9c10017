package dev.fathom.pipeline;

import dev.fathom.data.Table;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.testing.ZipEntries;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.fathom.pipeline.PipelineTesting.assertBitIdentical;
import static dev.fathom.pipeline.PipelineTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline file: images round trip, and damaged, foreign or newer files are refused whole with clear messages. */
class PipelineFileTest {
    @TempDir
    Path dir;

    private Path saved() {
        Path file = dir.resolve("mixed.pipeline");
        PipelineTableTest.mixedPipeline().save(file);
        return file;
    }

    private static ModelFileException refused(Path file) {
        return assertThrows(ModelFileException.class, () -> Pipeline.load(file));
    }

    @Test
    void imagePipelineRoundTrips() {
        Generator g = new Generator(7);
        Tensor images = Tensor.rand(g, 24, 1, 8, 8);
        Tensor labels = Tensor.of(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, 24);
        NetworkClassifier cnn = new NetworkClassifier(() -> new Sequential(new Conv2D(4, 3, "relu"), new Flatten(), new Dense(3))
                .seed(1).build(1, 8, 8).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true)), Fit.epochs(3).batchSize(8).silent());
        cnn.fit(images, labels);
        Pipeline p = Pipeline.forImages(1, 8, 8, 1 / 255.0, List.of("circle", "square", "triangle"), cnn);
        assertEquals(Pipeline.InputKind.IMAGES, p.inputKind());
        assertEquals("label", p.target());
        Pipeline back = roundTrip(p, dir, "images");
        assertEquals(Pipeline.InputKind.IMAGES, back.inputKind());
        assertArrayEquals(new int[] {1, 8, 8}, back.imageShape());
        assertEquals(1 / 255.0, back.pixelScale());
        assertEquals(p.classes(), back.classes());
        assertEquals(List.of(), back.inputs());
        assertBitIdentical(p.predictProbaImages(images), back.predictProbaImages(images), "image probabilities");
        assertBitIdentical(p.predictImages(images), back.predictImages(images), "image classes");

        PipelineInputException shape = assertThrows(PipelineInputException.class, () -> back.predictImages(Tensor.zeros(1, 8, 8)));
        assertTrue(shape.getMessage().contains("have shape [1, 8, 8] but the model takes [n, 1, 8, 8]")
                && shape.getMessage().contains("image.reshape(1, 1, 8, 8)"), shape.getMessage());
        IllegalStateException table = assertThrows(IllegalStateException.class, () -> back.predict(PipelineTableTest.mixed()));
        assertTrue(table.getMessage().contains("takes images [1, 8, 8], not a table"), table.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = saved();
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        ModelFileException e = refused(file);
        assertTrue(e.getMessage().startsWith("cannot load pipeline file '" + file + "': the zip archive is truncated or damaged"), e.getMessage());
    }

    @Test
    void flippedBytesAreRefused() throws IOException {
        Path file = saved();
        byte[] all = Files.readAllBytes(file);
        // flip a byte inside the stored weights, just after their entry's local header
        byte[] name = "weights.safetensors".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(all, name, 0);
        assertTrue(at > 0, "the weights entry is in the file");
        all[at + name.length + 40] ^= 0x10;
        Files.write(file, all);
        ModelFileException e = refused(file);
        assertTrue(e.getMessage().contains("fails its CRC check") || e.getMessage().contains("SHA-256")
                || e.getMessage().contains("truncated or damaged"), e.getMessage());
    }

    @Test
    void anEditedBlobFailsItsChecksum() throws IOException {
        Path file = saved();
        ZipEntries.rewrite(file, "weights.safetensors", weights -> {
            weights[weights.length - 1] ^= 0x01;   // a changed weight with a CRC recomputed, as an edit would leave it
            return weights;
        });
        ModelFileException e = refused(file);
        assertTrue(e.getMessage().contains("weights.safetensors fails its SHA-256 check"), e.getMessage());
    }

    @Test
    void aNewerVersionIsRefused() throws IOException {
        Path file = saved();
        ZipEntries.editJson(file, "pipeline.json", manifest -> manifest.put("version", 2));
        ModelFileException e = refused(file);
        assertEquals("cannot load pipeline file '" + file + "': it has format version 2, written by a newer Fathom; this Fathom"
                + " reads pipeline files up to version 1; upgrade Fathom to load it", e.getMessage());
    }

    @Test
    void otherFormatsAreRefused() throws IOException {
        Path text = dir.resolve("notes.pipeline");
        Files.writeString(text, "hello");
        assertTrue(refused(text).getMessage().contains("not a Fathom pipeline file (not a zip archive"), refused(text).getMessage());

        Path model = dir.resolve("net.fathom");
        Model m = new Sequential(new Dense(2)).build(3);
        m.save(model);
        ModelFileException e = refused(model);
        assertTrue(e.getMessage().contains("it is a Fathom model file: load it with Model.load"), e.getMessage());

        Path file = saved();
        ZipEntries.editJson(file, "pipeline.json", manifest -> manifest.put("format", "something-else"));
        assertTrue(refused(file).getMessage().contains("it is not a Fathom pipeline file: pipeline.json has format \"something-else\""),
                refused(file).getMessage());

        assertTrue(refused(dir.resolve("absent.pipeline")).getMessage().endsWith(": no such file"));
    }

    @Test
    void anUnlistedFilesEntryThatIsAZipBombIsRefusedByName() {
        Path file = saved();
        // 256 MiB of zeros in under a megabyte, under files/ where an estimator's own files go.
        ZipEntries.stream(file, "files/estimator/model.fathom", ZipEntries.zeros(256L << 20));
        assertEquals("cannot load pipeline file '" + file + "': the archive holds 'files/estimator/model.fathom', which"
                + " pipeline.json does not list; the file was edited", refused(file).getMessage());
    }

    @Test
    void aBlobLargerThanDeclaredIsRefusedNamingBothSizes() {
        Path file = saved();
        Map<?, ?> blobs = (Map<?, ?>) ZipEntries.json(file, "pipeline.json").get("blobs");
        long declared = ((Number) ((Map<?, ?>) blobs.get("weights.safetensors")).get("bytes")).longValue();
        ZipEntries.rewrite(file, "weights.safetensors", w -> java.util.Arrays.copyOf(w, w.length + 1));
        assertEquals("cannot load pipeline file '" + file + "': entry 'weights.safetensors' is " + (declared + 1) + " bytes by"
                + " the archive's directory but pipeline.json declares " + declared + "; the file is damaged or was edited",
                refused(file).getMessage());
    }

    @Test
    void anEstimatorThatCannotBeSavedIsNamedAndNoFileIsWritten() throws IOException {
        Table t = PipelineTableTest.mixed();
        Pipeline good = PipelineTableTest.mixedPipeline();
        Path file = dir.resolve("kept.pipeline");
        good.save(file);
        byte[] before = Files.readAllBytes(file);
        Pipeline custom = Pipeline.of(t, "outcome", good.preprocessor(), good.labels(), new Unsavable((Classifier) good.estimator()));
        ModelFileException e = assertThrows(ModelFileException.class, () -> custom.save(file));
        assertTrue(e.getMessage().startsWith("cannot save the pipeline to '" + file + "': cannot save estimator (Unsavable)")
                && e.getMessage().contains("does not implement SavableEstimator"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
        Path fresh = dir.resolve("fresh.pipeline");
        assertThrows(ModelFileException.class, () -> custom.save(fresh));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("kept.pipeline"), files.map(p -> p.getFileName().toString()).toList(), "no partial or temporary file");
        }
    }

    /** A classifier of the user's own that does not implement SavableEstimator. */
    private record Unsavable(Classifier inner) implements Classifier {
        @Override public Classifier fit(Tensor x, Tensor y) { return this; }
        @Override public Tensor predictProba(Tensor x) { return inner.predictProba(x); }
        @Override public int classCount() { return inner.classCount(); }
        @Override public String toString() { return "Unsavable"; }
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (data[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }
}
