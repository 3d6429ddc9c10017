package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.saving.ModelFileException;
import dev.fathom.saving.ZipReader;
import dev.fathom.testing.ChildJvm;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile model files cost little memory and are refused in one line. The bombs (an entry of 1 GiB
 * of zeros, a few MB on disk) are loaded in a child JVM of 64 MiB heap: inflating one would end in
 * OutOfMemoryError there, so the child printing just the refusal proves the bound.
 */
class ModelFileLimitsTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    /** Loads each file named and prints one line for each: the refusal's message, or "loaded". */
    public static void main(String[] args) {
        for (String file : args) {
            try {
                Model.load(Path.of(file));
                System.out.println("loaded");
            } catch (ModelFileException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    private Path saved() {
        Path p = dir.resolve("model.fathom");
        new Sequential(new Dense(2)).build(3).save(p);
        return p;
    }

    private static long declaredWeightBytes(Path p) {
        Map<?, ?> blobs = (Map<?, ?>) ZipEntries.json(p, "fathom.json").get("blobs");
        return ((Number) ((Map<?, ?>) blobs.get("weights.safetensors")).get("bytes")).longValue();
    }

    private static void assertRefusedInOneLineUnder64MiB(Path p, String expected) {
        ChildJvm.Result r = ChildJvm.run("64m", ModelFileLimitsTest.class, p.toString());
        assertFalse(r.output().contains("OutOfMemoryError"), r.output());
        assertEquals(List.of(expected), r.lines(), r.output());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aSavedFileLoadsInTheSmallHeap() {
        Path p = saved();
        assertEquals(List.of("loaded"), ChildJvm.run("64m", ModelFileLimitsTest.class, p.toString()).lines());
    }

    @Test
    void aZipBombInTheWeightsIsRefusedBeforeItIsInflated() {
        Path p = saved();
        long declared = declaredWeightBytes(p);
        ZipEntries.stream(p, "weights.safetensors", ZipEntries.zeros(GIB));
        assertRefusedInOneLineUnder64MiB(p, "cannot load model file '" + p + "': entry 'weights.safetensors' is " + GIB
                + " bytes by the archive's directory but fathom.json declares " + declared + "; the file is damaged or was edited");
    }

    @Test
    void aZipBombWhoseDirectoryLiesIsRefusedOnceItInflatesPastItsDeclaredSize() {
        Path p = saved();
        long declared = declaredWeightBytes(p);
        ZipEntries.stream(p, "weights.safetensors", ZipEntries.zeros(GIB));
        ZipEntries.declareSize(p, "weights.safetensors", declared);
        assertRefusedInOneLineUnder64MiB(p, "cannot load model file '" + p + "': entry 'weights.safetensors' inflates past the "
                + declared + " bytes fathom.json declares (its directory says " + declared + "); the file is damaged or was edited");
    }

    @Test
    void anUnlistedZipBombIsRefusedByName() {
        Path p = saved();
        ZipEntries.stream(p, "extra.bin", ZipEntries.zeros(GIB));
        assertRefusedInOneLineUnder64MiB(p, "cannot load model file '" + p + "': the archive holds 'extra.bin', which fathom.json"
                + " does not list; the file was edited");
    }

    @Test
    void weightsLargerThanDeclaredAreRefused() {
        Path p = saved();
        long declared = declaredWeightBytes(p);
        ZipEntries.rewrite(p, "weights.safetensors", w -> java.util.Arrays.copyOf(w, w.length + 8));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertEquals("cannot load model file '" + p + "': entry 'weights.safetensors' is " + (declared + 8) + " bytes by the"
                + " archive's directory but fathom.json declares " + declared + "; the file is damaged or was edited", e.getMessage());
    }

    @Test
    void aManifestOverTheCapIsRefused() {
        Path p = saved();
        byte[] json = ZipEntries.entry(p, "fathom.json");
        long size = json.length + (long) ZipReader.MAX_MANIFEST_BYTES;
        // The manifest itself, padded with spaces: still valid JSON, only too large to read.
        InputStream padded = new SequenceInputStream(new ByteArrayInputStream(json),
                ZipEntries.repeated((byte) ' ', ZipReader.MAX_MANIFEST_BYTES));
        ZipEntries.stream(p, "fathom.json", padded);
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertEquals("cannot load model file '" + p + "': entry 'fathom.json' is " + size + " bytes, more than the 16777216"
                + " bytes (16 MiB) a manifest may hold; it is not a manifest Fathom wrote", e.getMessage());
    }
}
