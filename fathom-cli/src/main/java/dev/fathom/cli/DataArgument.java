package dev.fathom.cli;

import dev.fathom.data.ColumnType;
import dev.fathom.data.CsvException;
import dev.fathom.data.CsvOptions;
import dev.fathom.data.CsvReader;
import dev.fathom.data.CsvReport;
import dev.fathom.data.Names;
import dev.fathom.data.Table;
import dev.fathom.data.images.ChannelOrder;
import dev.fathom.data.images.ColorMode;
import dev.fathom.data.images.ImageFolder;
import dev.fathom.data.images.ImageOptions;
import dev.fathom.data.images.LabeledImages;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.NonFiniteValue;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.pipeline.PipelineInputException;
import dev.fathom.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The DATA argument of {@code predict}, {@code evaluate} and {@code describe}: a CSV or TSV file
 * (read by {@link CsvReader}, whose errors name the line), the name of a built-in data set
 * ({@link Datasets#load}), or a folder (of images, for image models). An existing file or folder
 * wins over a data set of the same name, so {@code ./iris} always means the file.
 */
final class DataArgument {
    private DataArgument() {}

    /**
     * A table and where it came from.
     *
     * @param table   the rows
     * @param source  the file, or the data set's name, for messages
     * @param report  what the CSV reader skipped and warned about; null for a built-in data set
     * @param dataset the built-in data set; null for a file
     */
    record Loaded(Table table, String source, CsvReport report, TabularDataset dataset) {
        /** The reader's warnings and skipped lines, one line each, for stderr; empty for a built-in data set. */
        List<String> notes() {
            return DataArgument.notes(report);
        }

        /** "read data.csv: ';'-separated, decimal comma, UTF-8" when the file is not plain comma-separated UTF-8; else null. */
        String dialectLine() {
            return DataArgument.dialectLine(report);
        }
    }

    /** A CSV report's skipped lines and warnings, one line each; empty for null. */
    static List<String> notes(CsvReport report) {
        if (report == null) return List.of();
        List<String> notes = new ArrayList<>();
        if (!report.skippedRows().isEmpty()) notes.add(report.summary());
        for (String w : report.warnings()) notes.add(report.source() + ": " + w);
        return notes;
    }

    /**
     * Prints the dialect line (when the file is not plain) to {@code out} and the report's notes to
     * {@code err} as {@code fathom: warning: ...}, one line each, as {@link LogLines} prints the
     * library's other warnings.
     */
    static void say(CsvReport report, java.io.PrintWriter out, java.io.PrintWriter err) {
        if (dialectLine(report) != null) out.println(dialectLine(report));
        out.flush();
        notes(report).forEach(n -> err.println("fathom: warning: " + n));
        err.flush();
    }

    /** What the reader found the file to be, in one line, when it is not plain comma-separated UTF-8; else null. */
    static String dialectLine(CsvReport report) {
        if (report == null || report.dialect() == null || report.dialect().isUsual(report.source())) return null;
        return "read " + report.source() + ": " + report.dialect().describe();
    }

    /** Whether DATA names a folder (of images) rather than a table. */
    static boolean isFolder(String data) {
        return Files.isDirectory(Path.of(data));
    }

    /**
     * Reads DATA as a table with the column types inferred.
     *
     * @throws IllegalArgumentException when DATA is neither a file nor a built-in data set (naming
     *     the closest data set), or is a folder
     * @throws CsvException naming the line of a malformed row
     */
    static Loaded table(String data, CsvOptions options) {
        Path file = Path.of(data);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(data + " is a folder; this command reads a table: give a CSV or TSV file, or the"
                    + " name of a built-in data set " + Datasets.tabularNames());
        }
        if (Files.exists(file) || looksLikePath(data)) {
            CsvReport report = CsvReader.load(file, options);
            return new Loaded(report.table(), data, report, null);
        }
        TabularDataset dataset = dataset(data);
        return new Loaded(dataset.table(), dataset.name(), null, dataset);
    }

    /**
     * Reads DATA as a table whose columns have the types a model expects. The file is read with the
     * types inferred first; when a column the model knows was inferred as another type (zip codes
     * that look like numbers, a number column with a stray word), it is read again with those types
     * declared, so that numbers stay text where the model wants categories, and a word in a numeric
     * column is reported with its line, as {@link CsvReader} does. Columns the model does not know,
     * and columns the file lacks, are left to the model's own check.
     */
    static Loaded tableFor(String data, Map<String, ColumnType> expected, CsvOptions options) {
        Loaded first = table(data, options);
        if (first.report() == null) return first;
        CsvOptions declared = options;
        boolean differs = false;
        for (var column : first.table().columns()) {
            ColumnType want = expected.get(column.name());
            if (want == null) continue;
            declared = declared.type(column.name(), want);
            // Only text against non-text matters: numbers read as categories keep their text ("02134"),
            // and a word in a numeric column is reported with its line. The model converts the rest (0/1 to booleans).
            differs |= (want == ColumnType.CATEGORICAL) != (column.type() == ColumnType.CATEGORICAL);
            // The reader makes a stray word in a column of numbers a missing value (with a warning); new data for a
            // model is held to its types, so such a word is named with its line instead.
            differs |= want == ColumnType.NUMERIC && column.missingCount() > 0;
        }
        return differs ? table(data, declared) : first;
    }

    /**
     * The table the model is given: refused, naming the row and column, when a numeric value is one
     * the model cannot compute with (an infinity, a number beyond float32's range); with
     * {@code asMissing} (the {@code --nonfinite-as-missing} flag) such values are read as missing
     * where the model imputes them, and refused where it does not.
     */
    static Table finite(Pipeline pipeline, Loaded loaded, boolean asMissing) {
        try {
            if (asMissing) return pipeline.nonFiniteAsMissing(loaded.table());
            NonFiniteValue v = pipeline.nonFiniteValue(loaded.table());
            if (v == null) return loaded.table();
            throw new IllegalArgumentException(loaded.source() + ": " + v.describe() + "; fix the value" + (v.imputed()
                    ? ", or add --nonfinite-as-missing to read such values as missing values, which the model imputes in '" + v.column() + "'"
                    : ": the model does not impute '" + v.column() + "', so it cannot be read as missing either"));
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage(), e);
        }
    }

    /** The column types a table pipeline was trained on, by name. */
    static Map<String, ColumnType> types(Pipeline pipeline) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (InputColumn c : pipeline.inputs()) types.put(c.name(), c.type());
        return types;
    }

    /**
     * Checks that the table has every column the model reads.
     *
     * @throws IllegalArgumentException naming the data, the missing columns, the likely renamed ones and the fix
     */
    static void checkColumns(Pipeline pipeline, Loaded loaded) {
        try {
            pipeline.requireColumns(loaded.table());
        } catch (PipelineInputException e) {
            throw new IllegalArgumentException(loaded.source() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Images for an image pipeline and where each came from.
     *
     * @param images        float32 {@code [n, channels, height, width]}, scaled as the model was trained
     * @param names         each image's file, relative to the folder
     * @param folderClasses the class folders' names, label order; empty for a folder of loose images
     * @param folderLabels  each image's class folder (an index into {@code folderClasses}); null for loose images
     * @param notes         files that were skipped, for stderr
     */
    record Images(Tensor images, List<String> names, List<String> folderClasses, int[] folderLabels, List<String> notes) {}

    /**
     * Reads the images of DATA, a folder of class folders (as {@link ImageFolder#load} takes) or of
     * loose images, resized and scaled to what {@code pipeline} was trained on, in file-name order.
     *
     * @throws IllegalArgumentException when DATA is not a folder, or holds no images
     */
    static Images images(String data, Pipeline pipeline) {
        Path root = Path.of(data);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("the model takes images, so DATA must be a folder of images (or of one folder per"
                    + " class), but " + root.toAbsolutePath() + (Files.exists(root) ? " is a file" : " does not exist"));
        }
        int[] shape = pipeline.imageShape();
        ColorMode mode = switch (shape[0]) {
            case 1 -> ColorMode.GRAYSCALE;
            case 3 -> ColorMode.RGB;
            case 4 -> ColorMode.RGBA;
            default -> throw new IllegalArgumentException("the model takes images of " + shape[0] + " channels; images from files"
                    + " have 1 (grey), 3 (RGB) or 4 (RGBA)");
        };
        // Dividing by 255 is what ImageFolder does by default, so the pixels match the training ones bit for bit.
        boolean unit = Math.abs(pipeline.pixelScale() * 255 - 1) < 1e-9;
        ImageOptions options = ImageOptions.defaults().size(shape[1], shape[2]).colorMode(mode).channelOrder(ChannelOrder.NCHW)
                .scaleToUnit(unit).shuffle(false).skipOtherFiles(true);
        List<Path> subfolders;
        List<Path> loose;
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> all = entries.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
            subfolders = all.stream().filter(Files::isDirectory).toList();
            loose = all.stream().filter(f -> Files.isRegularFile(f) && isImageName(f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        Tensor images;
        List<String> names = new ArrayList<>();
        List<String> classes = List.of();
        int[] labels = null;
        List<String> notes = new ArrayList<>();
        if (!subfolders.isEmpty()) {
            LabeledImages read = ImageFolder.load(root, options);
            images = read.images();
            for (Path f : read.files()) names.add(root.relativize(f).toString());
            classes = read.classNames();
            labels = read.labels().toIntArray();
            for (Path f : read.skippedFiles()) notes.add("skipped " + f + ": not an image");
            if (!loose.isEmpty()) notes.add("skipped " + loose.size() + " images directly in " + root + ", outside the class folders");
        } else {
            if (loose.isEmpty()) {
                throw new IllegalArgumentException(root + " holds no images (png, jpg, jpeg, bmp, gif) and no class folders");
            }
            Tensor[] each = new Tensor[loose.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = ImageFolder.read(loose.get(i), options);
                names.add(root.relativize(loose.get(i)).toString());
            }
            images = each.length == 1 ? each[0] : Tensor.concat(0, each);
        }
        if (!unit) images = images.mul(pipeline.pixelScale());
        return new Images(images, names, classes, labels, notes);
    }

    private static boolean isImageName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    /** A name with a folder separator or a file extension is meant as a file, even when it does not exist. */
    private static boolean looksLikePath(String data) {
        return data.contains("/") || data.contains(java.io.File.separator) || data.contains(".");
    }

    private static TabularDataset dataset(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (Datasets.tabularNames().contains(key)) return Datasets.load(key);
        if (Datasets.imageNames().contains(key)) {
            throw new IllegalArgumentException("'" + name + "' is an image data set; give a folder of images instead (one"
                    + " subfolder per class for evaluate)");
        }
        String near = Names.closest(key, Datasets.tabularNames());
        throw new IllegalArgumentException("'" + name + "' is neither a file nor a built-in data set"
                + (near != null ? "; did you mean '" + near + "'?" : ".") + " Give a CSV or TSV file (no file "
                + Path.of(name).toAbsolutePath() + " exists), or one of the built-in data sets " + Datasets.tabularNames());
    }
}
