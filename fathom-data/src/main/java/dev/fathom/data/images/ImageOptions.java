package dev.fathom.data.images;

import java.util.List;
import java.util.Objects;

/**
 * How {@link ImageFolder} reads images: target size, colour mode, channel order, pixel scale,
 * shuffling and the classes to take. Immutable; each setter returns a changed copy.
 *
 * <p>Defaults: keep each image's size (all must then be equal), {@link ColorMode#RGB},
 * {@link ChannelOrder#NCHW}, bilinear resizing, pixels scaled to [0, 1], shuffled with seed 0,
 * every class folder, files that are not images skipped, one decoding thread per core.
 *
 * <pre>{@code
 * ImageOptions o = ImageOptions.defaults()
 *         .size(64, 64)                          // resize every image to 64 x 64 (bilinear)
 *         .colorMode(ColorMode.GRAYSCALE)        // -> 1 channel
 *         .scaleToUnit(false)                    // keep 0..255
 *         .classNames("cat", "dog");             // only these folders, labels 0 and 1
 * }</pre>
 */
public final class ImageOptions {
    private final int height;
    private final int width;
    private final ColorMode colorMode;
    private final ChannelOrder channelOrder;
    private final Interpolation interpolation;
    private final boolean scaleToUnit;
    private final boolean shuffle;
    private final long seed;
    private final List<String> classNames;
    private final boolean skipOtherFiles;
    private final int threads;

    private ImageOptions(int height, int width, ColorMode colorMode, ChannelOrder channelOrder, Interpolation interpolation,
                         boolean scaleToUnit, boolean shuffle, long seed, List<String> classNames, boolean skipOtherFiles,
                         int threads) {
        this.height = height;
        this.width = width;
        this.colorMode = colorMode;
        this.channelOrder = channelOrder;
        this.interpolation = interpolation;
        this.scaleToUnit = scaleToUnit;
        this.shuffle = shuffle;
        this.seed = seed;
        this.classNames = classNames;
        this.skipOtherFiles = skipOtherFiles;
        this.threads = threads;
    }

    /** The defaults listed in the class comment. */
    public static ImageOptions defaults() {
        return new ImageOptions(0, 0, ColorMode.RGB, ChannelOrder.NCHW, Interpolation.BILINEAR, true, true, 0L, null, true,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Resizes every image to {@code height × width} (Keras' {@code image_size}), ignoring its
     * aspect ratio, with {@link #interpolation}.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public ImageOptions size(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("ImageOptions.size: height and width must be >= 1, got " + height + " x " + width);
        }
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, classNames,
                skipOtherFiles, threads);
    }

    /** The channels images are converted to (default RGB). */
    public ImageOptions colorMode(ColorMode mode) {
        return new ImageOptions(height, width, Objects.requireNonNull(mode, "colorMode"), channelOrder, interpolation,
                scaleToUnit, shuffle, seed, classNames, skipOtherFiles, threads);
    }

    /** Where the channel axis goes (default NCHW, what {@code Conv2D} takes). */
    public ImageOptions channelOrder(ChannelOrder order) {
        return new ImageOptions(height, width, colorMode, Objects.requireNonNull(order, "channelOrder"), interpolation,
                scaleToUnit, shuffle, seed, classNames, skipOtherFiles, threads);
    }

    /** How images are resized (default bilinear with half-pixel centres, no antialiasing, as Keras). */
    public ImageOptions interpolation(Interpolation interpolation) {
        return new ImageOptions(height, width, colorMode, channelOrder, Objects.requireNonNull(interpolation, "interpolation"),
                scaleToUnit, shuffle, seed, classNames, skipOtherFiles, threads);
    }

    /** True (default): pixels divided by 255 into [0, 1]; false: kept in 0..255 as Keras does. */
    public ImageOptions scaleToUnit(boolean scale) {
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scale, shuffle, seed, classNames,
                skipOtherFiles, threads);
    }

    /**
     * Whether the samples come back in a seeded random order (default true) or class by class in
     * file-name order. Shuffle when a validation split takes the last samples: in file order that
     * would be the last class alone.
     */
    public ImageOptions shuffle(boolean shuffle) {
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, classNames,
                skipOtherFiles, threads);
    }

    /** The seed of the shuffle (default 0); the same seed gives the same order on every machine. */
    public ImageOptions seed(long seed) {
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, classNames,
                skipOtherFiles, threads);
    }

    /**
     * Takes only these class folders, with these labels (label = position in this list), in place
     * of every folder in sorted order (Keras' {@code class_names}).
     *
     * @throws IllegalArgumentException when the list is empty or names a class twice
     */
    public ImageOptions classNames(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("ImageOptions.classNames: give at least one class name");
        List<String> list = List.of(names);
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("ImageOptions.classNames: a class is named twice in " + list);
        }
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, list,
                skipOtherFiles, threads);
    }

    /**
     * True (default): files in class folders that are not images by their extension are skipped
     * and listed in {@link LabeledImages#skippedFiles()}; false: such a file fails the load.
     */
    public ImageOptions skipOtherFiles(boolean skip) {
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, classNames,
                skip, threads);
    }

    /**
     * How many threads decode images (default: one per core).
     *
     * @throws IllegalArgumentException when not positive
     */
    public ImageOptions threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("ImageOptions.threads: must be >= 1, got " + threads);
        return new ImageOptions(height, width, colorMode, channelOrder, interpolation, scaleToUnit, shuffle, seed, classNames,
                skipOtherFiles, threads);
    }

    /** The target height, or 0 when images keep their size. */
    public int height() { return height; }

    /** The target width, or 0 when images keep their size. */
    public int width() { return width; }

    /** Whether images are resized. */
    public boolean resizes() { return height > 0; }

    /** The colour mode. */
    public ColorMode colorMode() { return colorMode; }

    /** The channel order. */
    public ChannelOrder channelOrder() { return channelOrder; }

    /** The resizing interpolation. */
    public Interpolation interpolation() { return interpolation; }

    /** Whether pixels are scaled to [0, 1]. */
    public boolean scaleToUnit() { return scaleToUnit; }

    /** Whether samples are shuffled. */
    public boolean shuffle() { return shuffle; }

    /** The shuffle seed. */
    public long seed() { return seed; }

    /** The classes to take in label order, or null for every class folder. */
    public List<String> classNames() { return classNames; }

    /** Whether files that are not images are skipped (true) or fail the load (false). */
    public boolean skipOtherFiles() { return skipOtherFiles; }

    /** The number of decoding threads. */
    public int threads() { return threads; }

    @Override
    public String toString() {
        return "ImageOptions[size=" + (resizes() ? height + "x" + width : "as stored") + ", " + colorMode + ", " + channelOrder
                + ", " + interpolation + ", scaleToUnit=" + scaleToUnit + ", shuffle=" + shuffle + ", seed=" + seed
                + (classNames != null ? ", classNames=" + classNames : "") + ", skipOtherFiles=" + skipOtherFiles + "]";
    }
}
