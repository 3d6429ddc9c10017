package dev.fathom.data.images;

import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.fathom.data.images.TestImages.grey;
import static dev.fathom.data.images.TestImages.rgb;
import static dev.fathom.data.images.TestImages.text;
import static dev.fathom.data.images.TestImages.value;
import static dev.fathom.data.images.TestImages.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir
    Path root;

    private static final ImageOptions IN_ORDER = ImageOptions.defaults().shuffle(false);

    /** Three classes in three formats; names sort by code point as Python's sorted (upper case first). */
    private void threeClasses() {
        write(rgb(5, 6, 0), "png", root.resolve("b_dogs/1.png"));
        write(rgb(5, 6, 10), "bmp", root.resolve("b_dogs/2.BMP"));
        write(rgb(5, 6, 20), "png", root.resolve("a_cats/x.png"));
        write(flat(5, 6, 0xC86432), "jpg", root.resolve("Zebra/z.jpeg"));
        write(rgb(5, 6, 40), "png", root.resolve("Zebra/deeper/y.png"));
    }

    @Test
    void readsOneFolderPerClassWithSortedClassNames() {
        threeClasses();
        LabeledImages data = ImageFolder.load(root, IN_ORDER);
        assertEquals(List.of("Zebra", "a_cats", "b_dogs"), data.classNames());
        assertArrayEquals(new int[] {5, 3, 5, 6}, data.images().shape(), "NCHW, what Conv2D takes");
        assertEquals(DType.FLOAT32, data.images().dtype());
        assertEquals(DType.INT32, data.labels().dtype());
        assertArrayEquals(new int[] {0, 0, 1, 2, 2}, data.labels().toIntArray());
        assertEquals(List.of("deeper/y.png", "z.jpeg", "x.png", "1.png", "2.BMP"),
                data.files().stream().map(f -> root.resolve(data.classNames().get(0)).getParent().relativize(f))
                        .map(p -> p.subpath(1, p.getNameCount()).toString()).toList());
        assertArrayEquals(new int[] {2, 1, 2}, data.classCounts());
        // PNG and BMP are lossless: each value is the formula's, divided by 255.
        int[] shifts = {40, -1, 20, 0, 10};
        float[] px = data.images().toFloatArray();
        for (int s : new int[] {0, 2, 3, 4}) {  // sample 1 is the JPEG
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 6; x++) {
                        float want = ((value(c, y, x) + shifts[s]) & 0xFF) / 255f;
                        assertEquals(want, px[((s * 3 + c) * 5 + y) * 6 + x], 0f, "sample " + s + " c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
        // JPEG is lossy: a flat colour comes back within a few levels.
        int[] colour = {0xC8, 0x64, 0x32};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) assertEquals(colour[c], px[((3 + c) * 5 + y) * 6 + x] * 255, 4, "JPEG c" + c);
            }
        }
    }

    private static BufferedImage flat(int h, int w, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        return img;
    }

    @Test
    void channelsLastIsThePermutedBatchAndBytesKeepTheirRange() {
        threeClasses();
        LabeledImages first = ImageFolder.load(root, IN_ORDER);
        LabeledImages last = ImageFolder.load(root, IN_ORDER.channelOrder(ChannelOrder.NHWC).scaleToUnit(false));
        assertArrayEquals(new int[] {5, 5, 6, 3}, last.images().shape());
        float[] a = first.images().permute(0, 2, 3, 1).contiguous().toFloatArray();
        float[] b = last.images().toFloatArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i] * 255f, b[i], 1e-4f, "element " + i);
        assertEquals(value(0, 0, 0) + 40f, b[0], 0f, "0..255 kept, not scaled");
    }

    @Test
    void shufflesReproduciblyBySeed() {
        for (int i = 0; i < 12; i++) write(rgb(4, 4, i), "png", root.resolve((i % 2 == 0 ? "even" : "odd") + "/" + i + ".png"));
        LabeledImages a = ImageFolder.load(root);
        LabeledImages b = ImageFolder.load(root);
        LabeledImages other = ImageFolder.load(root, ImageOptions.defaults().seed(5));
        assertEquals(a.files(), b.files(), "same seed, same order");
        assertNotEquals(a.files(), other.files());
        assertNotEquals(ImageFolder.load(root, IN_ORDER).files(), a.files(), "shuffled by default");
        // Labels travel with their images.
        for (int i = 0; i < 12; i++) {
            int n = Integer.parseInt(a.files().get(i).getFileName().toString().replace(".png", ""));
            assertEquals(n % 2, a.labels().toIntArray()[i]);
            assertEquals(((value(0, 0, 0) + n) & 0xFF) / 255f, a.images().get(i, 0, 0, 0), 0f);
        }
        LabeledImages train = a.trainingSubset(0.25);
        LabeledImages val = a.validationSubset(0.25);
        assertEquals(9, train.count());
        assertEquals(3, val.count());
        assertEquals(a.files().subList(9, 12), val.files());
        var bad = assertThrows(IllegalArgumentException.class, () -> a.validationSubset(0.05));
        assertTrue(bad.getMessage().contains("leaves no validation samples"), bad.getMessage());
    }

    @Test
    void convertsColourModes() {
        write(rgb(3, 4, 0), "png", root.resolve("colour/a.png"));
        write(grey(3, 4), "png", root.resolve("grey/b.png"));
        LabeledImages g = ImageFolder.load(root, IN_ORDER.colorMode(ColorMode.GRAYSCALE).scaleToUnit(false));
        assertArrayEquals(new int[] {2, 1, 3, 4}, g.images().shape());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                double luma = 0.299 * value(0, y, x) + 0.587 * value(1, y, x) + 0.114 * value(2, y, x);
                assertEquals(luma, g.images().get(0, 0, y, x), 1e-4, "BT.601 luma");
                assertEquals(value(0, y, x), g.images().get(1, 0, y, x), 0, "grey samples as stored, no gamma change");
            }
        }
        LabeledImages c = ImageFolder.load(root, IN_ORDER.colorMode(ColorMode.RGB).scaleToUnit(false));
        for (int ch = 0; ch < 3; ch++) assertEquals(value(0, 2, 3), c.images().get(1, ch, 2, 3), 0, "grey repeated in R, G, B");
        LabeledImages rgba = ImageFolder.load(root, IN_ORDER.colorMode(ColorMode.RGBA).scaleToUnit(false));
        assertArrayEquals(new int[] {2, 4, 3, 4}, rgba.images().shape());
        assertEquals(255, rgba.images().get(0, 3, 1, 1), 0, "no alpha means opaque");
    }

    @Test
    void readsAlphaAndSixteenBitGrey() throws IOException {
        BufferedImage withAlpha = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        withAlpha.setRGB(1, 0, 0x80102030);
        write(withAlpha, "png", root.resolve("a/alpha.png"));
        BufferedImage deep = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(1, 1, 0, 65535);
        deep.getRaster().setSample(0, 1, 0, 257 * 100);
        write(deep, "png", root.resolve("b/deep.png"));
        LabeledImages d = ImageFolder.load(root, IN_ORDER.colorMode(ColorMode.RGBA).scaleToUnit(false));
        assertArrayEquals(new float[] {0x10, 0x20, 0x30, 0x80},
                new float[] {(float) d.images().get(0, 0, 0, 1), (float) d.images().get(0, 1, 0, 1),
                        (float) d.images().get(0, 2, 0, 1), (float) d.images().get(0, 3, 0, 1)});
        assertEquals(255, d.images().get(1, 0, 1, 1), 1e-4, "16-bit 65535 is 255");
        assertEquals(100, d.images().get(1, 1, 1, 0), 1e-4, "16-bit 25700 is 100");
        assertTrue(Files.exists(root.resolve("b/deep.png")));
    }

    @Test
    void resizesAsPyTorchInterpolate() {
        for (Golden.Case k : Golden.load("/golden/images/images.txt")) {
            if (!k.name().startsWith("resize")) continue;
            int h = (int) k.num("height");
            int w = (int) k.num("width");
            Path dir = root.resolve(k.name());
            write(rgb(h, w, 0), "png", dir.resolve("only/img.png"));
            ImageOptions o = IN_ORDER.size((int) k.num("outHeight"), (int) k.num("outWidth")).scaleToUnit(false)
                    .interpolation(Interpolation.valueOf(k.str("interpolation")));
            float[] got = ImageFolder.load(dir, o).images().toFloatArray();
            double[] want = k.nums("expected");
            assertEquals(want.length, got.length, k.name());
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 2e-4, k.name() + " element " + i);
        }
    }

    @Test
    void skipsHiddenAndListsOtherFiles() {
        threeClasses();
        text(root.resolve("a_cats/notes.txt"), "not an image");
        text(root.resolve("a_cats/.DS_Store"), "junk");
        write(rgb(5, 6, 0), "png", root.resolve(".ipynb_checkpoints/x.png"));
        text(root.resolve("README.md"), "files in the root are not samples");
        LabeledImages data = ImageFolder.load(root, IN_ORDER);
        assertEquals(List.of("Zebra", "a_cats", "b_dogs"), data.classNames(), "a hidden folder is no class");
        assertEquals(List.of(root.resolve("a_cats/notes.txt")), data.skippedFiles());
        assertTrue(data.toString().contains("1 other files skipped"), data.toString());
        var strict = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.load(root, IN_ORDER.skipOtherFiles(false)));
        assertTrue(strict.getMessage().contains("notes.txt is not an image") && strict.getMessage().contains("skipOtherFiles(true)"),
                strict.getMessage());
    }

    @Test
    void takesTheClassesAskedForAndSuggestsTheClosest() {
        threeClasses();
        LabeledImages two = ImageFolder.load(root, IN_ORDER.classNames("b_dogs", "a_cats"));
        assertEquals(List.of("b_dogs", "a_cats"), two.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, two.labels().toIntArray());
        var typo = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, IN_ORDER.classNames("a_cast")));
        assertTrue(typo.getMessage().contains("no class folder 'a_cast'") && typo.getMessage().contains("did you mean 'a_cats'?")
                && typo.getMessage().contains("[Zebra, a_cats, b_dogs]"), typo.getMessage());
    }

    @Test
    void namesTheProblemWithTheFolder() throws IOException {
        var missing = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope does not exist"), missing.getMessage());
        Path file = text(root.resolve("file.txt"), "x");
        var notDir = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(file));
        assertTrue(notDir.getMessage().contains("is a file"), notDir.getMessage());

        write(rgb(2, 2, 0), "png", root.resolve("loose.png"));
        var none = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root));
        assertTrue(none.getMessage().contains("no class folders in " + root) && none.getMessage().contains("one subfolder per class")
                && none.getMessage().contains("holds 1 images directly"), none.getMessage());

        write(rgb(2, 2, 0), "png", root.resolve("full/a.png"));
        Files.createDirectories(root.resolve("empty"));
        var empty = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root));
        assertTrue(empty.getMessage().contains("class folder " + root.resolve("empty") + " has no images")
                && empty.getMessage().contains("it is empty"), empty.getMessage());
        text(root.resolve("empty/readme.txt"), "hi");
        var onlyText = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root));
        assertTrue(onlyText.getMessage().contains("1 other files, such as readme.txt"), onlyText.getMessage());
    }

    @Test
    void namesCorruptAndTruncatedImages() throws IOException {
        write(rgb(8, 8, 0), "png", root.resolve("ok/a.png"));
        Path fake = text(root.resolve("ok/b.png"), "hello, world, not a png");
        var notImage = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, IN_ORDER));
        assertTrue(notImage.getMessage().contains(fake.toString()) && notImage.getMessage().contains("'hello, world'")
                && notImage.getMessage().contains("no decoder recognizes"), notImage.getMessage());
        Files.delete(fake);

        for (String format : new String[] {"png", "jpg"}) {
            Path whole = write(rgb(40, 40, 3), format, root.resolve("whole." + format));
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = root.resolve("ok/cut." + format);
            Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
            Files.delete(whole);
            var truncated = assertThrows(IllegalArgumentException.class,
                    () -> ImageFolder.load(root, IN_ORDER.size(8, 8)), format);
            assertTrue(truncated.getMessage().contains(cut.toString()) && truncated.getMessage().contains("corrupt")
                    && truncated.getMessage().contains("re-save or delete"), truncated.getMessage());
            Files.delete(cut);
        }
    }

    @Test
    void differentSizesNeedATargetSize() {
        write(rgb(4, 4, 0), "png", root.resolve("a/1.png"));
        write(rgb(4, 5, 0), "png", root.resolve("a/2.png"));
        write(rgb(6, 4, 0), "png", root.resolve("b/3.png"));
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, IN_ORDER));
        assertTrue(e.getMessage().contains("2.png is 4 x 5") && e.getMessage().contains("1.png is 4 x 4")
                && e.getMessage().contains("ImageOptions.size(height, width)") && e.getMessage().contains("1 more files failed"),
                e.getMessage());
        assertArrayEquals(new int[] {3, 3, 7, 7}, ImageFolder.load(root, IN_ORDER.size(7, 7)).images().shape());
    }

    @Test
    void decodesInParallelToTheSameResultAsOneThread() {
        for (int i = 0; i < 300; i++) {
            write(rgb(12, 10, i), i % 3 == 0 ? "bmp" : "png", root.resolve("c" + (i % 4) + "/" + i + (i % 3 == 0 ? ".bmp" : ".png")));
        }
        LabeledImages one = ImageFolder.load(root, ImageOptions.defaults().size(8, 8).threads(1));
        LabeledImages many = ImageFolder.load(root, ImageOptions.defaults().size(8, 8).threads(4));
        assertArrayEquals(one.images().toFloatArray(), many.images().toFloatArray());
        assertArrayEquals(one.labels().toIntArray(), many.labels().toIntArray());
        assertEquals(300, many.count());
    }

    @Test
    void readsOneFileAsABatchOfOne() {
        Path f = write(rgb(5, 6, 0), "png", root.resolve("x/a.png"));
        Tensor t = ImageFolder.read(f, ImageOptions.defaults().size(3, 3).colorMode(ColorMode.GRAYSCALE));
        assertArrayEquals(new int[] {1, 1, 3, 3}, t.shape());
        Path junk = text(root.resolve("junk.jpg"), "");
        var empty = assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(junk, ImageOptions.defaults().size(3, 3)));
        assertTrue(empty.getMessage().startsWith("ImageFolder.read: " + junk) && empty.getMessage().contains("the file is empty"),
                empty.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> ImageOptions.defaults().size(0, 3));
        assertTrue(bad.getMessage().contains("must be >= 1"), bad.getMessage());
    }
}
