package dev.fathom.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando Research, MIT License): 70,000 grayscale 28×28 images of clothing in 10
 * classes, 60,000 for training and 10,000 for testing, 6,000 and 1,000 per class.
 *
 * <p>{@link #load()} finds the files as {@link DatasetLocator} says (Debian's
 * {@code dataset-fashion-mnist} package installs them in {@code /usr/share/datasets/fashion-mnist})
 * or downloads them, checks every file's checksum, and returns float32 images scaled to [0, 1]
 * (as PyTorch's {@code x.float() / 255}) and int32 labels.
 *
 * <pre>{@code
 * ImageDataset data = FashionMnist.load();
 * Tensor x = data.trainImages().reshape(60000, 784);   // [60000, 784], in [0, 1]
 * Tensor y = data.trainLabels();                       // [60000], 0..9
 * data.className(y.toIntArray()[0]);                   // "Ankle boot"
 * }</pre>
 */
public final class FashionMnist {
    /** The class of each label value: 0 is "T-shirt/top", ..., 9 is "Ankle boot". */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * The files: MD5s as published in the Fashion-MNIST README; SHA-256s of their decompressed bytes
     * (identical in Debian's re-compressed copies).
     */
    public static final DatasetSpec SPEC = new DatasetSpec("fashion-mnist", "Fashion-MNIST",
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            MnistFormat.files( // downloadMd5, contentSha256 of: train images, train labels, test images, test labels
                    "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "25c81989df183df01b3e8a0aad5dffbe", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "bef4ecab320f06d8554ea6380940ec79", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "bb300cfdad3c16e7a12a480ee83cd310", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            "install Debian's package (apt-get install dataset-fashion-mnist)");

    private FashionMnist() {}

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
