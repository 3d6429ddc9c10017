package dev.fathom.pipeline;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.ChildJvm;
import dev.fathom.testing.HostileFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed corpus of hostile model and pipeline files ({@code src/test/resources/hostile},
 * made by {@link HostileFiles} from the two seeds in {@code hostile-seeds}) is refused whole: one
 * JVM of 64 MiB heap loads every file and prints one line per file, the refusal; no file loads, none
 * ends in an error other than the loaders' one-line {@link ModelFileException}, and the heap's peak
 * stays under 64 MiB.
 */
class HostileFilesTest {
    static final Path CORPUS = Path.of("src/test/resources/hostile");
    static final Path SEEDS = Path.of("src/test/resources/hostile-seeds");
    static final String PEAK = "peak heap bytes: ";

    /**
     * In the child JVM: loads each file of the folders given (the seeds, then the corpus), a model
     * for {@code model-*} and {@code seed-model*}, else a pipeline, and prints
     * {@code <file name>: <the refusal>} or {@code <file name>: loaded}; then the heap's peak.
     */
    public static void main(String[] args) throws IOException {
        for (String folder : args) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".fathom")).sorted().toList()) {
                    String name = f.getFileName().toString();
                    try {
                        if (name.startsWith("model-") || name.startsWith("seed-model")) Model.load(f);
                        else Pipeline.load(f);
                        System.out.println(name + ": loaded");
                    } catch (ModelFileException e) {
                        System.out.println(name + ": " + e.getMessage());
                    } catch (Throwable t) {
                        System.out.println(name + ": CRASH " + t);
                    }
                }
            }
        }
        System.out.println(PEAK + ChildJvm.peakHeapBytes());
    }

    /** Writes the two seeds (a compiled, trained model; an iris pipeline with imputer, scaler and logistic regression). */
    static void writeSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        Model model = new Sequential(new Dense(4, "relu"), new Dense(3)).seed(1).build(4)
                .compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        model.fit(Tensor.of(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, 2, 4), Tensor.of(new int[] {0, 2}, 2), Fit.epochs(1).silent());
        model.save(dir.resolve("seed-model.fathom"));
        TabularDataset iris = Datasets.load("iris");
        Table table = iris.table();
        Preprocessor prep = Preprocessor.builder()
                .numeric(iris.featureNames(), new SimpleImputer(SimpleImputer.Strategy.MEAN), new StandardScaler()).build();
        Pipeline.fit(table, "species", prep, new LogisticRegression()).save(dir.resolve("seed-pipeline.fathom"));
    }

    private static Map<String, byte[]> committed() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".fathom")).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    /**
     * Rewrites the corpus (and, with {@code seeds}, the seeds first) when asked to:
     * {@code ./mvnw -o -q -B verify -pl fathom-ml -am -Dtest=HostileFilesTest -Dsurefire.failIfNoSpecifiedTests=false
     * -Dfathom.hostile=corpus} (or {@code =seeds}).
     */
    @Test
    @EnabledIfSystemProperty(named = "fathom.hostile", matches = "corpus|seeds")
    void regenerate() throws IOException {
        if (System.getProperty("fathom.hostile").equals("seeds")) writeSeeds(SEEDS);
        try (Stream<Path> old = Files.list(CORPUS)) {
            for (Path f : old.filter(f -> f.toString().endsWith(".fathom")).toList()) Files.delete(f);
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(CORPUS);
        }
        HostileFiles.main(new String[] {SEEDS.resolve("seed-model.fathom").toString(), SEEDS.resolve("seed-pipeline.fathom").toString(),
            CORPUS.toString()});
    }

    @Test
    void theCommittedCorpusIsWhatTheGeneratorMakesOfTheSeeds() throws IOException {
        Map<String, byte[]> made = HostileFiles.corpus(Files.readAllBytes(SEEDS.resolve("seed-model.fathom")),
                Files.readAllBytes(SEEDS.resolve("seed-pipeline.fathom")));
        Map<String, byte[]> committed = committed();
        assertEquals(made.keySet(), committed.keySet(), "regenerate with the command in " + CORPUS.resolve("README.md"));
        for (var e : made.entrySet()) assertArrayEquals(e.getValue(), committed.get(e.getKey()), e.getKey());
        long bytes = committed.values().stream().mapToLong(b -> b.length).sum();
        assertTrue(committed.size() >= 200, committed.size() + " files");
        assertTrue(bytes < 3_000_000, bytes + " bytes: keep the corpus small");
    }

    @Test
    void everyHostileFileIsRefusedInOneLineWithin64MiB() throws IOException {
        Map<String, byte[]> corpus = committed();
        ChildJvm.Result r = ChildJvm.run("64m", HostileFilesTest.class, SEEDS.toString(), CORPUS.toString());
        List<String> lines = r.lines();
        // Every refusal, for a person to read: the messages are the point.
        Files.writeString(Path.of("target/hostile-files.txt"), r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(corpus.size() + 3, lines.size(), "one line per file, two seeds and the peak:\n" + r.output());
        assertEquals(List.of("seed-model.fathom: loaded", "seed-pipeline.fathom: loaded"), lines.subList(0, 2), "the seeds load");
        List<String> wrong = new ArrayList<>();
        List<String> names = new ArrayList<>(corpus.keySet());
        for (int i = 0; i < names.size(); i++) {
            String line = lines.get(i + 2);
            String name = names.get(i);
            boolean refused = line.startsWith(name + ": cannot load ") && !line.contains("CRASH");
            if (!refused) wrong.add(line);
        }
        assertEquals(List.of(), wrong, "files not refused in one line");
        String last = lines.getLast();
        assertTrue(last.startsWith(PEAK), last);
        long peak = Long.parseLong(last.substring(PEAK.length()));
        System.out.println("hostile files: " + corpus.size() + " files, " + corpus.values().stream().mapToLong(b -> b.length).sum()
                + " bytes, all refused; peak heap " + peak + " bytes");
        assertTrue(peak < 64L << 20, "peak heap " + peak + " bytes");
    }
}
