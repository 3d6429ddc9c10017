package dev.fathom.datasets;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.fathom.datasets.IdxFixtures.gzip;
import static dev.fathom.datasets.IdxFixtures.md5;
import static dev.fathom.datasets.IdxFixtures.sha256;
import static dev.fathom.datasets.IdxFixtures.ubyte;
import static dev.fathom.datasets.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MNIST layout end to end on a tiny made-up data set: 3 training and 2 test images of 2×2 pixels. */
class MnistFormatTest {
    @TempDir
    Path root;

    private static final List<String> CLASSES = List.of("zero", "one", "two");
    private static final String[] NAMES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"};
    private static final byte[][] CONTENT = {
            ubyte(new int[] {3, 2, 2}, 0, 255, 51, 102, 1, 2, 3, 4, 250, 251, 252, 253),
            ubyte(new int[] {3}, 2, 0, 1),
            ubyte(new int[] {2, 2, 2}, 255, 255, 0, 0, 10, 20, 30, 40),
            ubyte(new int[] {2}, 1, 1)};

    private static DatasetSpec spec(byte[][] content) {
        DatasetFile[] files = new DatasetFile[4];
        for (int i = 0; i < 4; i++) files[i] = new DatasetFile(NAMES[i], md5(gzip(content[i])), sha256(content[i]));
        return new DatasetSpec("tiny-mnist", "Tiny MNIST", URI.create("https://example.invalid/tiny/"), List.of(files), "");
    }

    @Test
    void downloadsAndLoadsTensors() {
        Map<String, byte[]> served = new HashMap<>();
        for (int i = 0; i < 4; i++) served.put("/tiny/" + NAMES[i] + ".gz", gzip(CONTENT[i]));
        DatasetLocator locator = DatasetLocator.defaults().withDataDir(null).withSystemDir(null)
                .withCacheDir(root).withProgress(null)
                .withFetcher(uri -> new Fetcher.Response(new ByteArrayInputStream(served.get(uri.getPath())), -1));

        ImageDataset d = MnistFormat.load(spec(CONTENT), CLASSES, locator);
        assertEquals("Tiny MNIST", d.name());
        assertArrayEquals(new int[] {3, 2, 2}, d.trainImages().shape());
        assertEquals(DType.FLOAT32, d.trainImages().dtype());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, d.trainImages().select(0, 0).toFloatArray());
        assertArrayEquals(new int[] {2, 0, 1}, d.trainLabels().toIntArray());
        assertEquals(DType.INT32, d.testLabels().dtype());
        assertArrayEquals(new float[] {1, 1, 0, 0}, d.testImages().select(0, 0).toFloatArray());
        assertEquals("two", d.className(d.trainLabels().toIntArray()[0]));
        assertEquals("Tiny MNIST: train [3, 2, 2], test [2, 2, 2], 3 classes", d.toString());

        ImageDataset head = d.take(2, 1);
        assertArrayEquals(new int[] {2, 2, 2}, head.trainImages().shape());
        assertArrayEquals(new int[] {2, 0}, head.trainLabels().toIntArray());
        assertArrayEquals(new int[] {1}, head.testLabels().toIntArray());
        assertEquals(0, d.take(0, 0).trainCount());
        var tooMany = assertThrows(IllegalArgumentException.class, () -> d.take(4, 1));
        assertTrue(tooMany.getMessage().contains("trainCount is 4, but Tiny MNIST has 3 training samples"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.className(3));
    }

    @Test
    void loadsAFolderOfPlainAndCompressedFiles() {
        write(root.resolve(NAMES[0]), CONTENT[0]);
        write(root.resolve(NAMES[1] + ".gz"), gzip(CONTENT[1]));
        write(root.resolve(NAMES[2]), CONTENT[2]);
        String m = assertThrows(DatasetException.class, () -> MnistFormat.loadFrom(spec(CONTENT), CLASSES, root)).getMessage();
        assertEquals("Tiny MNIST: " + root + " lacks t10k-labels-idx1-ubyte.gz (gzip-compressed or not)", m);
        write(root.resolve(NAMES[3] + ".gz"), gzip(CONTENT[3]));
        assertArrayEquals(new int[] {1, 1}, MnistFormat.loadFrom(spec(CONTENT), CLASSES, root).testLabels().toIntArray());
    }

    @Test
    void aCorruptLocalFileIsRefusedNamingItAndBothChecksums() {
        byte[] changed = CONTENT[2].clone();
        changed[changed.length - 1] = 41;
        for (int i = 0; i < 4; i++) write(root.resolve(NAMES[i]), i == 2 ? changed : CONTENT[i]);
        var e = assertThrows(DatasetException.class, () -> MnistFormat.loadFrom(spec(CONTENT), CLASSES, root));
        assertTrue(e.getMessage().contains(root.resolve(NAMES[2]).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is " + sha256(changed) + ", expected " + sha256(CONTENT[2])), e.getMessage());
    }

    @Test
    void refusesFilesThatDoNotPairUp() {
        byte[][] fewLabels = CONTENT.clone();
        fewLabels[1] = ubyte(new int[] {2}, 0, 1);
        assertTrue(loadError(fewLabels).contains("labels must be unsigned bytes [3], one per image"), loadError(fewLabels));

        byte[][] badLabel = CONTENT.clone();
        badLabel[3] = ubyte(new int[] {2}, 1, 3);
        assertTrue(loadError(badLabel).contains("has label 3 at index 1, but there are only 3 classes (0..2)"),
                loadError(badLabel));

        byte[][] flat = CONTENT.clone();
        flat[0] = ubyte(new int[] {3, 4}, 0, 255, 51, 102, 1, 2, 3, 4, 250, 251, 252, 253);
        assertTrue(loadError(flat).contains("holds unsigned byte [3, 4]; images must be unsigned bytes [count, height, width]"),
                loadError(flat));
    }

    private String loadError(byte[][] content) {
        Path folder = root.resolve("case" + System.nanoTime());
        for (int i = 0; i < 4; i++) write(folder.resolve(NAMES[i]), content[i]);
        return assertThrows(DatasetException.class, () -> MnistFormat.loadFrom(spec(content), CLASSES, folder)).getMessage();
    }

    @Test
    void theRealSpecsAreWellFormed() {
        assertEquals(10, FashionMnist.CLASS_NAMES.size());
        assertEquals("T-shirt/top", FashionMnist.CLASS_NAMES.get(0));
        assertEquals(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"),
                FashionMnist.SPEC.downloadUri(FashionMnist.SPEC.files().get(0)));
        assertEquals(URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz"),
                Mnist.SPEC.downloadUri(Mnist.SPEC.files().get(3)));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Mnist.CLASS_NAMES);
        for (DatasetSpec s : List.of(FashionMnist.SPEC, Mnist.SPEC)) {
            assertEquals(List.of(NAMES), s.files().stream().map(DatasetFile::name).toList(), "the order the loader expects");
        }
    }
}
