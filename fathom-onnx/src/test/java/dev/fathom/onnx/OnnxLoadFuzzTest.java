package dev.fathom.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fathom.models.Functional;
import dev.fathom.saving.ModelFileException;
import dev.fathom.testing.FuzzContract;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the ONNX importer: the input as an ONNX file (mutations of the committed networks in
 * {@code OnnxLoadFuzzTestInputs/loadsOrRefuses/}), parsed and imported into a model that prints its
 * summary, or refused with a {@link ModelFileException} of one line; never another exception, a
 * hang, or memory beyond the fuzzing JVM's 384 MB (declared sizes are checked against bytes, and
 * inputs, folded constants and pads are bounded). How it runs: docs/fuzzing.md.
 */
class OnnxLoadFuzzTest {
    private static final FuzzContract CONTRACT = new FuzzContract("ONNX importer", List.of(ModelFileException.class));
    /** Where external data would be looked for: a folder that holds none. */
    private static final Path FILE = Path.of("target", "fuzz-no-external-data", "model.onnx");

    @AfterAll
    static void report() {
        System.out.println(CONTRACT.summary());
    }

    @FuzzTest(maxDuration = "10s")   // the build sets fathom.fuzz.duration; this is for a run from an IDE
    void loadsOrRefuses(byte[] input) {
        CONTRACT.check(input, () -> {
            Functional model = OnnxImporter.importModel(OnnxFile.parse(input, FILE), FILE);
            model.summary();
        });
    }
}
