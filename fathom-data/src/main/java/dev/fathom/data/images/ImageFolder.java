package dev.fathom.data.images;

import dev.fathom.data.Names;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Reads a folder of images with one subfolder per class into an image tensor and class labels,
 * as Keras' {@code image_dataset_from_directory}.
 *
 * <pre>
 * root/cat/001.png     root/dog/a.jpg
 * root/cat/002.bmp     root/dog/more/b.jpeg     (subfolders of a class folder count as that class)
 * </pre>
 *
 * <p>Class names are the folder names sorted by code point (as Python's {@code sorted}), label
 * {@code i} being the {@code i}-th; folders whose names start with a dot (such as
 * {@code .ipynb_checkpoints}) are not classes, and files whose names start with a dot are ignored.
 * Files with the extensions png, jpg, jpeg, bmp or gif (any case) are decoded with
 * {@code javax.imageio}, in parallel; other files are skipped and listed, or fail the load (see
 * {@link ImageOptions#skipOtherFiles}). Images are converted to the colour mode, resized (see
 * {@link Interpolation}; EXIF orientation is not applied, as in Keras), scaled, and laid out in
 * the channel order of the options.
 *
 * <pre>{@code
 * LabeledImages data = ImageFolder.load(Path.of("data/flowers"),
 *         ImageOptions.defaults().size(64, 64));          // float32 [N, 3, 64, 64] in [0, 1]
 * data.labels();                                          // int32 [N]
 * data.classNames();                                      // [daisy, dandelion, roses, ...]
 * Tensor one = ImageFolder.read(Path.of("test.jpg"), ImageOptions.defaults().size(64, 64));  // [1, 3, 64, 64]
 * }</pre>
 */
public final class ImageFolder {
    private ImageFolder() {}

    /** {@link #load(Path, ImageOptions)} with {@link ImageOptions#defaults()}. */
    public static LabeledImages load(Path root) {
        return load(root, ImageOptions.defaults());
    }

    /**
     * Reads every image under {@code root}'s class folders.
     *
     * @throws IllegalArgumentException when {@code root} is not a folder, has no class folders, a
     *     class folder has no images, a requested class has no folder (naming the closest), a file
     *     is not an image and {@code skipOtherFiles} is off, an image is corrupt, or images differ
     *     in size and no {@link ImageOptions#size} is given; each message names the folder or file
     * @throws UncheckedIOException naming the file or folder that could not be read
     */
    public static LabeledImages load(Path root, ImageOptions options) {
        List<String> classes = classes(root, options);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path folder = root.resolve(classes.get(label));
            List<Path> others = new ArrayList<>();
            List<Path> images = new ArrayList<>();
            for (Path f : listFiles(folder)) (ImageDecoder.isImageName(f) ? images : others).add(f);
            if (!others.isEmpty() && !options.skipOtherFiles()) {
                throw new IllegalArgumentException("ImageFolder.load: " + others.getFirst() + " is not an image (images end in "
                        + extensions() + "); remove it, or pass skipOtherFiles(true) to skip such files");
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("ImageFolder.load: class folder " + folder + " has no images (" + extensions()
                        + ")" + (others.isEmpty() ? "; it is empty" : "; it holds " + others.size() + " other files, such as "
                        + others.getFirst().getFileName()) + ". Add images or remove the folder");
            }
            skipped.addAll(others);
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        int n = files.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (options.shuffle()) new Generator(options.seed()).shuffle(order);
        List<Path> orderedFiles = new ArrayList<>(n);
        int[] orderedLabels = new int[n];
        for (int i = 0; i < n; i++) {
            orderedFiles.add(files.get(order[i]));
            orderedLabels[i] = labels.get(order[i]);
        }
        Tensor images = decodeAll("ImageFolder.load", orderedFiles, options);
        return new LabeledImages(images, Tensor.of(orderedLabels, n), classes, orderedFiles, skipped);
    }

    /**
     * Reads one image file as a batch of one, {@code [1, C, H, W]} (or {@code [1, H, W, C]}), the
     * same way {@link #load} reads each image: for {@code model.predict}.
     *
     * @throws IllegalArgumentException naming the file when it is not a readable image
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Tensor read(Path file, ImageOptions options) {
        return decodeAll("ImageFolder.read", List.of(file), options);
    }

    /** The class folder names in label order. */
    private static List<String> classes(Path root, ImageOptions options) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("ImageFolder.load: " + root.toAbsolutePath() + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("ImageFolder.load: " + root + " is a file; give the folder that holds one"
                    + " subfolder per class");
        }
        List<String> folders = new ArrayList<>();
        int loose = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                if (Files.isDirectory(p)) folders.add(name);
                else if (ImageDecoder.isImageName(p)) loose++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder.load: cannot list " + root + ": " + e.getMessage(), e);
        }
        folders.sort(Comparator.naturalOrder());
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("ImageFolder.load: no class folders in " + root + ": expected one subfolder per"
                    + " class, such as " + root.resolve("cat").resolve("001.png") + " and " + root.resolve("dog").resolve("001.png")
                    + (loose > 0 ? "; it holds " + loose + " images directly, which need to be moved into class folders" : ""));
        }
        if (options.classNames() == null) return folders;
        for (String wanted : options.classNames()) {
            if (!folders.contains(wanted)) {
                String near = Names.closest(wanted, folders);
                throw new IllegalArgumentException("ImageFolder.load: no class folder '" + wanted + "' in " + root
                        + (near != null ? "; did you mean '" + near + "'?" : ";") + " The class folders are " + folders);
            }
        }
        return options.classNames();
    }

    /** The regular, non-hidden files under {@code folder}, at any depth, sorted by path. */
    private static List<Path> listFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(folder.relativize(p)))
                    .sorted(Comparator.comparing(p -> folder.relativize(p).toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("ImageFolder.load: cannot list " + folder + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    /**
     * Decodes {@code files} into one float32 tensor, in parallel. Every file is tried; the first
     * failure in file order is thrown, with the count of the others.
     */
    private static Tensor decodeAll(String op, List<Path> files, ImageOptions options) {
        int n = files.size();
        int c = options.colorMode().channels();
        int h = options.height();
        int w = options.width();
        ImageDecoder.Planes first = null;
        if (!options.resizes()) {
            // Without a target size the first image fixes it; the others must match.
            first = ImageDecoder.decode(files.getFirst(), options.colorMode(), 0, 0, options.interpolation());
            h = first.height();
            w = first.width();
        }
        long total = (long) n * c * h * w;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(op + ": %,d images of %d x %d x %d need %,d values, more"
                    + " than one tensor holds (%,d); load smaller images (ImageOptions.size) or fewer classes", n, c, h, w,
                    total, Integer.MAX_VALUE - 8));
        }
        float[] out = new float[(int) total];
        RuntimeException[] failures = new RuntimeException[n];
        int height = h;
        int width = w;
        ImageDecoder.Planes firstPlanes = first;
        AtomicInteger next = new AtomicInteger(firstPlanes != null ? 1 : 0);
        if (firstPlanes != null) place(firstPlanes, 0, out, c, options);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    ImageDecoder.Planes p = ImageDecoder.decode(files.get(i), options.colorMode(), options.height(),
                            options.width(), options.interpolation());
                    if (p.height() != height || p.width() != width) {
                        throw new IllegalArgumentException(op + ": " + files.get(i) + " is " + p.height() + " x "
                                + p.width() + " (height x width) but " + files.getFirst() + " is " + height + " x " + width
                                + "; give a common size with ImageOptions.size(height, width)");
                    }
                    place(p, i, out, c, options);
                } catch (RuntimeException e) {
                    failures[i] = e;
                }
            }
        };
        runOn(op, Math.min(options.threads(), n), worker);
        throwFirst(op, failures);
        return options.channelOrder() == ChannelOrder.NCHW ? Tensor.wrap(out, n, c, h, w) : Tensor.wrap(out, n, h, w, c);
    }

    /** Writes image {@code i}'s planes into the batch, scaled and in the channel order asked for. */
    private static void place(ImageDecoder.Planes p, int i, float[] out, int c, ImageOptions options) {
        int plane = p.height() * p.width();
        int base = i * c * plane;
        // Multiplying by the float nearest 1/255 can differ from v / 255 in the last bit; divide, as torchvision's ToTensor.
        float divisor = options.scaleToUnit() ? 255f : 1f;
        float[] v = p.values();
        if (options.channelOrder() == ChannelOrder.NCHW) {
            for (int k = 0; k < c * plane; k++) out[base + k] = v[k] / divisor;
        } else {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < plane; k++) out[base + k * c + ch] = v[ch * plane + k] / divisor;
            }
        }
    }

    private static void runOn(String op, int threads, Runnable worker) {
        if (threads <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fathom-image-decoder");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) running.add(pool.submit(worker));
            for (Future<?> f : running) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(op + ": interrupted while decoding images", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(op + ": a decoding thread failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void throwFirst(String op, RuntimeException[] failures) {
        RuntimeException firstFailure = null;
        int count = 0;
        for (RuntimeException e : failures) {
            if (e == null) continue;
            if (firstFailure == null) firstFailure = e;
            count++;
        }
        if (firstFailure == null) return;
        String more = count > 1 ? " (" + (count - 1) + " more files failed too)" : "";
        String reason = String.valueOf(firstFailure.getMessage()); // "null" rather than a crash for a bare exception
        String message = reason.startsWith(op) ? reason : op + ": " + reason;
        if (firstFailure instanceof UncheckedIOException io) throw new UncheckedIOException(message + more, io.getCause());
        throw new IllegalArgumentException(message + more, firstFailure);
    }

    private static String extensions() {
        return ImageDecoder.EXTENSIONS.stream().sorted().map(e -> "." + e).toList().toString();
    }
}
