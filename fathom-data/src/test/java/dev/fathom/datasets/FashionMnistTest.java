package dev.fathom.datasets;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.fathom.datasets.IdxFixtures.ubyte;
import static dev.fathom.datasets.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real files from Debian's dataset-fashion-mnist (which CI installs); skipped where they are absent. */
class FashionMnistTest {
    private static final Path DEBIAN = DatasetLocator.SYSTEM_DIR.resolve("fashion-mnist");
    private static ImageDataset data;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isRegularFile(DEBIAN.resolve("train-images-idx3-ubyte.gz")),
                "needs Debian's dataset-fashion-mnist in " + DEBIAN);
        data = FashionMnist.load(DEBIAN);
    }

    @Test
    void hasTheShapesAndTypesOfFashionMnist() {
        assertArrayEquals(new int[] {60000, 28, 28}, data.trainImages().shape());
        assertArrayEquals(new int[] {60000}, data.trainLabels().shape());
        assertArrayEquals(new int[] {10000, 28, 28}, data.testImages().shape());
        assertArrayEquals(new int[] {10000}, data.testLabels().shape());
        assertEquals(DType.FLOAT32, data.trainImages().dtype());
        assertEquals(DType.INT32, data.trainLabels().dtype());
        assertEquals("Fashion-MNIST", data.name());
        assertEquals(10, data.numClasses());
        assertEquals("Ankle boot", data.className(9));
    }

    @Test
    void labelsAreTheKnownOnesAndBalanced() {
        int[] train = data.trainLabels().toIntArray();
        int[] test = data.testLabels().toIntArray();
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train, 10));
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(test, 10));
        int[] expectTrain = new int[10];
        int[] expectTest = new int[10];
        Arrays.fill(expectTrain, 6000);
        Arrays.fill(expectTest, 1000);
        assertArrayEquals(expectTrain, histogram(train));
        assertArrayEquals(expectTest, histogram(test));
    }

    @Test
    void pixelsAreScaledBytes() {
        float[] train = data.trainImages().toFloatArray();
        float[] test = data.testImages().toFloatArray();
        // Sums of the raw bytes (computed with Python from the same files): 3431114169 and 573469082.
        assertEquals(3431114169L, byteSum(train));
        assertEquals(573469082L, byteSum(test));
        assertEquals(228f / 255f, data.trainImages().get(0, 10, 14), 0);
        assertEquals(76247L, byteSum(Arrays.copyOf(train, 784)), "the first image");
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : train) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void loadsThroughTheLocatorFromTheSystemFolder(@TempDir Path empty) {
        DatasetLocator locator = DatasetLocator.defaults().withDataDir(null).withCacheDir(empty)
                .withFetcher(uri -> {
                    throw new IOException("no download expected in this test: " + uri);
                });
        assertEquals(List.of(DEBIAN.resolve("train-images-idx3-ubyte.gz"), DEBIAN.resolve("train-labels-idx1-ubyte.gz"),
                DEBIAN.resolve("t10k-images-idx3-ubyte.gz"), DEBIAN.resolve("t10k-labels-idx1-ubyte.gz")),
                locator.locate(FashionMnist.SPEC));
        ImageDataset small = FashionMnist.load(locator).take(100, 10);
        assertArrayEquals(new int[] {100, 28, 28}, small.trainImages().shape());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, small.testLabels().toIntArray());
    }

    @Test
    void aCorruptLocalFileIsRefusedWithBothChecksums(@TempDir Path fathomData) throws IOException {
        Path folder = fathomData.resolve("fashion-mnist");
        for (String f : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.createDirectories(folder);
            Files.copy(DEBIAN.resolve(f), folder.resolve(f));
        }
        byte[] fake = ubyte(new int[] {1, 28, 28}, new int[784]);
        Path bad = write(folder.resolve("train-images-idx3-ubyte"), fake);
        DatasetLocator locator = DatasetLocator.defaults().withDataDir(fathomData).withCacheDir(fathomData.resolve("c"));
        var e = assertThrows(DatasetException.class, () -> FashionMnist.load(locator));
        String m = e.getMessage();
        assertTrue(m.contains(bad.toString()), m);
        assertTrue(m.contains("is " + IdxFixtures.sha256(fake) + ", expected " + FashionMnist.SPEC.files().get(0).contentSha256()), m);
    }

    private static int[] histogram(int[] labels) {
        int[] h = new int[10];
        for (int y : labels) h[y]++;
        return h;
    }

    /** The sum of the bytes behind values that must each be exactly {@code byte / 255f}. */
    private static long byteSum(float[] scaled) {
        long sum = 0;
        int inexact = 0;
        for (float v : scaled) {
            int b = Math.round(v * 255f);
            if ((float) b / 255f != v) inexact++;
            sum += b;
        }
        assertEquals(0, inexact, "values that are not exactly byte / 255");
        return sum;
    }
}
