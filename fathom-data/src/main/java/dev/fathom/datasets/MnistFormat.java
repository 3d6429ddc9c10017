package dev.fathom.datasets;

import dev.fathom.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Loads a data set laid out as MNIST is: four IDX files (training images, training labels, test
 * images, test labels), images unsigned bytes {@code [count, height, width]}, labels unsigned bytes
 * {@code [count]}.
 */
final class MnistFormat {
    /** The four files of the layout, in the order {@link #load(DatasetSpec, List, List)} reads them. */
    private static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFormat() {}

    /**
     * The four {@link DatasetFile}s of an MNIST-like data set, named as MNIST names them, from their
     * checksums: {@code downloadMd5, contentSha256} for each file in the order of {@link #FILE_NAMES}.
     */
    static List<DatasetFile> files(String... md5AndSha256) {
        if (md5AndSha256.length != 2 * FILE_NAMES.size()) {
            throw new IllegalArgumentException("MnistFormat: " + FILE_NAMES.size() + " files need "
                    + 2 * FILE_NAMES.size() + " checksums, got " + md5AndSha256.length);
        }
        List<DatasetFile> files = new ArrayList<>();
        for (int i = 0; i < FILE_NAMES.size(); i++) {
            files.add(new DatasetFile(FILE_NAMES.get(i), md5AndSha256[2 * i], md5AndSha256[2 * i + 1]));
        }
        return List.copyOf(files);
    }

    static ImageDataset load(DatasetSpec spec, List<String> classNames, DatasetLocator locator) {
        return load(spec, classNames, locator.locate(spec));
    }

    /** Loads the spec's files from {@code folder} only (each compressed or not); no download. */
    static ImageDataset loadFrom(DatasetSpec spec, List<String> classNames, Path folder) {
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (DatasetFile f : spec.files()) {
            Path plain = folder.resolve(f.name());
            Path gz = folder.resolve(f.downloadName());
            if (Files.isRegularFile(plain)) paths.add(plain);
            else if (Files.isRegularFile(gz)) paths.add(gz);
            else missing.add(f.downloadName());
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(spec.title() + ": " + folder + " lacks " + String.join(", ", missing)
                    + " (gzip-compressed or not)" + (Files.isDirectory(folder) ? "" : "; the folder does not exist"));
        }
        return load(spec, classNames, paths);
    }

    /** {@code paths} in the spec's order: train images, train labels, test images, test labels. */
    static ImageDataset load(DatasetSpec spec, List<String> classNames, List<Path> paths) {
        if (spec.files().size() != 4 || paths.size() != 4) {
            throw new IllegalArgumentException(spec.title() + ": an MNIST-like data set has 4 files, got "
                    + spec.files().size() + " in the spec and " + paths.size() + " paths");
        }
        // The test part loads on a second thread while this one loads the (six times larger) training part.
        FutureTask<Tensor[]> test = new FutureTask<>(() -> pair(spec, classNames,
                Idx.read(paths.get(2), spec.files().get(2).contentSha256()),
                Idx.read(paths.get(3), spec.files().get(3).contentSha256())));
        Thread.ofPlatform().daemon().name("fathom-load-" + spec.name()).start(test);
        Tensor[] pair0;
        try {
            pair0 = pair(spec, classNames,
                    Idx.read(paths.get(0), spec.files().get(0).contentSha256()),
                    Idx.read(paths.get(1), spec.files().get(1).contentSha256()));
        } catch (RuntimeException | Error e) {
            test.cancel(true);
            throw e;
        }
        Tensor[] pair1 = join(test);
        return new ImageDataset(spec.title(), pair0[0], pair0[1], pair1[0], pair1[1], classNames);
    }

    private static Tensor[] join(FutureTask<Tensor[]> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new DatasetException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while loading", e);
        }
    }

    private static Tensor[] pair(DatasetSpec spec, List<String> classNames, IdxArray images, IdxArray labels) {
        int[] is = images.shape();
        int[] ls = labels.shape();
        if (images.type() != IdxType.UBYTE || is.length != 3) {
            throw new DatasetException(spec.title() + ": " + images.source() + " holds " + images.type().description()
                    + " " + Arrays.toString(is) + "; images must be unsigned bytes [count, height, width]");
        }
        if (labels.type() != IdxType.UBYTE || ls.length != 1 || ls[0] != is[0]) {
            throw new DatasetException(spec.title() + ": " + labels.source() + " holds " + labels.type().description()
                    + " " + Arrays.toString(ls) + "; labels must be unsigned bytes [" + is[0] + "], one per image of "
                    + images.source());
        }
        int[] y = labels.toIntArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classNames.size()) {
                throw new DatasetException(spec.title() + ": " + labels.source() + " has label " + y[i] + " at index " + i
                        + ", but there are only " + classNames.size() + " classes (0.." + (classNames.size() - 1) + ")");
            }
        }
        // The float array is ours alone: wrap it rather than copy 188 MB (Fashion-MNIST's training images).
        return new Tensor[] {Tensor.wrap(images.toFloatArray(255f), is), Tensor.of(y, ls)};
    }
}
