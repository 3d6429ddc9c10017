package dev.fathom.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST (Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0): 70,000 grayscale
 * 28×28 images of handwritten digits, 60,000 for training and 10,000 for testing.
 *
 * <p>{@link #load()} finds the files as {@link DatasetLocator} says (e.g. in
 * {@code $FATHOM_DATA/mnist}) or downloads them from the CVDF mirror that TensorFlow uses, checks
 * every file's checksum, and returns float32 images scaled to [0, 1] (as PyTorch's
 * {@code x.float() / 255}) and int32 labels.
 *
 * <pre>{@code
 * ImageDataset data = Mnist.load();
 * Tensor x = data.trainImages();                       // [60000, 28, 28], in [0, 1]
 * Tensor y = data.trainLabels();                       // [60000], 0..9
 * ImageDataset quick = data.take(5000, 1000);          // a prefix for fast experiments
 * }</pre>
 */
public final class Mnist {
    /** The class of each label value: the digits {@code "0"} to {@code "9"}. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * The files: the well-known MD5s of the {@code .gz} files (those torchvision checks), and the
     * SHA-256s of their decompressed bytes.
     */
    public static final DatasetSpec SPEC = new DatasetSpec("mnist", "MNIST",
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            MnistFormat.files( // downloadMd5, contentSha256 of: train images, train labels, test images, test labels
                    "f68b3c2dcbeaaa9fbdd348bbdeb94873", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "d53e105ee54ea40749a09fcbcd1e9432", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "9fb629c4189551a2d022fa330f9573f3", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "ec29112dd5afa0611ce80d1b7f02629c", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            "");

    private Mnist() {}

    /**
     * Finds or downloads the files ({@link DatasetLocator#defaults()}) and loads them.
     *
     * @throws DatasetException when the files cannot be found or fetched, or one is corrupt
     */
    public static ImageDataset load() {
        return load(DatasetLocator.defaults());
    }

    /** Loads the files that {@code locator} finds or downloads. */
    public static ImageDataset load(DatasetLocator locator) {
        return MnistFormat.load(SPEC, CLASS_NAMES, locator);
    }

    /** Loads the four files from {@code folder} (each gzip-compressed or not), never downloading. */
    public static ImageDataset load(Path folder) {
        return MnistFormat.loadFrom(SPEC, CLASS_NAMES, folder);
    }
}
