package dev.fathom.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.testing.FuzzContract;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fuzzes the pipeline loader ({@link Pipeline#load}) two ways: the input as a whole pipeline file
 * (mutations of the committed files in {@code PipelineFileFuzzTestInputs/loadsOrRefuses/}, which
 * start with a zip's {@code PK}), and, when the input starts with <code>{</code>, as the
 * {@code pipeline.json} of an otherwise valid file holding a network, so that mutations reach the
 * schema, preprocessing and estimator checks behind the zip. Either the pipeline loads, or the load
 * is refused with a {@link ModelFileException} of one line; never another exception, a hang or
 * unbounded memory. How it runs: docs/fuzzing.md.
 */
class PipelineFileFuzzTest {
    private static final FuzzContract CONTRACT = new FuzzContract("pipeline loader", List.of(ModelFileException.class));
    /** The entries of a valid network pipeline's file other than its pipeline.json, for the manifest mode. */
    private static final Map<String, byte[]> BLOBS = entries(bytes(network()), false);
    private static final Path FILE = scratchFile();

    @AfterAll
    static void report() {
        System.out.println(CONTRACT.summary());
    }

    @FuzzTest(maxDuration = "10s")   // the build sets fathom.fuzz.duration; this is for a run from an IDE
    void loadsOrRefuses(byte[] input) {
        CONTRACT.check(input, () -> {
            byte[] file = ZipEntries.fileOrManifest(input, PipelineFile.MANIFEST, BLOBS);
            Files.write(FILE, file);
            Pipeline p = Pipeline.load(FILE);
            p.toString();
        });
    }

    /** A network classifier behind an imputer, a scaler and a one-hot encoder, on numbers, booleans and categories. */
    static Pipeline network() {
        return Pipeline.fit(PipelineTableTest.mixed(), "outcome", PipelineTableTest.mixedPreprocessor(),
                new NetworkClassifier(() -> new Sequential(new Dense(4, "relu"), new Dense(2)).seed(2).build(5)
                        .compile(new Adam(0.05), new SparseCategoricalCrossentropy(true)), Fit.epochs(2).batchSize(4).seed(2).silent()));
    }

    static byte[] bytes(Pipeline p) {
        try {
            Path dir = Files.createTempDirectory("fathom-pipeline-seed");
            Path file = dir.resolve("p.zip");
            p.save(file);
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's entries: all but pipeline.json, or pipeline.json alone. */
    private static Map<String, byte[]> entries(byte[] file, boolean manifest) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(PipelineFile.MANIFEST) == manifest) entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("fathom-pipeline-fuzz");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("fuzz.pipeline.zip");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the seed inputs into {@code dir} (the inputs folder under src/test/resources): run it
     * again when the pipeline file format changes, as docs/fuzzing.md says.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        byte[] network = bytes(network());
        Files.write(dir.resolve("network.pipeline.zip"), network);
        Files.write(dir.resolve("logistic.pipeline.zip"), bytes(PipelineTableTest.mixedPipeline()));
        Files.write(dir.resolve("network_manifest.json"), entries(network, true).get(PipelineFile.MANIFEST));
    }
}
