package dev.fathom.models;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.FuzzContract;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fuzzes the model loader ({@link Model#load(java.io.InputStream, String)}) two ways: the input as
 * a whole model file (mutations of the committed files in {@code ModelFileFuzzTestInputs/loadsOrRefuses/},
 * which start with a zip's {@code PK}), and, when the input starts with <code>{</code>, as the
 * {@code fathom.json} of an otherwise valid file, so that mutations reach the architecture and
 * config checks behind the zip. Either the model loads and summarises itself, or the load is
 * refused with a {@link ModelFileException} of one line; never another exception, a hang or
 * unbounded memory. How it runs: docs/fuzzing.md.
 */
class ModelFileFuzzTest {
    private static final FuzzContract CONTRACT = new FuzzContract("model loader", List.of(ModelFileException.class));
    /** The entries of a valid, compiled model file other than its fathom.json, for the manifest mode. */
    private static final Map<String, byte[]> BLOBS = blobsOf(bytes(dense()));

    @AfterAll
    static void report() {
        System.out.println(CONTRACT.summary());
    }

    @FuzzTest(maxDuration = "10s")   // the build sets fathom.fuzz.duration; this is for a run from an IDE
    void loadsOrRefuses(byte[] input) {
        CONTRACT.check(input, () -> {
            byte[] file = ZipEntries.fileOrManifest(input, "fathom.json", BLOBS);
            Model model = Model.load(new ByteArrayInputStream(file), "the fuzzer's bytes");
            model.summary();
        });
    }

    /** A compiled, trained classifier: weights and optimizer state. */
    static Model dense() {
        Generator g = new Generator(4);
        Tensor x = Tensor.randn(g, 16, 3);
        Tensor y = x.sum(1, false).gt(0).asType(dev.fathom.backend.DType.INT32);
        Model model = new Sequential(new Dense(4, "relu"), new Dense(2)).seed(3).build(3);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(x, y, Fit.epochs(1).batchSize(8).seed(5).silent());
        return model;
    }

    /** A small convolutional network, not compiled: weights only. */
    static Model conv() {
        return new Sequential(new Conv2D(2, 3, "relu"), new MaxPool2D(2), new Flatten(), new Dense(3)).seed(1).build(1, 6, 6);
    }

    static byte[] bytes(Model model) {
        var out = new ByteArrayOutputStream();
        model.save(out);
        return out.toByteArray();
    }

    private static Map<String, byte[]> blobsOf(byte[] file) {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().equals("fathom.json")) blobs.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return blobs;
    }

    /**
     * Writes the seed inputs into {@code dir} (the inputs folder under src/test/resources): run it
     * again when the model file format changes, as docs/fuzzing.md says.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        byte[] dense = bytes(dense());
        Files.write(dir.resolve("dense_compiled.model.zip"), dense);
        Files.write(dir.resolve("conv.model.zip"), bytes(conv()));
        try (var zip = new ZipInputStream(new ByteArrayInputStream(dense))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("fathom.json")) Files.write(dir.resolve("dense_compiled_manifest.json"), zip.readAllBytes());
            }
        }
    }
}
