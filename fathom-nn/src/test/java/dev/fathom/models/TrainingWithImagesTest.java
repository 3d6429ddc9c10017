package dev.fathom.models;

import dev.fathom.data.images.ImageOptions;

import dev.fathom.data.images.FillMode;

import dev.fathom.data.images.Augmentation;

import dev.fathom.data.images.ColorMode;

import dev.fathom.data.images.LabeledImages;

import dev.fathom.data.images.ImageFolder;

import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces together: images read from class folders go straight into a Conv2D model (NCHW),
 * and an augmentation makes a fresh, seeded variant of the training set each epoch.
 */
class TrainingWithImagesTest {
    @TempDir
    Path root;

    /** A grey 12 x 12 image with one bright bar, horizontal or vertical, at a random place. */
    private static void writePng(BufferedImage img, Path file) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }

    private static BufferedImage bar(boolean horizontal, Random r) {
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        int at = 2 + r.nextInt(8);
        int from = r.nextInt(3);
        for (int i = from; i < from + 9; i++) {
            img.getRaster().setSample(horizontal ? i : at, horizontal ? at : i, 0, 200 + r.nextInt(56));
        }
        return img;
    }

    @Test
    void aConvNetLearnsFromAugmentedFolderImages() throws java.io.IOException {
        Random r = new Random(4);
        for (int i = 0; i < 24; i++) {
            writePng(bar(true, r), root.resolve("horizontal/" + i + ".png"));
            writePng(bar(false, r), root.resolve("vertical/" + i + ".png"));
        }
        LabeledImages data = ImageFolder.load(root, ImageOptions.defaults().colorMode(ColorMode.GRAYSCALE));
        assertArrayEquals(new int[] {48, 1, 12, 12}, data.images().shape());

        var model = new Sequential(new Conv2D(6, 3, "relu"), new MaxPool2D(2), new Flatten(), new Dense(2)).seed(1);
        model.compile(new Adam(0.02), new SparseCategoricalCrossentropy(true), "accuracy");
        // Shifts and flips keep a bar's direction, so they keep the label.
        Augmentation aug = Augmentation.of(Augmentation.flipHorizontal().andVertical(), Augmentation.shift(0.15)
                .fillMode(FillMode.CONSTANT));
        for (int epoch = 0; epoch < 12; epoch++) {
            Tensor x = aug.apply(data.images(), 1000L + epoch);
            model.fit(x, data.labels(), Fit.epochs(1).batchSize(16).seed(epoch).silent());
        }
        double accuracy = model.evaluate(data.images(), data.labels()).get("accuracy");
        assertTrue(accuracy >= 0.9, "accuracy on the original images " + accuracy);
    }
}
