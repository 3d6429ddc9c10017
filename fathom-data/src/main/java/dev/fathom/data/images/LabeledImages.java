package dev.fathom.data.images;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Images with their class labels, as {@link ImageFolder#load} returns them.
 *
 * <p>{@code images} is float32 {@code [N, C, H, W]} or {@code [N, H, W, C]} (see
 * {@link ChannelOrder}); {@code labels} is int32 {@code [N]}, indices into {@code classNames};
 * {@code files} names the file of each sample, in sample order.
 *
 * <pre>{@code
 * LabeledImages data = ImageFolder.load(Path.of("flowers"), ImageOptions.defaults().size(64, 64));
 * LabeledImages train = data.trainingSubset(0.2);        // the first 80 % (shuffled order)
 * LabeledImages val = data.validationSubset(0.2);        // the last 20 %
 * model.fit(train.images(), train.labels(), Fit.epochs(10).validationData(val.images(), val.labels()));
 * }</pre>
 *
 * @param images       float32 image batch
 * @param labels       int32 {@code [N]} class indices
 * @param classNames   the class of each label value (index = label)
 * @param files        the file each sample came from
 * @param skippedFiles files in class folders that were skipped because they are not images
 */
public record LabeledImages(Tensor images, Tensor labels, List<String> classNames, List<Path> files, List<Path> skippedFiles) {

    /** Checks that images, labels and files pair up. */
    public LabeledImages {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        skippedFiles = List.copyOf(skippedFiles);
        if (labels.dtype() != DType.INT32 || labels.rank() != 1) {
            throw new IllegalArgumentException("LabeledImages: labels must be int32 [N], got " + labels.dtype() + " "
                    + java.util.Arrays.toString(labels.shape()));
        }
        if (images.rank() != 4 || images.shape(0) != labels.shape(0) || files.size() != labels.shape(0)) {
            throw new IllegalArgumentException("LabeledImages: images " + java.util.Arrays.toString(images.shape()) + ", labels "
                    + java.util.Arrays.toString(labels.shape()) + " and " + files.size()
                    + " files must agree on the sample count, and images must have rank 4");
        }
    }

    /** The number of samples. */
    public int count() {
        return labels.shape(0);
    }

    /** The number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** How many samples each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels.toIntArray()) counts[label]++;
        return counts;
    }

    /**
     * The training part of a split that keeps the last {@code validationSplit} of the samples for
     * validation, as Keras' {@code subset="training"}: the first {@code N - int(validationSplit * N)}
     * samples (views, no copy). Load with shuffling on (the default) so both parts hold every class.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or leaves a part empty
     */
    public LabeledImages trainingSubset(double validationSplit) {
        int cut = count() - validationCount(validationSplit);
        return slice(0, cut);
    }

    /**
     * The validation part: the last {@code int(validationSplit * N)} samples (views), as Keras'
     * {@code subset="validation"}.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or leaves a part empty
     */
    public LabeledImages validationSubset(double validationSplit) {
        int cut = count() - validationCount(validationSplit);
        return slice(cut, count());
    }

    private int validationCount(double split) {
        if (!(split > 0 && split < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + split);
        }
        int n = (int) (split * count());
        if (n == 0 || n == count()) {
            throw new IllegalArgumentException("validationSplit " + split + " of " + count() + " samples leaves "
                    + (n == 0 ? "no validation" : "no training") + " samples; choose a fraction between "
                    + String.format("%.3g and %.3g", 1.0 / count(), 1 - 1.0 / count()));
        }
        return n;
    }

    private LabeledImages slice(int from, int to) {
        return new LabeledImages(images.slice(0, from, to), labels.slice(0, from, to), classNames, files.subList(from, to),
                skippedFiles);
    }

    /** E.g. {@code 3,670 images float32 [3670, 3, 64, 64], 5 classes [daisy, dandelion, roses, sunflowers, tulips]}. */
    @Override
    public String toString() {
        return String.format("%,d images %s %s, %d classes %s", count(), images.dtype().toString().toLowerCase(),
                java.util.Arrays.toString(images.shape()), numClasses(), classNames)
                + (skippedFiles.isEmpty() ? "" : ", " + skippedFiles.size() + " other files skipped");
    }
}
