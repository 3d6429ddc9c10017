package dev.fathom.datasets;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An image-classification data set split into training and test parts, as the loaders return it.
 *
 * <p>Images are float32 {@code [count, height, width]} scaled to [0, 1]; labels are int32
 * {@code [count]} class indices into {@link #classNames()}.
 *
 * <pre>{@code
 * ImageDataset data = FashionMnist.load();
 * data.trainImages();                    // float32 [60000, 28, 28], values in [0, 1]
 * data.trainLabels();                    // int32 [60000], values 0..9
 * data.className(9);                     // "Ankle boot"
 * ImageDataset small = data.take(1000, 200);   // the first 1000 training and 200 test samples (views)
 * }</pre>
 *
 * @param name        the data set, e.g. {@code "Fashion-MNIST"}
 * @param trainImages float32 {@code [trainCount, ...]}
 * @param trainLabels int32 {@code [trainCount]}
 * @param testImages  float32 {@code [testCount, ...]}
 * @param testLabels  int32 {@code [testCount]}
 * @param classNames  the name of each label value, index = label
 */
public record ImageDataset(String name, Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels,
                           List<String> classNames) {

    /** Checks that images and labels pair up and that labels are int32 vectors. */
    public ImageDataset {
        Objects.requireNonNull(name, "name");
        classNames = List.copyOf(classNames);
        checkPair(name, "train", trainImages, trainLabels);
        checkPair(name, "test", testImages, testLabels);
    }

    /** How many classes there are (10 for MNIST and Fashion-MNIST). */
    public int numClasses() {
        return classNames.size();
    }

    /** The name of class {@code label}, e.g. {@code "Trouser"} for Fashion-MNIST's 1. */
    public String className(int label) {
        if (label < 0 || label >= classNames.size()) {
            throw new IllegalArgumentException("className: label " + label + " is outside 0.." + (classNames.size() - 1)
                    + " (" + name + " has " + classNames.size() + " classes)");
        }
        return classNames.get(label);
    }

    /** The number of training samples. */
    public int trainCount() {
        return trainImages.shape(0);
    }

    /** The number of test samples. */
    public int testCount() {
        return testImages.shape(0);
    }

    /**
     * The first {@code trainCount} training and {@code testCount} test samples. Cheap: the tensors
     * are views of these ones (no copy), so they also keep the full arrays in memory; call
     * {@code contiguousCopy()} on them to let the rest go.
     *
     * @throws IllegalArgumentException when a count is negative or larger than what there is
     */
    public ImageDataset take(int trainCount, int testCount) {
        checkCount("trainCount", trainCount, trainCount());
        checkCount("testCount", testCount, testCount());
        return new ImageDataset(name, trainImages.slice(0, 0, trainCount), trainLabels.slice(0, 0, trainCount),
                testImages.slice(0, 0, testCount), testLabels.slice(0, 0, testCount), classNames);
    }

    /** E.g. {@code Fashion-MNIST: train [60000, 28, 28], test [10000, 28, 28], 10 classes}. */
    @Override
    public String toString() {
        return name + ": train " + Arrays.toString(trainImages.shape()) + ", test " + Arrays.toString(testImages.shape())
                + ", " + classNames.size() + " classes";
    }

    private void checkCount(String what, int count, int available) {
        if (count < 0 || count > available) {
            throw new IllegalArgumentException("take: " + what + " is " + count + ", but " + name + " has " + available
                    + (what.startsWith("train") ? " training" : " test") + " samples; pass 0.." + available);
        }
    }

    private static void checkPair(String name, String part, Tensor images, Tensor labels) {
        Objects.requireNonNull(images, part + "Images");
        Objects.requireNonNull(labels, part + "Labels");
        if (images.rank() < 1 || labels.rank() != 1 || labels.dtype() != DType.INT32
                || images.shape(0) != labels.shape(0)) {
            throw new IllegalArgumentException("ImageDataset " + name + ": " + part + " images "
                    + Arrays.toString(images.shape()) + " and labels " + Arrays.toString(labels.shape()) + " "
                    + labels.dtype() + " do not pair up; labels must be int32 [count] with one label per image");
        }
    }
}
